package conftool.cli;

import conftool.alerts.AlertSink;
import conftool.model.Alert;

/** Remembers whether an alert at or above {@code --fail-on} fired, for the exit code of long-running commands. */
final class FailOnSink implements AlertSink {

    private final Alert.Level threshold;
    private volatile boolean fired;

    /** @param threshold the lowest level that fails the run, or null for none */
    FailOnSink(Alert.Level threshold) {
        this.threshold = threshold;
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
