package conftool.cli;

import conftool.client.ApiException;
import conftool.client.ConfException;
import conftool.output.Inert;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;

/** How a failed command ends: which exit code each kind of failure gets, and the line it prints. */
final class Failures {

    private Failures() {
    }

    /** One line on stderr saying what failed (red on a terminal), the stack too when unexpected or verbose. */
    static int report(Exception e, PrintWriter err, boolean verbose, UnaryOperator<String> red) {
        int code = exitCode(e);
        String message = e instanceof ConfException ? e.getMessage() : describe(e);
        // messages quote servers and hooks: shown, never obeyed
        err.println(red.apply("conf: " + Inert.text(message)));
        if (code == ExitCode.UNEXPECTED || verbose) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(l -> err.println(l.startsWith("\t") ? "\t" + Inert.text(l.substring(1))
                    : Inert.text(l)));
        }
        err.flush();
        return code;
    }

    /**
     * An unexpected exception in one prefix: a wrapper whose message is only its cause ({@code RuntimeException:
     * java.lang.IllegalArgumentException: …}) is described by that cause, once.
     */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && String.valueOf(t.getCause()).equals(t.getMessage())) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static int exitCode(Throwable e) {
        if (e instanceof ApiException.Unauthenticated || e instanceof ApiException.Forbidden
                || e instanceof ConfException.MissingCredentials || e instanceof ConfException.CredentialsRefused) {
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
        if (e instanceof ConfException.PortInUse) {
            return ExitCode.PORT_IN_USE;
        }
        if (e instanceof ConfException.InvalidInput) {
            return ExitCode.USAGE;
        }
        return ExitCode.UNEXPECTED;
    }

}
