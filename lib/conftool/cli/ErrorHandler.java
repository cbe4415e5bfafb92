package conftool.cli;

import conftool.client.ApiException;
import conftool.client.ConfException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place that turns a failure into an exit code and a red line on stderr. Stack traces only with --verbose. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        int code = exitCode(e);
        String message = e instanceof ConfException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        cmd.getErr().println(cmd.getColorScheme().errorText("conf: " + message));
        if (code == ExitCode.UNEXPECTED || verbose(parsed)) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ApiException.Unauthenticated || e instanceof ApiException.Forbidden
                || e instanceof ConfException.MissingCredentials) {
            return ExitCode.AUTH;
        }
        if (e instanceof ApiException.NotFound) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof ApiException.RateLimited) {
            return ExitCode.RATE_LIMITED;
        }
        if (e instanceof ApiException.ServerError || e instanceof ConfException.NetworkFailure
                || e instanceof ConfException.UnreadableAnswer) {
            return ExitCode.UNAVAILABLE;
        }
        if (e instanceof ApiException.Rejected) {
            return ExitCode.REJECTED;
        }
        if (e instanceof conftool.hooks.HookFailure) {
            return ExitCode.HOOK_FAILED;
        }
        if (e instanceof ConfException.InvalidInput) {
            return ExitCode.USAGE;
        }
        return ExitCode.UNEXPECTED;
    }

    private static boolean verbose(ParseResult parsed) {
        ParseResult root = parsed;
        while (root.commandSpec().parent() != null) {
            root = root.commandSpec().parent().commandLine().getParseResult();
        }
        return root.hasMatchedOption("--verbose") || parsed.hasMatchedOption("--verbose");
    }
}
