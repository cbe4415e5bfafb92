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
        cmd.getSubcommands().values().forEach(sub -> hideUnusedRootOptions(sub, sub.getCommandName()));
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // A monitoring plugin must answer UNKNOWN (3), not 2 (CRITICAL to a monitor), to a bad command line.
        cmd.setParameterExceptionHandler(ConfCommandLine::badCommandLine);
        return cmd;
    }

    /** The root options that choose the credentials and the API. */
    private static final Set<String> TARGET = Set.of("--base-url", "--account", "--profile", "--token-url",
            "--no-token-cache");
    /** The root options of every command that sends a request. */
    private static final Set<String> API = union(TARGET, Set.of("--connect-timeout", "--read-timeout", "--attempts",
            "--verbose"));
    private static final Set<String> OUTPUT = Set.of("--output", "--select");

    /** The root options a command reads (named as on the command line: "auth status"); it ignores the others. */
    static Set<String> rootOptionsUsedBy(String command) {
        return switch (command) {
            case "get", "list", "member", "recordings" -> union(API, OUTPUT);
            case "watch", "listen" -> union(API, Set.of("--output"));
            // no --verbose: its log would be written over the screen
            case "top" -> union(TARGET, Set.of("--connect-timeout", "--read-timeout", "--attempts"));
            case "check", "end", "redirect", "bxml", "download" -> API;
            case "auth status" -> union(TARGET, Set.of("--output"));
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
    private static void hideUnusedRootOptions(CommandLine command, String name) {
        command.getSubcommands().values().forEach(sub -> hideUnusedRootOptions(sub, name + " " + sub.getCommandName()));
        Set<String> used = rootOptionsUsedBy(name);
        CommandSpec spec = command.getCommandSpec();
        for (OptionSpec o : List.copyOf(spec.options())) {
            if (o.inherited() && !o.hidden() && !used.contains(o.longestName())) {
                spec.remove(o);
                // LOCAL: added to a command group (auth), an inherited option would be copied into its subcommands
                // again, which hold theirs already
                spec.addOption(o.toBuilder().hidden(true).scopeType(CommandLine.ScopeType.LOCAL).build());
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
