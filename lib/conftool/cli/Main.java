package conftool.cli;

/**
 * conf's entry point. A class of its own because the Java launcher reads every method signature of the main class,
 * and {@link ConfCommand}'s name picocli's types: loading those costs a plain {@code conf get}, which
 * {@link QuickGet} runs without picocli, a good part of its start-up.
 */
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (JbangArchive.writing()) {
            JbangArchive.train();
        }
        Integer quick = QuickGet.run(args, System.getenv(), QuickGet.stdout(), QuickGet.stderr());
        int code = quick != null ? quick : withPicocli(args);
        System.out.flush();
        System.exit(code);
    }

    private static int withPicocli(String[] args) {
        return ConfCommand.commandLine(System.getenv(), args).execute(args);
    }
}
