package conftool.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.Simulator;
import conftool.support.Http;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook receiver on loopback: the simulator's webhooks, the auth handshake, bad requests, replay. */
class ListenerTest {

    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();
    private final List<Webhook> got = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Listener listener(String user, String password, Path journal, Consumer<Webhook> handler) throws Exception {
        Listener l = new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), 0, "/hooks", user, password,
                journal, 4096), handler, new PrintWriter(log, true));
        open.add(l);
        return l;
    }

    private static String url(Listener l) {
        return "http://127.0.0.1:" + l.port() + "/hooks";
    }

    private void await(Listener l, long handled) throws InterruptedException {
        for (int i = 0; i < 500 && l.handled() < handled; i++) {
            Thread.sleep(10);
        }
        assertEquals(handled, l.handled());
    }

    @Test
    void theSimulatorsWebhooksArriveAsEventsThroughTheAuthHandshake() throws Exception {
        Listener l = listener("hook-user", "hook-pass", dir.resolve("j"), got::add);
        Simulator sim = Simulator.builder().seedConference(false).start();
        open.add(sim);
        var world = sim.world();
        String conf = world.createConference("standup", "t1", url(l), "POST", "hook-user", "hook-pass");
        String a = world.join(conf, "+15550001");
        String b = world.join(conf, "+15550002");
        world.leave(conf, a);
        world.complete(conf);
        sim.drainWebhooks();
        await(l, 6);
        assertEquals(List.of("conferenceCreated", "conferenceMemberJoin", "conferenceMemberJoin",
                "conferenceMemberExit", "conferenceMemberExit", "conferenceCompleted"),
                got.stream().map(Webhook::eventType).toList(), log::toString);
        assertEquals(b, got.get(4).callId());
        assertEquals("memberJoined", got.get(1).toEvent(null).type());
        assertEquals(a, got.get(1).toEvent(null).member().callId());
        assertEquals("memberLeft", got.get(3).toEvent(null).type());
        assertEquals(a, got.get(3).toEvent(null).previous().callId());
        assertEquals(a, got.get(3).toEvent(null).member().callId(), "memberLeft carries the member, as from watch");
        assertEquals("t1", got.get(0).tag());
    }

    @Test
    void getWebhooksWithQueryParametersWorkToo() throws Exception {
        Listener l = listener(null, null, dir.resolve("j"), got::add);
        Simulator sim = Simulator.builder().seedConference(false).start();
        open.add(sim);
        String conf = sim.world().createConference("q", null, url(l), "GET", null, null);
        sim.world().join(conf, "+1 555 0001");
        sim.drainWebhooks();
        await(l, 2);
        assertEquals("+1 555 0001", got.get(1).from());
    }

    @Test
    void wrongCredentialsNeverReachTheHandler() throws Exception {
        Listener l = listener("u", "p", dir.resolve("j"), got::add);
        String body = "{\"eventType\":\"conferenceCreated\",\"conferenceId\":\"conf-1\"}";
        var none = Http.send("POST", url(l), null, "application/json", body);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, Http.send("POST", url(l), Http.basic("u", "nope"), "application/json", body).statusCode());
        assertEquals(204, Http.send("POST", url(l), Http.basic("u", "p"), "application/json", body).statusCode());
        await(l, 1);
        assertEquals(1, got.size());
    }

    @Test
    void badRequestsGetClearAnswersAndTheListenerKeepsServing() throws Exception {
        Listener l = listener(null, null, dir.resolve("j"), got::add);
        String u = url(l);
        record Bad(String method, String url, String type, String body, int status, String says) {
        }
        for (Bad b : List.of(
                new Bad("POST", u, "application/json", "{not json", 400, "not valid JSON"),
                new Bad("POST", u, "application/json", "[1]", 400, "JSON object"),
                new Bad("POST", u, "application/json", "{\"eventType\":\"callAnswered\",\"conferenceId\":\"c\"}", 400,
                        "unknown eventType"),
                new Bad("POST", u, "application/json", "{\"eventType\":\"conferenceCreated\"}", 400, "without conferenceId"),
                new Bad("POST", u, "application/json", "{\"eventType\":\"conferenceCreated\",\"conferenceId\":\"c\",\"pad\":\""
                        + "x".repeat(5000) + "\"}", 413, "larger"),
                new Bad("POST", u, "text/plain", "eventType=x", 415, "application/json"),
                new Bad("DELETE", u, null, null, 405, "not a webhook method"),
                new Bad("POST", u.replace("/hooks", "/other"), "application/json", "{}", 404, "/hooks"),
                new Bad("GET", u + "?conferenceId=c", null, null, 400, "no eventType"))) {
            var r = Http.send(b.method(), b.url(), null, b.type(), b.body());
            assertEquals(b.status(), r.statusCode(), b.toString());
            assertTrue(r.body().contains(b.says()), r.body());
        }
        assertEquals(204, Http.send("POST", u, null, "application/json",
                "{\"eventType\":\"conferenceCompleted\",\"conferenceId\":\"c\"}").statusCode());
        await(l, 1);
        assertTrue(log.toString().contains("unknown eventType"), "each refusal is logged: " + log);
    }

    @Test
    void whatWasJournalledButNotHandledIsReplayedOnceAfterACrash() throws Exception {
        Path journal = dir.resolve("journal");
        CountDownLatch never = new CountDownLatch(1);
        Listener crashing = new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), 0, "/hooks", null, null,
                journal, 4096), w -> {
                    try {
                        never.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("killed mid-handling");
                    }
                }, new PrintWriter(log, true));
        for (int i = 0; i < 3; i++) {
            assertEquals(204, Http.send("POST", url(crashing), null, "application/json",
                    "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-1\",\"callId\":\"c-" + i + "\"}")
                    .statusCode());
        }
        crashing.abort();

        Listener restarted = listener(null, null, journal, got::add);
        await(restarted, 3);
        assertEquals(List.of("c-0", "c-1", "c-2"), got.stream().map(Webhook::callId).toList());
        restarted.close();
        open.remove(restarted);

        got.clear();
        Listener again = listener(null, null, journal, got::add);
        Thread.sleep(200);
        assertEquals(0, again.handled(), "nothing is handled twice");
        assertTrue(got.isEmpty());
    }

    @Test
    void aSendersRetryOfTheSameWebhookIsAnsweredButIsNotASecondEvent() throws Exception {
        Listener l = listener(null, null, dir.resolve("j"), got::add);
        String timed = "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"c\",\"callId\":\"c-1\","
                + "\"eventTime\":\"2026-01-02T03:04:05.678Z\"}";
        String untimed = "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"c\",\"callId\":\"c-2\"}";
        for (String body : List.of(timed, timed, untimed, untimed)) {
            assertEquals(204, Http.send("POST", url(l), null, "application/json", body).statusCode());
        }
        await(l, 3);
        assertEquals(List.of("c-1", "c-2", "c-2"), got.stream().map(Webhook::callId).toList(),
                "the same eventTime is the same event; without one, each delivery counts");
        assertTrue(log.toString().contains("a repeat of webhook 0"), log.toString());
    }

    @Test
    void closeWaitsForTheCallInHandAndLeavesTheRestJournalledForTheNextStart() throws Exception {
        Path journal = dir.resolve("j");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Listener l = new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), 0, "/hooks", null, null,
                journal, 4096), w -> {
                    inside.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    got.add(w);
                }, new PrintWriter(log, true));
        for (int i = 0; i < 3; i++) {
            assertEquals(204, Http.send("POST", url(l), null, "application/json",
                    "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"c\",\"callId\":\"c-" + i + "\"}")
                    .statusCode());
        }
        assertTrue(inside.await(10, TimeUnit.SECONDS), "the handler took the first webhook");
        Thread closing = new Thread(l::close);
        closing.start();
        closing.join(500);
        assertTrue(closing.isAlive(), "close returned while the handler was still running (a hook would lose its"
                + " session under it)");
        release.countDown();
        closing.join(10_000);
        assertTrue(!closing.isAlive(), "close ends once the call in hand has");
        assertEquals(List.of("c-0"), got.stream().map(Webhook::callId).toList(), "one call finished, none begun");
        got.clear();
        Listener next = listener(null, null, journal, got::add);
        await(next, 2);
        assertEquals(List.of("c-1", "c-2"), got.stream().map(Webhook::callId).toList());
    }

    @Test
    void whatTheHttpServerRefusesOnItsOwnIsAJsonReasonToo() throws Exception {
        Listener l = listener(null, null, dir.resolve("j"), got::add);
        for (String request : List.of("POST /hooks HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "NOT A REQUEST\r\n\r\n")) {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), l.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5"), answer);
                assertTrue(answer.contains("Content-Type: application/json"), answer);
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertTrue(jakarta.json.Json.createReader(new java.io.StringReader(body)).readObject()
                        .containsKey("error"), body);
            }
        }
    }

    @Test
    void aPortInUseIsAPlainRefusalAndReleasesTheJournal() throws Exception {
        Listener first = listener(null, null, dir.resolve("j1"), got::add);
        var e = org.junit.jupiter.api.Assertions.assertThrows(conftool.client.ConfException.InvalidInput.class,
                () -> new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), first.port(), "/hooks", null,
                        null, dir.resolve("j2"), 4096), got::add, new PrintWriter(log, true)));
        assertTrue(e.getMessage().contains("choose another --port"), e.getMessage());
        listener(null, null, dir.resolve("j2"), got::add);   // the refused one let go of its journal
    }

    @Test
    void aChunkedBodyOverMaxBodyIsRefusedWithout204() throws Exception {
        Listener l = listener(null, null, dir.resolve("j"), got::add);
        String chunk = "{\"eventType\":\"conferenceCreated\",\"conferenceId\":\"c\",\"pad\":\"" + "x".repeat(5000) + "\"}";
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), l.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk
                    + "\r\n0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            int n = s.getInputStream().readNBytes(head, 0, head.length);
            assertEquals("HTTP/1.1 413", new String(head, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertEquals(0, l.handled());
    }
}
