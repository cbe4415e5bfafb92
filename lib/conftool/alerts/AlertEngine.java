package conftool.alerts;

import conftool.model.Alert;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alerts that behave like a monitoring system's. What {@code alert(conference, ctx)} returns on each poll is a
 * condition: it is pending until it has been returned for its {@code for} duration, then fires once, stays quiet
 * while it keeps being returned (de-duplicated by key, per conference), and sends a resolved notice when a poll no
 * longer returns it. Alerts from {@code onEvent} are about one event and are sent at once.
 *
 * <p>The conditions are read from other threads too ({@link #firing}, for Alertmanager's re-sends and the metrics),
 * hence the lock.
 */
public final class AlertEngine {

    /** A condition being tracked: the alert as last raised, since when, and whether it fired. */
    public record Tracked(Alert alert, Instant since, boolean firing) {
    }

    private final List<AlertSink> sinks;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();

    public AlertEngine(List<AlertSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** Sends an alert about an event, at once. */
    public void immediate(Alert a) {
        send(a);
    }

    /** What one poll of {@code conferenceId} raised: fires, keeps quiet, or resolves accordingly. */
    public synchronized void evaluate(String conferenceId, List<Alert> raised, Instant now) {
        Set<String> seen = new HashSet<>();
        for (Alert a : raised) {
            String id = a.identity();
            if (!seen.add(id)) {
                continue;
            }
            Tracked t = tracked.get(id);
            Instant since = t == null ? now : t.since();
            boolean due = a.pendingFor() == null || !now.isBefore(since.plus(a.pendingFor()));
            boolean firing = t != null && t.firing();
            if (!firing && due) {
                send(a);
                firing = true;
            }
            tracked.put(id, new Tracked(a, since, firing));
        }
        for (Iterator<Map.Entry<String, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Tracked> e = it.next();
            if (e.getKey().startsWith(conferenceId + "|") && !seen.contains(e.getKey())) {
                if (e.getValue().firing()) {
                    send(e.getValue().alert().resolved(now));
                }
                it.remove();
            }
        }
    }

    /** The conditions being tracked, for the state file. */
    public synchronized Map<String, Tracked> tracked() {
        return Map.copyOf(tracked);
    }

    /** Restores the conditions of a state file, under their identity now (a file may hold an older rule's ids). */
    public synchronized void restore(Map<String, Tracked> state) {
        tracked.clear();
        state.values().forEach(t -> tracked.put(t.alert().identity(), t));
    }

    /**
     * The conditions firing now, each as last raised but timed from when it began (for re-sending: Alertmanager
     * forgets an alert it is not told again about). Alerts from {@code onEvent} are not among them.
     */
    public synchronized List<Alert> firing() {
        List<Alert> out = new java.util.ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.firing()) {
                Alert a = t.alert();
                out.add(new Alert(a.level(), a.message(), a.key(), a.callId(), a.labels(), a.hook(), a.conferenceId(),
                        t.since(), a.pendingFor(), Alert.FIRING));
            }
        }
        return out;
    }

    public void flush() {
        sinks.forEach(AlertSink::flush);
    }

    /** Delivers what is pending, then stops the sinks' threads: the command is over. */
    public void close() {
        flush();
        sinks.forEach(AlertSink::close);
    }

    /**
     * As {@link #close()} after Ctrl-C or SIGTERM: each sink gets at most {@code patience} to deliver, so that the
     * command ends within seconds even when an alert receiver hangs; what it could not deliver is reported.
     */
    public void close(java.time.Duration patience) {
        sinks.forEach(s -> s.flush(patience));
        sinks.forEach(AlertSink::close);
    }

    private void send(Alert a) {
        for (AlertSink s : sinks) {
            s.send(a);
        }
    }
}
