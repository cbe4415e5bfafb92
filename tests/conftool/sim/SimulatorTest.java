package conftool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.support.Http;
import conftool.support.TestSimulator;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorTest {

    private final TestSimulator t = new TestSimulator();
    private final String conferences = t.sim.baseUrl() + "/accounts/" + TestSimulator.ACCOUNT + "/conferences";
    private final String seed = conferences + "/" + World.SEED_CONFERENCE_ID;

    @AfterEach
    void stop() {
        t.close();
    }

    private static JsonObject object(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static JsonArray array(String body) {
        return Json.createReader(new StringReader(body)).readArray();
    }

    private static void assertError(HttpResponse<String> r, int status, String type) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject e = object(r.body());
        assertEquals(type, e.getString("type"));
        assertFalse(e.getString("description").isBlank());
        assertTrue(e.containsKey("id"));
    }

    @Test
    void aTickingSimulatorsConferencesLiveAndSendWebhooksWithNobodyPolling() throws Exception {
        var received = new java.util.concurrent.atomic.AtomicInteger();
        var receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/";
        try (Simulator sim = Simulator.builder().livingConferences(40).webhooks(url, null, null)
                .tick(Duration.ofMillis(100)).start()) {
            sim.drainWebhooks();
            int created = received.get();
            assertTrue(created > 0, "creating the conferences sent their webhooks");
            // about three changes a second across 40 conferences; a minute is far beyond what one needs
            for (int i = 0; i < 600 && received.get() == created; i++) {
                Thread.sleep(100);
            }
            assertTrue(received.get() > created, "a conference changed and said so with nobody polling");
            assertEquals(List.of(), sim.requests(), "no API request was made");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void answersLeaveWithoutWaitingForTheClientsDelayedAck() {
        // TCP_NODELAY on the simulator's sockets, which the JDK's server takes from this property: without it every
        // answer over a kept-alive connection (a watch's polls) waited 40 ms for the client's ACK of its headers
        assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
    }

    @Test
    void servesTheSeedConferenceAsDocumented() {
        var r = Http.get(seed);
        assertEquals(200, r.statusCode());
        JsonObject c = object(r.body());
        assertEquals(World.SEED_CONFERENCE_ID, c.getString("id"));
        assertEquals("myconf", c.getString("name"));
        assertEquals("2020-05-21T18:01:45.133Z", c.getString("createdTime"));
        assertEquals("https://www.example.com", c.getString("conferenceEventUrl"));
        assertEquals("POST", c.getString("conferenceEventMethod"));
        assertEquals("testag", c.getString("tag"));
        JsonArray members = c.getJsonArray("activeMembers");
        assertEquals(2, members.size());
        JsonObject first = members.getJsonObject(0);
        assertEquals(World.SEED_MUTED_CALL_ID, first.getString("callId"));
        assertTrue(first.getBoolean("mute"));
        assertFalse(first.getBoolean("hold"));
        assertEquals(List.of(World.SEED_OTHER_CALL_ID), first.getJsonArray("callIdsToCoach").getValuesAs(
                jakarta.json.JsonString::getString));
        assertEquals(seed + "/members/" + World.SEED_MUTED_CALL_ID, first.getString("memberUrl"));
    }

    @Test
    void missingOrWrongCredentialsGet401WithTheApiErrorBody() {
        var none = Http.send("GET", seed, null, null, null);
        assertError(none, 401, "authentication-error");
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertError(Http.send("GET", seed, Http.basic(TestSimulator.USER, "wrong"), null, null), 401,
                "authentication-error");
        assertError(Http.send("GET", seed, "Basic !!!notbase64", null, null), 401, "authentication-error");
    }

    @Test
    void anotherAccountIsForbidden() {
        assertError(Http.get(t.sim.baseUrl() + "/accounts/1234567/conferences"), 403, "authorization-error");
    }

    @Test
    void unknownIdsAre404WithTheIdInTheDescription() {
        var r = Http.get(conferences + "/conf-does-not-exist");
        assertError(r, 404, "validation");
        assertTrue(object(r.body()).getString("description").contains("conf-does-not-exist"));
        assertError(Http.get(seed + "/members/c-nobody"), 404, "validation");
        assertError(Http.get(seed + "/recordings/r-nothing"), 404, "validation");
        assertError(Http.get(seed + "/recordings/r-nothing/media"), 404, "validation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "ten", ""})
    void invalidPageSizesAre400(String size) {
        assertError(Http.get(conferences + "?pageSize=" + size), 400, "validation");
    }

    @Test
    void invalidTimesAndPageTokensAre400() {
        assertError(Http.get(conferences + "?minCreatedTime=yesterday"), 400, "validation");
        assertError(Http.get(conferences + "?pageToken=not-a-token"), 400, "validation");
    }

    @Test
    void wrongMethodsAre405AndWrongContentTypes415() {
        var r = Http.send("DELETE", seed, Http.auth(), null, null);
        assertError(r, 405, "validation");
        assertTrue(r.headers().firstValue("Allow").orElse("").contains("POST"));
        assertError(Http.send("PUT", seed + "/members/" + World.SEED_OTHER_CALL_ID, Http.auth(), "text/plain",
                "{\"mute\":true}"), 415, "validation");
        assertError(Http.send("POST", seed, Http.auth(), null, "{\"status\":\"completed\"}"), 415, "validation");
        assertError(Http.send("PUT", seed + "/bxml", Http.auth(), "application/json", "<Bxml/>"), 415, "validation");
    }

    @Test
    void memberUpdateChangesOnlyTheFieldsSent() {
        String member = seed + "/members/" + World.SEED_MUTED_CALL_ID;
        var r = Http.send("PUT", member, Http.auth(), "application/json", "{\"hold\":true}");
        assertEquals(204, r.statusCode(), r.body());
        JsonObject m = object(Http.get(member).body());
        assertTrue(m.getBoolean("hold"));
        assertTrue(m.getBoolean("mute"), "mute was not sent and must stay as it was");
        assertEquals(1, m.getJsonArray("callIdsToCoach").size(), "coaching was not sent and must stay");
        assertEquals(204, Http.send("PUT", member, Http.auth(), "application/json", "{\"callIdsToCoach\":[]}")
                .statusCode());
        assertEquals(0, object(Http.get(member).body()).getJsonArray("callIdsToCoach").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"mute\":\"yes\"}", "{\"hold\":1}", "{\"callIdsToCoach\":\"c-1\"}",
            "{\"callIdsToCoach\":[1]}", "[true]", "{\"mute\":tru", ""})
    void malformedMemberBodiesAre400AndChangeNothing(String body) {
        String member = seed + "/members/" + World.SEED_MUTED_CALL_ID;
        String before = Http.get(member).body();
        assertError(Http.send("PUT", member, Http.auth(), "application/json", body), 400, "validation");
        assertEquals(before, Http.get(member).body());
    }

    @Test
    void onlyOneCoachAtATime() {
        var r = Http.send("PUT", seed + "/members/" + World.SEED_OTHER_CALL_ID, Http.auth(), "application/json",
                "{\"callIdsToCoach\":[\"" + World.SEED_MUTED_CALL_ID + "\"]}");
        assertError(r, 400, "validation");
    }

    @Test
    void completingAConferenceSetsCompletedTimeAndEmptiesMembers() {
        t.clock.advance(Duration.ofMinutes(3));
        var r = Http.send("POST", seed, Http.auth(), "application/json", "{\"status\":\"completed\"}");
        assertEquals(204, r.statusCode(), r.body());
        JsonObject c = object(Http.get(seed).body());
        assertEquals("2026-01-05T10:03:00.000Z", c.getString("completedTime"));
        assertEquals(0, c.getJsonArray("activeMembers").size());
        assertError(Http.get(seed + "/members/" + World.SEED_MUTED_CALL_ID), 404, "validation");
        assertError(Http.send("POST", seed, Http.auth(), "application/json", "{\"status\":\"completed\"}"), 404,
                "validation");
    }

    @Test
    void conferenceUpdatesFollowTheStatusRules() {
        assertError(Http.send("POST", seed, Http.auth(), "application/json",
                "{\"status\":\"completed\",\"redirectUrl\":\"https://x.example/r\"}"), 400, "validation");
        assertError(Http.send("POST", seed, Http.auth(), "application/json", "{\"status\":\"active\"}"), 400,
                "validation");
        assertError(Http.send("POST", seed, Http.auth(), "application/json", "{\"status\":\"paused\"}"), 400,
                "validation");
        assertEquals(204, Http.send("POST", seed, Http.auth(), "application/json",
                "{\"redirectUrl\":\"https://x.example/r\"}").statusCode());
        assertNull(object(Http.get(seed).body()).get("completedTime"));
    }

    @Test
    void bxmlTakesOnlyConferenceVerbs() {
        assertEquals(204, Http.send("PUT", seed + "/bxml", Http.auth(), "application/xml",
                "<Bxml><SpeakSentence>Hello</SpeakSentence></Bxml>").statusCode());
        assertError(Http.send("PUT", seed + "/bxml", Http.auth(), "application/xml",
                "<Bxml><Hangup/></Bxml>"), 400, "validation");
        assertError(Http.send("PUT", seed + "/bxml", Http.auth(), "application/xml", "<Bxml>"), 400, "validation");
    }

    @Test
    void listsOldestFirstWithoutMembersAndPagesWithAnOpaqueToken() {
        for (int i = 0; i < 5; i++) {
            t.clock.advance(Duration.ofSeconds(1));
            t.sim.world().createConference("room-" + i, null, null, false);
        }
        var first = Http.get(conferences + "?pageSize=4");
        JsonArray page = array(first.body());
        assertEquals(4, page.size());
        assertEquals(World.SEED_CONFERENCE_ID, page.getJsonObject(0).getString("id"));
        assertFalse(page.getJsonObject(0).containsKey("activeMembers"));
        String link = first.headers().firstValue("Link").orElseThrow();
        assertTrue(link.matches("<http://127\\.0\\.0\\.1:\\d+/api/v2/accounts/9900000/conferences\\?pageSize=4"
                + "&pageToken=[A-Za-z0-9_-]+>; rel=\"next\""), link);
        String next = link.substring(1, link.indexOf('>'));
        var second = Http.get(next);
        JsonArray page2 = array(second.body());
        assertEquals(2, page2.size());
        assertEquals("room-4", page2.getJsonObject(1).getString("name"));
        assertTrue(second.headers().firstValue("Link").isEmpty(), "the last page has no Link");
    }

    @Test
    void listFiltersByNameAndCreatedTime() {
        t.clock.advance(Duration.ofHours(1));
        t.sim.world().createConference("ops", null, null, false);
        t.clock.advance(Duration.ofHours(1));
        t.sim.world().createConference("ops", null, null, false);
        assertEquals(2, array(Http.get(conferences + "?name=ops").body()).size());
        assertEquals(1, array(Http.get(conferences + "?name=ops&minCreatedTime=2026-01-05T11:30:00Z").body()).size());
        assertEquals(2, array(Http.get(conferences + "?maxCreatedTime=2026-01-05T11:00:00.000Z").body()).size());
    }

    @Test
    void recordingsListAndServeRealAudio() {
        JsonArray list = array(Http.get(seed + "/recordings").body());
        assertEquals(2, list.size());
        JsonObject done = list.getJsonObject(0);
        assertEquals("complete", done.getString("status"));
        assertEquals("PT13.67S", done.getString("duration"));
        assertNotNull(done.getString("mediaUrl"));
        assertTrue(list.getJsonObject(1).isNull("mediaUrl"), "a processing recording has no media yet");
        var media = Http.get(done.getString("mediaUrl"));
        assertEquals(200, media.statusCode());
        assertEquals("audio/vnd.wave", media.headers().firstValue("Content-Type").orElse(""));
        assertTrue(media.body().startsWith("RIFF"));
    }

    @Test
    void livingConferencesChangeWithTheClockAndTheSameSeedReplaysTheSameRun() {
        try (TestSimulator a = new TestSimulator(3); TestSimulator b = new TestSimulator(3)) {
            String before = snapshot(a);
            assertEquals(before, snapshot(b));
            a.clock.advance(Duration.ofMinutes(10));
            b.clock.advance(Duration.ofMinutes(10));
            String after = snapshot(a);
            assertNotEquals(before, after, "ten minutes of a living conference change something");
            assertEquals(after, snapshot(b));
        }
    }

    private static String snapshot(TestSimulator s) {
        String base = s.sim.baseUrl() + "/accounts/" + TestSimulator.ACCOUNT + "/conferences";
        StringBuilder all = new StringBuilder();
        for (var c : array(Http.get(base).body()).getValuesAs(JsonObject.class)) {
            all.append(Http.get(base + "/" + c.getString("id")).body().replace(s.sim.baseUrl(), ""));
        }
        return all.toString();
    }
}
