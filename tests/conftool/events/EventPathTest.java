package conftool.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.alerts.AlertEngine;
import conftool.hooks.HookFailure;
import conftool.hooks.HookSession;
import conftool.hooks.HookSpec;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one event path with real hooks: its order, and what a hook failure does under skip and under fail. */
class EventPathTest {

    private static final String HOOK = """
            export function filter(m, c) { return m.callId !== 'c-dropped'; }
            export function onEvent(e) {
              if (e.member.callId === 'c-throws') throw new Error('onEvent broke');
              return {level: 'info', message: 'event ' + e.type + ' ' + e.member.callId};
            }
            export function alert(c) { return {level: 'warning', message: 'condition of ' + c.id}; }
            """;

    @TempDir
    Path dir;
    private final List<String> steps = new ArrayList<>();
    private final StringWriter err = new StringWriter();
    private HookSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private EventPath path(HookSession.OnError onError) throws Exception {
        Path hook = dir.resolve("rules.js");
        Files.writeString(hook, HOOK);
        HookSession.Settings d = HookSession.Settings.defaults();
        session = HookSession.open(List.of(HookSpec.file(hook)),
                new HookSession.Settings(d.timeout(), null, onError, d.memoryBudgetBytes()), new PrintWriter(err, true));
        return new EventPath(session, e -> steps.add("print " + e.callId()),
                new AlertEngine(List.of(a -> steps.add("alert " + a.message()))), new PrintWriter(err, true));
    }

    private static Event joined(String callId) {
        return new Event("memberJoined", Instant.parse("2026-01-01T00:00:00Z"), "conf-1", "ops",
                new ConferenceMember(callId, "conf-1", null, false, false, null), null, List.of(), null, null);
    }

    private static final Conference CONF = new Conference("conf-1", "ops", null, null, null, null, null, List.of());

    @Test
    void eachEventGoesFilterPrintOnEventThenTheConferenceAlertToTheSinks() throws Exception {
        EventPath p = path(HookSession.OnError.FAIL);
        String c = EventPath.json(CONF);
        p.accept(joined("c-1"), c);
        p.accept(joined("c-dropped"), c);
        p.conference(CONF, c, Instant.parse("2026-01-01T00:00:01Z"));
        assertEquals(List.of("print c-1", "alert event memberJoined c-1", "alert condition of conf-1"), steps);
    }

    @Test
    void withSkipAFailingHookIsReportedAndCountedAndTheEventStillPrints() throws Exception {
        EventPath p = path(HookSession.OnError.SKIP);
        p.accept(joined("c-throws"), EventPath.json(CONF));
        assertEquals(List.of("print c-throws"), steps);
        assertEquals(1, p.hookFailures());
        assertTrue(err.toString().contains("conf: warning: hook") && err.toString().contains("onEvent broke"),
                err.toString());
    }

    @Test
    void withFailTheHookFailureReachesTheSourceAfterThePrint() throws Exception {
        EventPath p = path(HookSession.OnError.FAIL);
        HookFailure f = assertThrows(HookFailure.class, () -> p.accept(joined("c-throws"), EventPath.json(CONF)));
        assertTrue(f.getMessage().contains("onEvent broke"), f.getMessage());
        assertEquals(List.of("print c-throws"), steps);
    }
}
