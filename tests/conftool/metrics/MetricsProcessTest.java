package conftool.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.cli.ExitCode;
import conftool.sim.World;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf's metrics as separate processes: only a command with {@code --metrics-port} loads the Prometheus client, a
 * taken port is a clear failure of its own, a sender that never finishes its request is cut off, and listen counts
 * the webhooks it handles.
 */
class MetricsProcessTest {

    @TempDir
    Path dir;
    private Monitoring monitoring;

    @BeforeEach
    void start() {
        monitoring = new Monitoring(dir);
    }

    @AfterEach
    void stop() throws Exception {
        monitoring.close();
    }

    @Test
    void getAndWatchWithoutMetricsPortLoadNoPrometheusClass() throws Exception {
        assertEquals(0, prometheusClasses("get", List.of("get", World.SEED_CONFERENCE_ID, "-o", "json")),
                "get loads no Prometheus class");
        assertEquals(0, prometheusClasses("watch", List.of("watch", World.SEED_CONFERENCE_ID, "--cycles", "1")),
                "watch without --metrics-port loads no Prometheus class");
        assertTrue(prometheusClasses("metrics", List.of("watch", World.SEED_CONFERENCE_ID, "--cycles", "1",
                "--metrics-port", "0")) > 20, "the check sees the Prometheus client when it is used");
    }

    /** How many classes of io.prometheus a run loads, from -Xlog:class+load. */
    private long prometheusClasses(String name, List<String> args) throws Exception {
        Path log = dir.resolve("classes-" + name + ".log");
        List<String> withLog = new ArrayList<>(List.of("-Xlog:class+load=info:file=" + log));
        Process p = monitoring.java(name, withLog, args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + " did not end");
        assertEquals(0, p.exitValue(), Files.readString(monitoring.file(name + ".err")));
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" io.prometheus.")).count();
        }
    }

    @Test
    void aTakenPortIsAFailureOfItsOwnSayingWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = monitoring.conf("taken", List.of("watch",
                    World.SEED_CONFERENCE_ID, "--cycles", "1", "--metrics-port",
                    Integer.toString(taken.getLocalPort())));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "watch did not end");
            String err = Files.readString(monitoring.file("taken.err"));
            assertEquals(ExitCode.PORT_IN_USE, p.exitValue(), err);
            assertTrue(err.contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()), err);
            assertTrue(err.contains("choose another --metrics-port"), err);
            assertEquals("", Files.readString(monitoring.file("taken.out")), "nothing was watched");

            // listen's own port the same way
            Process listen = monitoring.conf("listen-taken", List.of("listen", "--port",
                    Integer.toString(taken.getLocalPort()), "--journal", dir.resolve("journal").toString()));
            assertTrue(listen.waitFor(60, TimeUnit.SECONDS), "listen did not end");
            String listenErr = Files.readString(monitoring.file("listen-taken.err"));
            assertEquals(ExitCode.PORT_IN_USE, listen.exitValue(), listenErr);
            assertTrue(listenErr.contains("choose another --port"), listenErr);
        }
    }

    @Test
    void aSenderThatNeverFinishesItsRequestIsCutOffAndScrapesGoOn() throws Exception {
        // the request deadline shortened for the test (a user may set it so too); the default is 10 s
        Process watch = monitoring.java("slow", List.of("-Dsun.net.httpserver.maxReqTime=1"),
                List.of("watch", World.SEED_CONFERENCE_ID, "--interval", "200ms", "--metrics-port", "0"));
        String url = monitoring.metricsUrl("slow");
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/metrics$", "$1"));
        List<Socket> slow = new ArrayList<>();
        try {
            // more than a few: each holds one of the server's threads while it trickles
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout((int) Monitoring.DEADLINE.toMillis());
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            assertEquals(200, monitoring.get(url).statusCode(), "a scrape while slow senders hold connections");
            long start = System.nanoTime();
            for (Socket s : slow) {
                // never ends its headers: the server closes it (end of stream, or a reset)
                InputStream in = s.getInputStream();
                try {
                    while (in.read() != -1) {
                        // an error page, if any
                    }
                } catch (IOException reset) {
                    // closed by the server
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "cut off after " + took);
            assertEquals(200, monitoring.get(url).statusCode());
            Monitoring.stopsOnSigterm(watch);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void listenCountsTheWebhooksItHandlesAndPromtoolAcceptsIt() throws Exception {
        Process listen = monitoring.conf("listen", List.of("listen", "--port", "0", "--journal",
                dir.resolve("journal").toString(), "--enrich", "--metrics-port", "0"));
        String metrics = monitoring.metricsUrl("listen");
        String hook = Monitoring.until("the listener", () -> {
            var m = java.util.regex.Pattern.compile("webhooks on (\\S+)")
                    .matcher(Files.readString(monitoring.file("listen.err")));
            return m.find() ? m.group(1) : null;
        });
        for (int i = 0; i < 2; i++) {
            var r = monitoring.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hook))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"eventType\":\"conferenceMemberJoin\","
                            + "\"conferenceId\":\"" + World.SEED_CONFERENCE_ID + "\",\"name\":\"myconf\",\"callId\":\""
                            + World.SEED_OTHER_CALL_ID + "\",\"eventTime\":\"2026-01-05T10:00:0" + i + "Z\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode(), r.body());
        }
        // a webhook is counted when it is received, its event once the path has printed it: a moment later
        String text = Monitoring.until("the webhooks and their events counted", () -> {
            String body = monitoring.get(metrics).body();
            return body.contains("conf_webhooks_received_total{event=\"conferenceMemberJoin\"} 2.0")
                    && body.contains("conf_events_total{type=\"memberJoined\"} 2.0") ? body : null;
        });
        // enriched: the conference as the API has it
        assertTrue(text.contains("conf_conference_members{conference_id=\"" + World.SEED_CONFERENCE_ID
                + "\",conference_name=\"myconf\"} "
                + monitoring.t.sim.world().memberIds(World.SEED_CONFERENCE_ID).size() + ".0"), text);
        Monitoring.need("promtool", "prometheus");
        assertEquals("", PrometheusScrapeTest.promtool(text), "promtool check metrics");
        Monitoring.stopsOnSigterm(listen);
    }
}
