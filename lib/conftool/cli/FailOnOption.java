package conftool.cli;

import conftool.client.ConfException;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --fail-on}, for the commands whose exit code an alert can change (get, watch, listen, demo). Not part of
 * {@link HookOptions}: {@code conf check} answers with the alerts' levels themselves and has no use for it.
 */
final class FailOnOption {

    @Option(names = "--fail-on", paramLabel = "warning|critical",
            description = "Exit with 9 when an alert of this level or higher fired.")
    String failOn;

    /** --fail-on as a level: warning or critical, or null when not given. */
    Alert.Level level() {
        if (failOn == null) {
            return null;
        }
        try {
            Alert.Level l = Alert.Level.of(failOn);
            if (l != Alert.Level.INFO) {
                return l;
            }
        } catch (IllegalArgumentException e) {
            // the message below
        }
        throw new ConfException.InvalidInput("--fail-on must be warning or critical, not " + failOn);
    }

    /**
     * Exit code 9 for a run in which an alert reached --fail-on, with the line that says so on {@code err}: the
     * alert itself does not say why the run failed.
     */
    int reached(PrintWriter err) {
        err.println("conf: exit " + ExitCode.ALERT + ": an alert of level "
                + level().name().toLowerCase(Locale.ROOT) + " or higher was raised (--fail-on)");
        err.flush();
        return ExitCode.ALERT;
    }
}
