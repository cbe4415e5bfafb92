package conftool.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

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
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // A monitoring plugin must answer UNKNOWN (3), not 2 (CRITICAL to a monitor), to a bad command line.
        cmd.setParameterExceptionHandler(ConfCommandLine::badCommandLine);
        return cmd;
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
