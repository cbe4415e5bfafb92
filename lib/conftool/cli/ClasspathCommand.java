package conftool.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Names the jars conf runs from, so another JVM can load conf as a library: a Jupyter notebook's first cell hands
 * them to JJava's {@code %classpath}, which takes entries one by one, not a colon-joined path.
 */
@Command(name = "classpath", mixinStandardHelpOptions = true,
        description = {"Print the jars conf runs from, one per line, for a notebook or another JVM.", "",
                "A JJava notebook loads conf with: lineMagic(\"classpath\", jars). See notebooks/README.md."})
final class ClasspathCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Option(names = "--joined", description = "One line joined with the path separator, for java -cp.")
    boolean joined;

    @Override
    public Integer call() {
        List<String> entries = entries();
        if (entries.isEmpty()) {
            throw new conftool.client.ConfException("conf cannot tell its classpath (java.class.path is empty);"
                    + " run it through jbang: ./jbang conf.java classpath");
        }
        if (joined) {
            conf.out().println(String.join(File.pathSeparator, entries));
        } else {
            entries.forEach(conf.out()::println);
        }
        return ExitCode.OK;
    }

    static List<String> entries() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .filter(Files::exists)
                .map(Path::toString)
                .toList();
    }
}
