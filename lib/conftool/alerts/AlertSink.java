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

    /**
     * As {@link #flush()}, waiting at most {@code patience}: after Ctrl-C or SIGTERM a command must end within
     * seconds, even when a receiver hangs. What is still undelivered then is reported, not waited for.
     */
    default void flush(java.time.Duration patience) {
        flush();
    }

    /** Stops what the sink runs on its own (a delivery thread); called once, after {@link #flush}, at the end. */
    default void close() {
    }
}
