package conftool.alerts;

import conftool.model.Alert;

/**
 * Where alerts go. The default writes them to stderr; other sinks (webhooks, commands) implement this too.
 * Implementations must not throw for a failed delivery: a sink reports its own trouble and the run goes on.
 */
public interface AlertSink {

    void send(Alert alert);

    /** Delivers whatever is still pending; called before the process exits. */
    default void flush() {
    }

    /** Stops what the sink runs on its own (a delivery thread); called once, after {@link #flush}, at the end. */
    default void close() {
    }
}
