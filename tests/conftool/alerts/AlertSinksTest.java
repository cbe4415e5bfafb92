package conftool.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert delivery: a loopback webhook receiver that fails at first, a slow one, a command; and the alert engine. */
class AlertSinksTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private final StringWriter err = new StringWriter();
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static Alert alert(String key, Duration pendingFor) {
        return new Alert("warning", "message " + key, key, "c-1", Map.of("a", "b"), "hook", "conf-1", T0, pendingFor,
                Alert.FIRING);
    }

    /** A receiver that answers the given statuses in turn (then 204), recording the bodies. */
    private URI receiver(List<String> bodies, int... statuses) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger n = new AtomicInteger();
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int i = n.getAndIncrement();
            ex.sendResponseHeaders(i < statuses.length ? statuses[i] : 204, -1);
            ex.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    @Test
    void theWebhookIsRetriedUntilItTakesTheAlert() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        WebhookSink sink = new WebhookSink(receiver(bodies, 500, 503), 5, Duration.ofMillis(20), 10,
                new PrintWriter(err, true));
        sink.send(alert("k1", null));
        sink.drain(Duration.ofSeconds(10));
        assertEquals(3, bodies.size());
        assertTrue(bodies.get(2).contains("\"key\":\"k1\""), bodies.get(2));
        assertTrue(bodies.get(2).contains("\"level\":\"warning\""));
        assertEquals(1, sink.delivered());
        assertEquals(0, sink.failed());
    }

    @Test
    void aWebhookThatRefusesIsReportedNotRetriedForever() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        WebhookSink sink = new WebhookSink(receiver(bodies, 400), 5, Duration.ofMillis(20), 10,
                new PrintWriter(err, true));
        sink.send(alert("k1", null));
        sink.drain(Duration.ofSeconds(10));
        assertEquals(1, bodies.size(), "a 400 is final");
        assertEquals(1, sink.failed());
        assertTrue(err.toString().contains("HTTP 400"), err.toString());
    }

    @Test
    void aSlowWebhookNeverBlocksTheSenderAndDropsAreCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        servers.add(server);
        WebhookSink sink = new WebhookSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), 1,
                Duration.ofMillis(10), 3, new PrintWriter(err, true));
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            sink.send(alert("k" + i, null));
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "send() returns at once");
        release.countDown();
        sink.drain(Duration.ofSeconds(10));
        assertEquals(10, sink.delivered() + sink.dropped());
        assertTrue(sink.dropped() >= 6, "capacity 3 plus one in flight: " + sink.dropped());
        assertTrue(sink.problem().contains("dropped"), sink.problem());
    }

    @Test
    void execRunsTheCommandWithTheAlertOnStdin(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("alerts.ndjson");
        ExecSink sink = new ExecSink("cat >> '" + out + "'", System.getenv(), 10, new PrintWriter(err, true));
        sink.send(alert("k1", null));
        sink.send(alert("k2", null));
        sink.drain(Duration.ofSeconds(10));
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("\"key\":\"k2\""), lines.get(1));
        ExecSink failing = new ExecSink("exit 3", System.getenv(), 10, new PrintWriter(err, true));
        failing.send(alert("k3", null));
        failing.drain(Duration.ofSeconds(10));
        assertEquals(1, failing.failed());
        assertTrue(err.toString().contains("exited with 3"), err.toString());
    }

    @Test
    void theEngineWaitsForPendingAlertsFiresOnceAndResolves() {
        List<Alert> sent = new ArrayList<>();
        AlertEngine engine = new AlertEngine(List.of(sent::add));
        Alert slow = alert("slow", Duration.ofSeconds(10));
        Alert now = alert("now", null);
        engine.evaluate("conf-1", List.of(slow, now), T0);
        assertEquals(List.of("now"), sent.stream().map(Alert::key).toList());
        engine.evaluate("conf-1", List.of(slow, now), T0.plusSeconds(5));
        assertEquals(1, sent.size(), "pending, and no repeat of the firing one");
        engine.evaluate("conf-1", List.of(slow, now), T0.plusSeconds(10));
        assertEquals(List.of("now", "slow"), sent.stream().map(Alert::key).toList());
        engine.evaluate("conf-2", List.of(), T0.plusSeconds(15));
        assertEquals(2, sent.size(), "another conference's poll resolves nothing here");
        engine.evaluate("conf-1", List.of(slow), T0.plusSeconds(15));
        assertEquals(Alert.RESOLVED, sent.get(2).status());
        assertEquals("now", sent.get(2).key());
        engine.evaluate("conf-1", List.of(), T0.plusSeconds(20));
        engine.evaluate("conf-1", List.of(slow), T0.plusSeconds(25));
        assertEquals("slow", sent.get(3).key());
        assertEquals(Alert.RESOLVED, sent.get(3).status());
        assertEquals(4, sent.size(), "a condition that comes back starts pending again");
    }

    @Test
    void execCommandsGetTheAlertButNotConfsSecrets(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("env.txt");
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(Map.of("BW_USERNAME", "api-user", "BW_PASSWORD", "pw-secret-1", "BW_CLIENT_SECRET", "cs-secret-2",
                "CONF_LISTEN_PASSWORD", "lp-secret-3", "BW_ACCESS_TOKEN", "tok-secret-4", "PAGER_TOKEN", "pager-5"));
        ExecSink sink = new ExecSink("env > '" + out + "'", env, 10, new PrintWriter(err, true));
        sink.send(alert("k1", null));
        sink.drain(Duration.ofSeconds(10));
        sink.close();
        String seen = Files.readString(out);
        for (String secret : List.of("pw-secret-1", "cs-secret-2", "lp-secret-3", "tok-secret-4")) {
            assertFalse(seen.contains(secret), secret + " reached the command");
        }
        assertTrue(seen.contains("PAGER_TOKEN=pager-5"), "the command's own variables stay: " + seen);
        assertTrue(seen.contains("BW_USERNAME=api-user"), seen);
    }

    @Test
    void execOutputGoesToStderrOneInertLineEach() throws Exception {
        ExecSink sink = new ExecSink("echo out; printf 'forged\\033[2J\\n[critical] x' >&2", System.getenv(), 10,
                new PrintWriter(err, true));
        sink.send(alert("k1", null));
        sink.drain(Duration.ofSeconds(10));
        sink.close();
        assertEquals(List.of("out", "forged\\x1b[2J", "[critical] x"), err.toString().lines().toList());
    }

    @Test
    void closingASinkStopsItsThreadAndItsCommand(@TempDir Path dir) throws Exception {
        ExecSink sink = new ExecSink("sleep 60", System.getenv(), 10, new PrintWriter(err, true));
        sink.send(alert("k1", null));
        long start = System.nanoTime();
        sink.close();
        assertFalse(sink.running(), "the delivery thread was left running");
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "close waits for no command");
        WebhookSink idle = new WebhookSink(URI.create("http://127.0.0.1:9/"), 1, Duration.ofMillis(10), 3,
                new PrintWriter(err, true));
        assertTrue(idle.running());
        idle.close();
        assertFalse(idle.running(), "an idle sink's thread was left running");
    }

    @Test
    void aPasswordInTheWebhookUrlIsSentAsBasicAuthAndNeverShown() throws Exception {
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.sendResponseHeaders(400, -1);
            ex.close();
        });
        server.start();
        servers.add(server);
        URI url = URI.create("http://alerts:S3CRET-w3bhook@127.0.0.1:" + server.getAddress().getPort() + "/in?x=1");
        WebhookSink sink = new WebhookSink(url, 1, Duration.ofMillis(10), 3, new PrintWriter(err, true));
        sink.send(alert("k1", null));
        sink.drain(Duration.ofSeconds(10));
        sink.close();
        WebhookSink refused = new WebhookSink(URI.create("http://alerts:S3CRET-w3bhook@127.0.0.1:9/"), 1,
                Duration.ofMillis(10), 3, new PrintWriter(err, true));
        refused.send(alert("k2", null));
        refused.drain(Duration.ofSeconds(10));
        refused.close();
        assertEquals(List.of("Basic " + java.util.Base64.getEncoder().encodeToString(
                "alerts:S3CRET-w3bhook".getBytes(StandardCharsets.UTF_8))), auth);
        assertEquals(2, err.toString().lines().filter(l -> l.contains("alerts:***@127.0.0.1")).count(), err.toString());
        assertFalse(err.toString().contains("S3CRET"), err.toString());
    }

    @Test
    void oneAlertIdentityInWatchAndInCheckTheConferenceTheHookAndTheKey(@TempDir Path dir) {
        Alert fromA = new Alert("warning", "a says", "same-key", null, Map.of(), "hook-a", "conf-1", T0, null,
                Alert.FIRING);
        Alert fromB = new Alert("warning", "b says", "same-key", null, Map.of(), "hook-b", "conf-1", T0, null,
                Alert.FIRING);
        List<Alert> sent = new ArrayList<>();
        AlertEngine engine = new AlertEngine(List.of(sent::add));
        engine.evaluate("conf-1", List.of(fromA, fromB), T0);
        assertEquals(List.of("hook-a", "hook-b"), sent.stream().map(Alert::hook).toList(), "two hooks, two alerts");
        engine.evaluate("conf-1", List.of(fromB), T0.plusSeconds(5));
        assertEquals(3, sent.size());
        assertEquals("hook-a", sent.get(2).hook(), "hook-b's alert cannot keep hook-a's alive");
        assertTrue(sent.get(2).isResolved());
        PendingAlerts pending = new PendingAlerts();
        assertEquals(2, pending.judge("conf-1", List.of("hook-a", "hook-b"), List.of(fromA, fromB), T0).size());
        assertEquals(fromA.identity(), "conf-1|hook-a|same-key");
        engine.restore(Map.of("conf-1|same-key", new AlertEngine.Tracked(fromA, T0, true)));
        assertEquals(java.util.Set.of(fromA.identity()), engine.tracked().keySet(), "a state file of the old rule");
    }
}
