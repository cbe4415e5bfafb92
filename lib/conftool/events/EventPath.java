package conftool.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.alerts.AlertEngine;
import conftool.client.ApiJson;
import conftool.hooks.HookFailure;
import conftool.hooks.HookSession;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way every event goes, whatever found it (a poll of watch, a webhook of listen, a notebook's watch):
 * {@code filter} → print → {@code onEvent} → {@code alert} → sinks. A source calls {@link #accept} per event and
 * {@link #conference} per conference it saw whole; listen, which journals each step, calls {@link #keeps},
 * {@link #print} and {@link #react} one by one.
 *
 * <p>Hook failures: with {@code --on-hook-error skip} each is reported on {@code err} as a warning, counted
 * ({@link #hookFailures}), and the event goes on (a failing filter keeps its member); with {@code fail} the
 * {@link HookFailure} is thrown to the source, which stops.
 */
public final class EventPath {

    private final HookSession hooks;
    private final Consumer<Event> out;
    private final AlertEngine alerts;
    private final PrintWriter err;
    private final List<HookFailure> failures = new ArrayList<>();
    private int failed;

    /**
     * @param hooks  the hooks, or null for none
     * @param out    where kept events are printed (or collected)
     * @param alerts the alert engine, which sends to the sinks
     * @param err    where skipped hook failures are reported
     */
    public EventPath(HookSession hooks, Consumer<Event> out, AlertEngine alerts, PrintWriter err) {
        this.hooks = hooks;
        this.out = out;
        this.alerts = alerts;
        this.err = err;
    }

    /** The whole path for one event: filter, then (if kept) print and onEvent. */
    public void accept(Event e, String conferenceJson) {
        if (keeps(e, conferenceJson)) {
            print(e);
            react(e);
        }
    }

    /**
     * Whether the hooks' {@code filter} keeps the member this event is about, as part of {@code conferenceJson}
     * (for {@code memberLeft}, the member as last seen). Events about no member, or without a conference to show
     * the filter, are kept.
     */
    public boolean keeps(Event e, String conferenceJson) {
        if (hooks == null || conferenceJson == null || e.callId() == null || !hooks.filters()) {
            return true;
        }
        return keepsMember(e.member() != null ? e.member() : e.previous(), conferenceJson);
    }

    /** Whether the hooks' {@code filter} keeps this member of {@code conferenceJson} (a screen of members asks). */
    public boolean keepsMember(ConferenceMember m, String conferenceJson) {
        if (hooks == null || !hooks.filters()) {
            return true;
        }
        try {
            return hooks.keeps(json(m), conferenceJson, m.callId(), failures);
        } finally {
            report();
        }
    }

    /** Prints a kept event. */
    public void print(Event e) {
        out.accept(e);
    }

    /** Runs the hooks' {@code onEvent}; what it raises is about this one event, and is sent at once. */
    public void react(Event e) {
        if (hooks == null || !hooks.handlesEvents()) {
            return;
        }
        List<Alert> raised;
        try {
            raised = hooks.onEvent(e.conferenceId(), json(e), e.callId(), e.time(), failures);
        } finally {
            report();
        }
        raised.forEach(alerts::immediate);
    }

    /** Runs the hooks' {@code alert(conference)}: conditions the alert engine fires, keeps quiet or resolves. */
    public void conference(Conference c, String conferenceJson, Instant now) {
        if (hooks == null) {
            return;
        }
        List<Alert> raised;
        try {
            raised = hooks.alerts(c, conferenceJson, now, failures);
        } finally {
            report();
        }
        alerts.evaluate(c.id(), raised, now);
    }

    /**
     * A conference that is gone (404) raises nothing any more: its conditions resolve, rather than stay firing in a
     * receiver that is told of them again and again (Alertmanager).
     */
    public void gone(String conferenceId, Instant now) {
        alerts.evaluate(conferenceId, List.of(), now);
    }

    /** How many hook calls failed and were skipped over. */
    public synchronized int hookFailures() {
        return failed;
    }

    private void report() {
        if (failures.isEmpty()) {
            return;
        }
        synchronized (err) {
            for (HookFailure f : failures) {
                err.println("conf: warning: " + conftool.output.Inert.text(f.getMessage()));
            }
            err.flush();
        }
        synchronized (this) {
            failed += failures.size();
        }
        failures.clear();
    }

    /** An object as the hooks get it: the API's JSON. */
    public static String json(Object o) {
        try {
            return ApiJson.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
