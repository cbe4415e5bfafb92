package conftool.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.Conference;
import conftool.model.ConferenceFilter;
import conftool.model.ConferenceMember;
import conftool.model.ConferenceRecording;
import conftool.model.MemberUpdate;
import conftool.sim.Fault;
import conftool.sim.World;
import conftool.support.TestSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConferenceClientTest {

    private final TestSimulator t = new TestSimulator();
    private final ConferenceClient client = t.client();
    private static final String SEED = World.SEED_CONFERENCE_ID;

    @AfterEach
    void stop() {
        t.close();
    }

    private long requestsTo(String part) {
        return t.sim.requests().stream().filter(r -> r.contains(part)).count();
    }

    @Test
    void getDecodesEveryFieldOfTheSeedConference() {
        Conference c = client.conference(SEED);
        assertEquals(SEED, c.id());
        assertEquals("myconf", c.name());
        assertEquals(Instant.parse("2020-05-21T18:01:45.133Z"), c.createdTime());
        assertNull(c.completedTime());
        assertEquals("https://www.example.com", c.conferenceEventUrl());
        assertEquals("POST", c.conferenceEventMethod());
        assertEquals("testag", c.tag());
        assertEquals(2, c.members().size());
        ConferenceMember m = c.members().get(0);
        assertEquals(World.SEED_MUTED_CALL_ID, m.callId());
        assertEquals(SEED, m.conferenceId());
        assertTrue(m.memberUrl().endsWith("/conferences/" + SEED + "/members/" + m.callId()));
        assertEquals(Boolean.TRUE, m.mute());
        assertEquals(Boolean.FALSE, m.hold());
        assertEquals(List.of(World.SEED_OTHER_CALL_ID), m.callIdsToCoach());
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesAreNull() {
        t.sim.faults().add(Fault.body("{\"id\":\"conf-1\",\"brandNew\":{\"x\":1},\"activeMembers\":[{\"callId\":\"c-1\"}]}"));
        Conference c = client.conference("conf-1");
        assertEquals("conf-1", c.id());
        assertNull(c.name());
        assertNull(c.members().get(0).mute());
        assertEquals(List.of(), c.members().get(0).coaching());
    }

    @Test
    void anAnswerByteForByteTheLastIsTheLastAndAnyOtherIsReadAfresh() {
        ConferenceClient.Answer first = client.conference(SEED, null);
        assertSame(first, client.conference(SEED, first), "the same bytes: the same answer, not read again");
        t.sim.world().setMute(SEED, World.SEED_MUTED_CALL_ID, false);
        ConferenceClient.Answer unmuted = client.conference(SEED, first);
        assertNotSame(first, unmuted);
        assertEquals(Boolean.FALSE, unmuted.conference().members().get(0).mute());
        assertEquals(Boolean.TRUE, first.conference().members().get(0).mute(), "the last answer is left as it was");
    }

    @Test
    void malformedJsonIsAnUnreadableAnswerNamingTheRequest() {
        t.sim.faults().add(Fault.body("{\"id\": \"conf-1\", \"activeMembers\": [").times(4));
        var e = assertThrows(ConfException.UnreadableAnswer.class, () -> client.conference(SEED));
        assertTrue(e.getMessage().contains("GET " + t.sim.baseUrl()), e.getMessage());
        t.sim.faults().clear();
        t.sim.faults().add(Fault.body("{\"createdTime\": \"yesterday\"}"));
        assertThrows(ConfException.UnreadableAnswer.class, () -> client.conference(SEED));
    }

    @Test
    void notFoundCarriesTheApiDescription() {
        var e = assertThrows(ApiException.NotFound.class, () -> client.conference("conf-missing"));
        assertEquals(404, e.status());
        assertEquals("validation", e.error().type());
        assertTrue(e.getMessage().contains("Conference [conf-missing] not found"), e.getMessage());
        assertThrows(ApiException.NotFound.class, () -> client.member(SEED, "c-gone"));
    }

    @Test
    void wrongPasswordIs401AndOtherAccount403() {
        var bad = t.clientBuilder().credentials(Credentials.basic(TestSimulator.USER, "wrong", TestSimulator.ACCOUNT)).build();
        var e = assertThrows(ApiException.Unauthenticated.class, () -> bad.conference(SEED));
        assertFalse(e.getMessage().contains("wrong"));
        var other = t.clientBuilder().credentials(Credentials.basic(TestSimulator.USER, TestSimulator.PASSWORD, "1234567"))
                .build();
        assertThrows(ApiException.Forbidden.class, () -> other.conference(SEED));
    }

    @Test
    void listFollowsEveryPageInOrder() {
        for (int i = 0; i < 11; i++) {
            t.clock.advance(Duration.ofSeconds(1));
            t.sim.world().createConference("room-" + i, null, null, false);
        }
        List<Conference> all = client.conferences(ConferenceFilter.all(), 3).toList();
        assertEquals(12, all.size());
        assertEquals("myconf", all.get(0).name());
        for (int i = 0; i < 11; i++) {
            assertEquals("room-" + i, all.get(i + 1).name());
            assertNull(all.get(i + 1).activeMembers(), "list results carry no members");
        }
        assertEquals(4, requestsTo("/conferences?"), "four pages of three: " + t.sim.requests());
    }

    @Test
    void listKeepsItsFiltersAcrossPages() {
        for (int i = 0; i < 7; i++) {
            t.clock.advance(Duration.ofMinutes(1));
            t.sim.world().createConference(i % 2 == 0 ? "ops" : "other", null, null, false);
        }
        List<Conference> ops = client.conferences(new ConferenceFilter("ops",
                Instant.parse("2026-01-05T10:02:00Z"), null), 1).toList();
        assertEquals(3, ops.size());
        assertTrue(ops.stream().allMatch(c -> c.name().equals("ops")));
        assertTrue(t.sim.requests().stream().filter(r -> r.contains("pageToken")).allMatch(r -> r.contains("name=ops")));
    }

    @Test
    void listFetchesOnlyThePagesItUses() {
        for (int i = 0; i < 9; i++) {
            t.sim.world().createConference("room-" + i, null, null, false);
        }
        assertEquals(4, client.conferences(ConferenceFilter.all(), 2).limit(4).count());
        assertEquals(2, requestsTo("/conferences?"));
    }

    @Test
    void pageSizeOutOfRangeIsRefusedBeforeSending() {
        assertThrows(ConfException.InvalidInput.class, () -> client.conferences(ConferenceFilter.all(), 0));
        assertThrows(ConfException.InvalidInput.class, () -> client.conferences(ConferenceFilter.all(), 1001));
        assertEquals(0, t.sim.requests().size());
    }

    @Test
    void badIdsAreRefusedAndNeverSent() {
        for (String id : List.of("../secrets", "a/b", "conf 1", "conf\n1", "a?b", "a#b", "%2e%2e", "")) {
            assertThrows(ConfException.InvalidInput.class, () -> client.conference(id), id);
            assertThrows(ConfException.InvalidInput.class, () -> client.member(SEED, id), id);
        }
        assertEquals(0, t.sim.requests().size());
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterSecondsThenSucceeds() {
        t.sim.faults().add(Fault.tooManyRequests("1"));
        long start = System.nanoTime();
        assertEquals("myconf", client.conference(SEED).name());
        assertTrue(System.nanoTime() - start >= 900_000_000L, "waited for Retry-After");
        assertEquals(2, requestsTo(SEED));
    }

    @Test
    void anHttpDateRetryAfterIsReadAsTheTimeUntilThatDate() {
        java.time.Clock at = java.time.Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(60),
                BandwidthErrorDecoder.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", at));
        assertEquals(Duration.ZERO, BandwidthErrorDecoder.parseRetryAfter("Wed, 21 Oct 2015 07:26:00 GMT", at),
                "a date already past: at once");
        assertEquals(Duration.ofSeconds(120), BandwidthErrorDecoder.parseRetryAfter("120", at));
        assertNull(BandwidthErrorDecoder.parseRetryAfter("soon", at));
    }

    @Test
    void anHttpDateRetryAfterBeyondTheLimitFailsAtOnceAsSecondsDo() {
        // were the date not understood, the request would be retried at once and succeed: this fails then
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(3600)
                .atZone(ZoneOffset.UTC));
        t.sim.faults().add(Fault.tooManyRequests(later).times(1));
        var e = assertThrows(ApiException.RateLimited.class, () -> client.conference(SEED));
        assertTrue(e.retryAfter().toSeconds() > 3500, String.valueOf(e.retryAfter()));
        assertEquals(1, requestsTo(SEED));
    }

    @Test
    void tooManyRequestsIsRetriedEvenForUpdatesSinceTheApiDidNotActOnThem() {
        t.sim.faults().add(Fault.tooManyRequests("0").on("PUT", "/members/"));
        client.updateMember(SEED, World.SEED_OTHER_CALL_ID, new MemberUpdate(true, null, null));
        assertTrue(client.member(SEED, World.SEED_OTHER_CALL_ID).isMuted());
        assertEquals(2, t.sim.requests().stream().filter(r -> r.startsWith("PUT")).count());
    }

    @Test
    void persistentRateLimitingEndsAsRateLimited() {
        t.sim.faults().add(Fault.tooManyRequests("0").times(10));
        var e = assertThrows(ApiException.RateLimited.class, () -> client.conference(SEED));
        assertEquals(Duration.ZERO, e.retryAfter());
        assertEquals(4, requestsTo(SEED), "four attempts, then give up");
    }

    @Test
    void aRetryAfterLongerThanTheLimitFailsAtOnce() {
        t.sim.faults().add(Fault.tooManyRequests("3600"));
        var e = assertThrows(ApiException.RateLimited.class, () -> client.conference(SEED));
        assertTrue(e.getMessage().contains("3600"), e.getMessage());
        assertEquals(1, requestsTo(SEED));
    }

    @Test
    void serverErrorsOnGetAreRetried() {
        t.sim.faults().add(Fault.status(500).times(2)).add(Fault.status(503));
        assertEquals("myconf", client.conference(SEED).name());
        assertEquals(4, requestsTo(SEED));
    }

    @Test
    void serverErrorsThatPersistEndAsServerError() {
        t.sim.faults().add(Fault.status(502).times(9));
        var e = assertThrows(ApiException.ServerError.class, () -> client.conference(SEED));
        assertEquals(502, e.status());
    }

    @Test
    void updatesAreNeverRetriedBlindly() {
        t.sim.faults().add(Fault.status(500).on("PUT", "/members/"));
        assertThrows(ApiException.ServerError.class,
                () -> client.updateMember(SEED, World.SEED_OTHER_CALL_ID, new MemberUpdate(true, null, null)));
        t.sim.faults().add(Fault.drop().on("PUT", "/members/"));
        assertThrows(ConfException.NetworkFailure.class,
                () -> client.updateMember(SEED, World.SEED_OTHER_CALL_ID, new MemberUpdate(true, null, null)));
        t.sim.faults().add(Fault.drop().on("POST", "/conferences/"));
        assertThrows(ConfException.NetworkFailure.class, () -> client.endConference(SEED));
        assertEquals(3, t.sim.requests().stream().filter(r -> !r.startsWith("GET")).count(), t.sim.requests().toString());
    }

    @Test
    void anUpdateOnAKeptAliveConnectionThatTheServerDropsIsSentOnce() throws Exception {
        try (var server = new conftool.support.ClosingServer()) {
            // the JDK itself resends a buffered request here (retryPost is left at its default, true): the server
            // provokes the resend that the client must not make
            assertEquals(2, jdkBufferedRequests(server, "PUT"), server.requests().toString());
            assertEquals(2, jdkBufferedRequests(server, "POST"), server.requests().toString());
            var c = t.clientBuilder().baseUrl(server.baseUrl()).build();
            c.conference("conf-1");
            assertThrows(ConfException.NetworkFailure.class,
                    () -> c.updateMember("conf-1", "c-1", new MemberUpdate(true, null, null)));
            c.conference("conf-1");
            assertThrows(ConfException.NetworkFailure.class, () -> c.endConference("conf-1"));
            assertEquals(2 + 1, server.count("PUT"), server.requests().toString());
            assertEquals(2 + 1, server.count("POST"), server.requests().toString());
        }
    }

    /** How often a {@code method} with a body after a GET, through a plain (buffering) HttpURLConnection, was sent. */
    private static long jdkBufferedRequests(conftool.support.ClosingServer server, String method) throws Exception {
        long before = server.count(method);
        java.net.URL url = java.net.URI.create(server.baseUrl() + "/x").toURL();
        var get = (java.net.HttpURLConnection) url.openConnection();
        get.getInputStream().readAllBytes();
        get.getInputStream().close();
        var update = (java.net.HttpURLConnection) url.openConnection();
        update.setRequestMethod(method);
        update.setDoOutput(true);
        update.getOutputStream().write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, update.getResponseCode());
        update.getInputStream().readAllBytes();
        return server.count(method) - before;
    }

    @Test
    void buildingAClientLeavesTheJvmsPropertiesAlone() {
        java.util.Properties before = (java.util.Properties) System.getProperties().clone();
        t.clientBuilder().build();
        assertEquals(before, System.getProperties());
    }

    @Test
    void truncatedAndDroppedAnswersToGetsAreRetried() {
        t.sim.faults().add(Fault.truncate()).add(Fault.drop());
        assertEquals("myconf", client.conference(SEED).name());
        assertEquals(3, requestsTo(SEED));
    }

    @Test
    void aSlowAnswerPastTheReadTimeoutIsANetworkFailure() {
        var impatient = t.clientBuilder().readTimeout(Duration.ofMillis(200)).maxAttempts(2).build();
        t.sim.faults().add(Fault.slow(Duration.ofMillis(700)).times(2));
        var e = assertThrows(ConfException.NetworkFailure.class, () -> impatient.conference(SEED));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void anUnreachableApiIsANetworkFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var nowhere = t.clientBuilder().baseUrl("http://127.0.0.1:" + port + "/api/v2").maxAttempts(1).build();
        var e = assertThrows(ConfException.NetworkFailure.class, () -> nowhere.conference(SEED));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void memberUpdatesSendOnlyTheFieldsSet() {
        client.updateMember(SEED, World.SEED_MUTED_CALL_ID, new MemberUpdate(null, true, null));
        ConferenceMember m = client.member(SEED, World.SEED_MUTED_CALL_ID);
        assertTrue(m.isHeld());
        assertTrue(m.isMuted());
        assertEquals(List.of(World.SEED_OTHER_CALL_ID), m.coaching());
        client.updateMember(SEED, World.SEED_MUTED_CALL_ID, new MemberUpdate(false, false, List.of()));
        m = client.member(SEED, World.SEED_MUTED_CALL_ID);
        assertFalse(m.isMuted());
        assertFalse(m.isHeld());
        assertEquals(List.of(), m.coaching());
        assertThrows(ConfException.InvalidInput.class,
                () -> client.updateMember(SEED, World.SEED_MUTED_CALL_ID, new MemberUpdate(null, null, null)));
    }

    @Test
    void endingAConferenceCompletesIt() {
        client.endConference(SEED);
        Conference c = client.conference(SEED);
        assertNotNull(c.completedTime());
        assertTrue(c.members().isEmpty());
        assertThrows(ApiException.NotFound.class, () -> client.endConference(SEED));
    }

    @Test
    void aRejectedRequestCarriesTheApiDescription() {
        var e = assertThrows(ApiException.Rejected.class, () -> client.updateBxml(SEED, "<Bxml><Hangup/></Bxml>"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Hangup"), e.getMessage());
        client.updateBxml(SEED, "<Bxml><PlayAudio>https://x.example/a.wav</PlayAudio></Bxml>");
    }

    @Test
    void recordingsAreListedWithTimeTypes() {
        List<ConferenceRecording> list = client.recordings(SEED);
        assertEquals(2, list.size());
        assertEquals(Duration.ofMillis(13_670), list.get(0).duration());
        assertEquals("wav", list.get(0).fileFormat());
        assertEquals("processing", client.recording(SEED, list.get(1).recordingId()).status());
    }

    @Test
    void downloadWritesTheWholeFileOrNothing(@TempDir Path dir) throws Exception {
        String rec = client.recordings(SEED).get(0).recordingId();
        Path file = dir.resolve("a.wav");
        var d = client.download(SEED, rec, file, false);
        assertEquals(44 + 13_670 * 16, Files.size(file));
        assertEquals(d.bytes(), Files.size(file));
        assertEquals("RIFF", new String(Files.readAllBytes(file), 0, 4));

        assertThrows(ConfException.InvalidInput.class, () -> client.download(SEED, rec, file, false));

        Path broken = dir.resolve("b.wav");
        t.sim.faults().add(Fault.truncate().on("GET", "/media").times(4));
        assertThrows(ConfException.NetworkFailure.class, () -> client.download(SEED, rec, broken, false));
        assertFalse(Files.exists(broken));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no partial file left behind");
        }
    }

    @Test
    void aTruncatedDownloadIsRetried(@TempDir Path dir) throws Exception {
        String rec = client.recordings(SEED).get(0).recordingId();
        t.sim.faults().add(Fault.truncate().on("GET", "/media"));
        client.download(SEED, rec, dir.resolve("a.wav"), false);
        assertEquals(44 + 13_670 * 16, Files.size(dir.resolve("a.wav")));
    }

    @Test
    void downloadingMediaThatIsNotReadyIsNotFound(@TempDir Path dir) {
        String rec = client.recordings(SEED).get(1).recordingId();
        assertThrows(ApiException.NotFound.class, () -> client.download(SEED, rec, dir.resolve("x.mp3"), false));
    }

    @Test
    void theVerboseLogRedactsTheAuthorizationHeader() {
        StringWriter log = new StringWriter();
        t.client(new PrintWriter(log, true)).conference(SEED);
        assertTrue(log.toString().contains("---> GET " + t.sim.baseUrl()), log.toString());
        assertTrue(log.toString().contains("Authorization: Basic ***"), log.toString());
        String encoded = java.util.Base64.getEncoder().encodeToString(
                (TestSimulator.USER + ":" + TestSimulator.PASSWORD).getBytes());
        assertFalse(log.toString().contains(encoded));
        assertFalse(log.toString().contains(TestSimulator.PASSWORD));
    }

    @Test
    void aNextPageLinkToAnotherOriginIsAskedOfTheApiItself() throws Exception {
        // A proxy in between may leave the upstream's address in Link: the credentials must not go there.
        try (var api = new conftool.support.LinkServer("http://example.org/steal?pageToken=abc")) {
            var c = t.clientBuilder().baseUrl(api.baseUrl()).build();
            var e = assertThrows(ConfException.UnreadableAnswer.class,
                    () -> c.conferences(ConferenceFilter.all(), null).toList());
            assertTrue(e.getMessage().contains("twice"), e.getMessage());
            assertEquals(List.of("/api/v2/accounts/9900000/conferences",
                    "/api/v2/accounts/9900000/conferences?pageToken=abc"), api.requests(), "never example.org");
        }
        try (var api = new conftool.support.LinkServer("http://example.org/steal")) {
            var c = t.clientBuilder().baseUrl(api.baseUrl()).build();
            var e = assertThrows(ConfException.UnreadableAnswer.class,
                    () -> c.conferences(ConferenceFilter.all(), null).toList());
            assertTrue(e.getMessage().contains("example.org"), e.getMessage());
        }
    }
}
