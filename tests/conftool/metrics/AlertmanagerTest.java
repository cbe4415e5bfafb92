package conftool.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf watch --alertmanager} against a real Alertmanager (Debian's 0.25): a hook's alert becomes active there
 * with conf's labels and the hook's, resolves there when the condition clears, and reaches an Alertmanager that was
 * down when it fired, without holding up the watch.
 */
class AlertmanagerTest {

    private static final String HOOK = "scripts/held-for-ops.js";

    @TempDir
    static Path dir;
    private static Monitoring monitoring;
    private static String alertmanager;

    @BeforeAll
    static void start() throws Exception {
        Monitoring.need("prometheus-alertmanager", "prometheus-alertmanager");
        monitoring = new Monitoring(dir);
        alertmanager = monitoring.alertmanager(Monitoring.freePort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitoring != null) {
            monitoring.close();
        }
    }

    /** conf watch of one conference with the example hook, re-sending every second; once it has seen it. */
    private static Process watch(String name, String conference, String toAlertmanager, String... more)
            throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("watch", conference, "--interval", "200ms",
                "--hook", HOOK, "--alertmanager", toAlertmanager, "--alertmanager-resend", "1s"));
        args.addAll(List.of(more));
        Process p = monitoring.conf(name, args);
        printed(name, "conferenceSeen");
        return p;
    }

    private static void printed(String name, String eventType) throws Exception {
        Path out = monitoring.file(name + ".out");
        Monitoring.until("the " + eventType + " event of " + name, () -> Files.exists(out)
                && Files.readString(out).contains("\"type\":\"" + eventType + "\"") ? "printed" : null);
    }

    @Test
    void aHookAlertIsActiveInAlertmanagerWithItsLabelsAndResolvesThere() throws Exception {
        String id = monitoring.t.sim.world().createConference("ops-bridge", null, null, false);
        String held = monitoring.t.sim.world().join(id, "+19195550131");
        monitoring.t.sim.world().join(id, "+19195550132");
        watch("fires", id, alertmanager, "--metrics-port", "0");
        String metrics = monitoring.metricsUrl("fires");
        Instant before = Instant.now().minusSeconds(1);
        monitoring.t.sim.world().setHold(id, held, true);

        JsonNode a = monitoring.alertWhere(alertmanager, x -> held.equals(x.path("labels").path("call_id").asText()));
        JsonNode labels = a.path("labels");
        assertEquals("held-for-ops", labels.path("alertname").asText(), a.toString());
        assertEquals("warning", labels.path("severity").asText(), a.toString());
        assertEquals(id, labels.path("conference_id").asText(), a.toString());
        assertEquals("ops-bridge", labels.path("conference_name").asText(), a.toString());
        assertEquals("voice-ops", labels.path("team").asText(), a.toString());
        assertEquals("conferencing", labels.path("service").asText(), a.toString());
        assertEquals(7, labels.size(), "no label but these: " + labels);
        assertEquals(held + " is on hold in ops-bridge (1 of 2 held)", a.path("annotations").path("summary").asText());
        assertTrue(Instant.parse(a.path("startsAt").asText()).isAfter(before), a.toString());
        assertTrue(a.path("generatorURL").asText().endsWith("/accounts/" + TestSimulator.ACCOUNT + "/conferences/"
                + id), a.toString());
        assertEquals("voice-ops", a.path("receivers").get(0).path("name").asText(), "routed by the hook's team label");

        // re-sent every second while it lasts: Alertmanager keeps it active, one alert, not one per send
        Thread.sleep(2500);
        assertEquals(1, count(held), monitoring.alerts(alertmanager).toString());
        String firing = "conf_alerts_firing{level=\"warning\"} ";
        assertTrue(monitoring.get(metrics).body().contains(firing + "1.0"), "conf counts the condition firing");

        monitoring.t.sim.world().setHold(id, held, false);
        Monitoring.until("the alert to resolve in Alertmanager", () -> count(held) == 0 ? "resolved" : null);
        Monitoring.until("conf to count no condition firing", () -> monitoring.get(metrics).body()
                .contains(firing + "0.0") ? "none" : null);
    }

    @Test
    void aRestartedWatchKeepsSendingTheSameAlertAndResolvesIt() throws Exception {
        String id = monitoring.t.sim.world().createConference("restart-bridge", null, null, false);
        String held = monitoring.t.sim.world().join(id, "+19195550161");
        String state = monitoring.file("restart-state.json").toString();
        Process first = watch("before", id, alertmanager, "--state-file", state);
        monitoring.t.sim.world().setHold(id, held, true);
        JsonNode fired = monitoring.alertWhere(alertmanager, x -> held.equals(x.path("labels").path("call_id")
                .asText()));
        Monitoring.stopsOnSigterm(first);

        // the firing condition comes back from the state file and is re-sent, not fired again, with the same labels
        monitoring.conf("after", List.of("watch", id, "--interval", "200ms", "--hook", HOOK, "--alertmanager",
                alertmanager, "--alertmanager-resend", "1s", "--state-file", state));
        Thread.sleep(3000);
        assertEquals(1, count(held), monitoring.alerts(alertmanager).toString());
        JsonNode now = monitoring.alertWhere(alertmanager, x -> held.equals(x.path("labels").path("call_id")
                .asText()));
        assertEquals(fired.path("labels"), now.path("labels"));
        assertEquals(fired.path("startsAt").asText(), now.path("startsAt").asText());

        monitoring.t.sim.world().setHold(id, held, false);
        Monitoring.until("the alert to resolve in Alertmanager", () -> count(held) == 0 ? "resolved" : null);
    }

    @Test
    void theAlertOfAConferenceGoneFromTheApiResolvesInAlertmanager() throws Exception {
        String id = monitoring.t.sim.world().createConference("gone-bridge", null, null, false);
        String held = monitoring.t.sim.world().join(id, "+19195550151");
        watch("gone", id, alertmanager);
        monitoring.t.sim.world().setHold(id, held, true);
        monitoring.alertWhere(alertmanager, x -> held.equals(x.path("labels").path("call_id").asText()));
        monitoring.t.sim.faults().add(conftool.sim.Fault.status(404).on("GET", id).times(1_000_000));
        printed("gone", "conferenceGone");
        Monitoring.until("the alert to resolve in Alertmanager", () -> count(held) == 0 ? "resolved" : null);
    }

    @Test
    void anAlertmanagerDownHoldsNothingUpAndGetsTheAlertOnceItIsUp() throws Exception {
        int port = Monitoring.freePort();
        String later = "http://127.0.0.1:" + port;
        String id = monitoring.t.sim.world().createConference("late-bridge", null, null, false);
        String held = monitoring.t.sim.world().join(id, "+19195550141");
        String other = monitoring.t.sim.world().join(id, "+19195550142");
        Process watch = watch("down", id, later);
        monitoring.t.sim.world().setHold(id, held, true);
        printed("down", "held");
        // the watch goes on while every delivery fails: the next change is printed too
        monitoring.t.sim.world().setMute(id, other, true);
        printed("down", "muted");
        Monitoring.until("a failed delivery warning", () -> Files.readString(monitoring.file("down.err"))
                .contains("Alertmanager") ? "warned" : null);

        String up = monitoring.alertmanager(port);
        JsonNode a = monitoring.alertWhere(up, x -> held.equals(x.path("labels").path("call_id").asText()));
        assertEquals("late-bridge", a.path("labels").path("conference_name").asText(), a.toString());
        Monitoring.stopsOnSigterm(watch);
    }

    private static int count(String callId) throws Exception {
        int n = 0;
        for (JsonNode a : monitoring.alerts(alertmanager)) {
            n += callId.equals(a.path("labels").path("call_id").asText()) ? 1 : 0;
        }
        return n;
    }
}
