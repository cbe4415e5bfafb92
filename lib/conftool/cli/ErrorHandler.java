package conftool.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place that turns a failure into an exit code and a red line on stderr. Stack traces only with --verbose. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        return Failures.report(e, cmd.getErr(), verbose(parsed), s -> cmd.getColorScheme().errorText(s).toString());
    }

    /** Red as picocli's default colour scheme shows errors: only where it would use colour. */
    static String red(String text) {
        return CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.AUTO).errorText(text).toString();
    }

    private static boolean verbose(ParseResult parsed) {
        ParseResult root = parsed;
        while (root.commandSpec().parent() != null) {
            root = root.commandSpec().parent().commandLine().getParseResult();
        }
        return root.hasMatchedOption("--verbose") || parsed.hasMatchedOption("--verbose");
    }
}
