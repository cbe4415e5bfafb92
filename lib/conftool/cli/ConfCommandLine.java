package conftool.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's command line for conf, with its error handling. Kept apart from {@link ConfCommand}, which the
 * picocli-free {@code get} path also uses: a class that hands picocli one of conf's handlers makes the JVM load
 * picocli's classes when it links that class, which a class-data archive does at start.
 */
final class ConfCommandLine {

    private ConfCommandLine() {
    }

    static CommandLine create(Map<String, String> env, String[] args) {
        CommandLine cmd = new CommandLine(new ConfCommand(env));
        String named = args == null ? null : ConfCommand.subcommandIn(args);
        if (named != null && ConfCommand.SUBCOMMANDS.contains(named) && !named.equals("help")) {
            cmd.addSubcommand(named, ConfCommand.subcommand(named));
        } else {
            ConfCommand.SUBCOMMANDS.forEach(name -> cmd.addSubcommand(name, ConfCommand.subcommand(name)));
        }
        cmd.getSubcommands().values().forEach(ConfCommandLine::hideUnusedRootOptions);
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // A monitoring plugin must answer UNKNOWN (3), not 2 (CRITICAL to a monitor), to a bad command line.
        cmd.setParameterExceptionHandler(ConfCommandLine::badCommandLine);
        return cmd;
    }

    /** The root options that reach the API: every command that sends a request reads them. */
    private static final Set<String> API = Set.of("--base-url", "--account", "--profile", "--connect-timeout",
            "--read-timeout", "--attempts", "--verbose");
    private static final Set<String> OUTPUT = Set.of("--output", "--select");

    /** The root options each command reads; the others it ignores. */
    static Set<String> rootOptionsUsedBy(String command) {
        return switch (command) {
            case "get", "list", "member", "recordings" -> union(API, OUTPUT);
            case "watch", "listen" -> union(API, Set.of("--output"));
            case "check", "end", "redirect", "bxml", "download" -> API;
            case "demo" -> union(OUTPUT, Set.of("--verbose"));
            default -> Set.of();
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Hides from a command's help (usage line and option list) the root options it ignores. picocli copies every
     * inherited option into every command; the copy is rebuilt hidden, still bound to the root's field, so it is
     * still accepted where it has always been, and only the help stops offering what would do nothing.
     */
    private static void hideUnusedRootOptions(CommandLine command) {
        Set<String> used = rootOptionsUsedBy(command.getCommandName());
        CommandSpec spec = command.getCommandSpec();
        for (OptionSpec o : List.copyOf(spec.options())) {
            if (o.inherited() && !o.hidden() && !used.contains(o.longestName())) {
                spec.remove(o);
                spec.addOption(o.toBuilder().hidden(true).build());
            }
        }
    }

    /** One red line saying what was wrong, suggestions for a typo, and where the help is; not the whole usage. */
    private static int badCommandLine(CommandLine.ParameterException ex, String[] args) {
        CommandLine where = ex.getCommandLine();
        if ("check".equals(where.getCommandName())) {
            where.getOut().println("CONF UNKNOWN - " + ex.getMessage().replace('|', '/') + " (conf check --help)");
            where.getOut().flush();
            return CheckCommand.UNKNOWN;
        }
        PrintWriter err = where.getErr();
        err.println(where.getColorScheme().errorText("conf: " + ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See: " + where.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCode.USAGE;
    }
}
