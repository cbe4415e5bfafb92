package conftool.cli;

import conftool.alerts.AlertSink;
import conftool.model.Alert;

/** Remembers whether an alert at or above {@code --fail-on} fired, for the exit code of long-running commands. */
final class FailOnSink implements AlertSink {

    private final Alert.Level threshold;
    private volatile boolean fired;

    /** @param failOn the option's value, or null for no threshold */
    FailOnSink(String failOn) {
        this.threshold = HookRunner.level(failOn);
    }

    @Override
    public void send(Alert alert) {
        if (threshold != null && !alert.isResolved() && alert.severity().compareTo(threshold) >= 0) {
            fired = true;
        }
    }

    boolean fired() {
        return fired;
    }
}
