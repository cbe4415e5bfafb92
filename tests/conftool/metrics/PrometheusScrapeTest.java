package conftool.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import conftool.sim.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf watch --metrics-port} scraped by a real Prometheus (Debian's 2.42) and linted by its promtool, against
 * the simulator, whose world is the truth the gauges are held to.
 */
class PrometheusScrapeTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;

    @TempDir
    static Path dir;
    private static Monitoring monitoring;
    private static String metrics;
    private static String prometheus;

    @BeforeAll
    static void start() throws Exception {
        Monitoring.need("prometheus", "prometheus");
        Monitoring.need("promtool", "prometheus");
        monitoring = new Monitoring(dir);
        monitoring.conf("watch", List.of("watch", "--all", "--interval", "200ms", "--metrics-port", "0"));
        metrics = monitoring.metricsUrl("watch");
        prometheus = monitoring.prometheus(metrics.replaceFirst("^http://", "").replaceFirst("/metrics$", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitoring != null) {
            monitoring.close();
        }
    }

    @Test
    void promtoolFindsNoProblemInEveryMetricConfServes() throws Exception {
        // a poll or two first, so that every series is there
        Monitoring.until("a poll", () -> monitoring.get(metrics).body().contains("conf_polls_total{outcome=\"ok\"} 0.0")
                ? null : "polled");
        String text = monitoring.get(metrics).body();
        for (String name : List.of("conf_conference_members{", "conf_conference_members_muted{",
                "conf_conference_members_held{", "conf_conference_members_coaching{", "conf_alerts_firing{",
                "conf_events_total{", "conf_polls_total{", "conf_hook_failures_total ",
                "conf_poll_duration_seconds_bucket{")) {
            assertTrue(text.contains(name), "no " + name + " in\n" + text);
        }
        String lint = promtool(text);
        assertEquals("", lint, "promtool check metrics");
    }

    /** promtool's complaints (empty when none); a failure when it exits non-zero. */
    static String promtool(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not end");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    @Test
    void prometheusQueryReturnsTheSimulatorsMembersMutedAndHeld() throws Exception {
        String id = monitoring.t.sim.world().createConference("prom-check", null, null, false);
        String a = monitoring.t.sim.world().join(id, "+19195550111");
        monitoring.t.sim.world().join(id, "+19195550112");
        monitoring.t.sim.world().join(id, "+19195550113");
        monitoring.t.sim.world().setMute(id, a, true);
        assertEquals(3, monitoring.t.sim.world().memberIds(id).size());
        waitFor("conf_conference_members{conference_id=\"" + id + "\",conference_name=\"prom-check\"}", 3);
        waitFor("conf_conference_members_muted{conference_id=\"" + id + "\"}", 1);
        waitFor("conf_conference_members_held{conference_id=\"" + id + "\"}", 0);
        waitFor("conf_conference_members{conference_id=\"" + SEED + "\",conference_name=\"myconf\"}",
                monitoring.t.sim.world().memberIds(SEED).size());
        waitFor("conf_conference_members_coaching{conference_id=\"" + SEED + "\"}", 1);

        // a change in the world reaches Prometheus through the next poll and scrape
        monitoring.t.sim.world().join(id, "+19195550114");
        monitoring.t.sim.world().setHold(id, a, true);
        waitFor("conf_conference_members{conference_id=\"" + id + "\"}", monitoring.t.sim.world().memberIds(id).size());
        waitFor("conf_conference_members_held{conference_id=\"" + id + "\"}", 1);
        waitFor("sum(conf_polls_total{outcome=\"ok\"}) > 0", null);
        waitFor("conf_poll_duration_seconds_count > 0", null);
        waitFor("conf_events_total{type=\"memberJoined\"} > 0", null);
    }

    @Test
    void aCompletedConferenceLeavesNoSeriesBehind() throws Exception {
        String id = monitoring.t.sim.world().createConference("ends-soon", null, null, false);
        monitoring.t.sim.world().join(id, "+19195550121");
        String query = "conf_conference_members{conference_id=\"" + id + "\"}";
        waitFor(query, 1);
        monitoring.t.sim.world().complete(id);
        Monitoring.until("the series to leave /metrics", () -> monitoring.get(metrics).body().contains(id) ? null
                : "gone");
        // Prometheus marks a series that left the scrape stale: an instant query no longer finds it
        Monitoring.until("the series to go stale in Prometheus", () -> monitoring.query(prometheus, query).isEmpty()
                ? "stale" : null);
        assertFalse(monitoring.get(metrics).body().contains("ends-soon"));
    }

    @Test
    void aConferenceGoneFromTheApiLeavesNoSeriesBehind() throws Exception {
        String id = monitoring.t.sim.world().createConference("vanishes", null, null, false);
        monitoring.t.sim.world().join(id, "+19195550122");
        waitFor("conf_conference_members{conference_id=\"" + id + "\"}", 1);
        monitoring.t.sim.faults().add(conftool.sim.Fault.status(404).on("GET", id).times(1_000_000));
        Monitoring.until("the series to leave /metrics", () -> monitoring.get(metrics).body().contains(id) ? null
                : "gone");
        waitFor("conf_polls_total{outcome=\"not_found\"} > 0", null);
    }

    /** Waits until the query's one series has {@code value} (or, when null, any result). */
    private static void waitFor(String promql, Integer value) throws Exception {
        Monitoring.until(promql + (value == null ? "" : " = " + value) + " in Prometheus", () -> {
            JsonNode r = monitoring.query(prometheus, promql);
            if (value == null) {
                return r.isEmpty() ? null : r;
            }
            return r.size() == 1 && Double.parseDouble(r.get(0).path("value").get(1).asText()) == value ? r : null;
        });
    }
}
