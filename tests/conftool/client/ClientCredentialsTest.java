package conftool.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.MemberUpdate;
import conftool.sim.Fault;
import conftool.sim.World;
import conftool.support.TestSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OAuth 2.0 client credentials against the simulator's token endpoint, with Basic refused as Bandwidth will. */
class ClientCredentialsTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;

    private final TestSimulator t = TestSimulator.oauthOnly();

    @AfterEach
    void stop() {
        t.close();
    }

    private long apiRequests(String part) {
        return t.sim.requests().stream().filter(r -> r.contains(part)).count();
    }

    @Test
    void theExchangeGivesABearerTokenThatTheApiTakesWhereItRefusesBasic() {
        ConferenceClient client = t.oauthClientBuilder().build();
        assertEquals("myconf", client.conference(SEED).name());
        assertEquals(1, t.sim.tokens().requests());
        var basic = t.clientBuilder().build();
        assertThrows(ApiException.Unauthenticated.class, () -> basic.conference(SEED),
                "the simulator refuses Basic with --oauth-only, so the call above went with a Bearer token");
    }

    @Test
    void oneTokenServesEveryRequestUntilAMinuteBeforeItExpires() {
        ConferenceClient client = t.oauthClientBuilder().build();
        for (int i = 0; i < 5; i++) {
            client.conference(SEED);
        }
        assertEquals(1, t.sim.tokens().requests());
        t.clock.advance(Duration.ofMinutes(58).plusSeconds(59));
        client.conference(SEED);
        assertEquals(1, t.sim.tokens().requests(), "still more than a minute to live");
        t.clock.advance(Duration.ofSeconds(2));
        client.conference(SEED);
        assertEquals(2, t.sim.tokens().requests(), "renewed a minute before expiry");
        assertEquals(7, t.sim.requests().stream().filter(r -> r.startsWith("GET")).count(),
                "no request was refused: each went once");
    }

    @Test
    void aTokenThatLivesUnderTwoMinutesIsRenewedHalfWay() {
        try (TestSimulator shortLived = new TestSimulator(0, true, Duration.ofSeconds(60))) {
            ConferenceClient client = shortLived.oauthClientBuilder().build();
            client.conference(SEED);
            shortLived.clock.advance(Duration.ofSeconds(29));
            client.conference(SEED);
            assertEquals(1, shortLived.sim.tokens().requests());
            shortLived.clock.advance(Duration.ofSeconds(2));
            client.conference(SEED);
            assertEquals(2, shortLived.sim.tokens().requests());
        }
    }

    @Test
    void aRevokedTokenGetsOneFreshTokenAndOneRetryEvenForAnUpdate() {
        ConferenceClient client = t.oauthClientBuilder().build();
        client.conference(SEED);
        t.sim.tokens().revokeAll();
        client.updateMember(SEED, World.SEED_OTHER_CALL_ID, new MemberUpdate(true, null, null));
        assertEquals(2, t.sim.tokens().requests());
        assertEquals(2, apiRequests("PUT "), "refused once (the API did not act), then sent with the fresh token");
        assertTrue(client.member(SEED, World.SEED_OTHER_CALL_ID).mute());
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void aTokenThatExpiredOnTheServerFirstIsRefreshedAndTheRequestRetried() {
        ConferenceClient client = t.oauthClientBuilder().clock(java.time.Clock.offset(t.clock, Duration.ofHours(-2)))
                .build();
        client.conference(SEED);
        t.clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertEquals("myconf", client.conference(SEED).name());
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void aFreshTokenRefusedAgainIsAnAuthenticationFailureNamingTheClient() {
        ConferenceClient client = t.oauthClientBuilder().maxAttempts(1).build();
        t.sim.faults().add(Fault.status(401).times(2));
        var e = assertThrows(ApiException.Unauthenticated.class, () -> client.conference(SEED));
        assertTrue(e.getMessage().contains(TestSimulator.CLIENT_ID), e.getMessage());
        assertFalse(e.getMessage().contains(TestSimulator.CLIENT_SECRET));
        assertEquals(2, t.sim.tokens().requests(), "one fresh token, not one per refusal");
        assertEquals(2, apiRequests("GET "));
    }

    @Test
    void aForbiddenAnswerToATokenAlsoGetsOneRetry() {
        ConferenceClient client = t.oauthClientBuilder().build();
        t.sim.faults().add(Fault.status(403).times(1));
        assertEquals("myconf", client.conference(SEED).name());
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void concurrentRequestsRefusedTogetherShareOneRefresh() throws Exception {
        ConferenceClient client = t.oauthClientBuilder().build();
        client.conference(SEED);
        t.sim.tokens().revokeAll();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> client.conference(SEED).name());
            }
            for (Future<String> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                assertEquals("myconf", f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, t.sim.tokens().requests(), "32 refusals, one refresh");
    }

    @Test
    void aWrongSecretIsRefusedOnceWithTheClientIdNamedAndTheSecretNot() {
        ConferenceClient client = t.oauthClientBuilder().credentials(Credentials.clientCredentials(
                TestSimulator.CLIENT_ID, "not-the-secret", t.sim.tokenUrl(), TestSimulator.ACCOUNT)).build();
        var e = assertThrows(ConfException.CredentialsRefused.class, () -> client.conference(SEED));
        assertTrue(e.getMessage().contains(TestSimulator.CLIENT_ID) && e.getMessage().contains("401"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"));
        assertEquals(1, t.sim.tokens().requests(), "a refusal is not retried");
        assertEquals(0, apiRequests("/conferences"), "no API request without a token");
    }

    @Test
    void tokenEndpointFailuresAreRetriedLikeGets() {
        ConferenceClient client = t.oauthClientBuilder().build();
        t.sim.faults().add(Fault.status(503).times(2).on("POST", "oauth2/token"));
        t.sim.faults().add(Fault.tooManyRequests("0").times(1).on("POST", "oauth2/token"));
        assertEquals("myconf", client.conference(SEED).name());
        assertEquals(4, t.sim.tokens().requests());
    }

    @Test
    void aTokenEndpointThatKeepsFailingIsUnavailableOrRateLimited() {
        ConferenceClient client = t.oauthClientBuilder().maxAttempts(2).build();
        t.sim.faults().add(Fault.status(500).times(2).on("POST", "oauth2/token"));
        var failed = assertThrows(ApiException.ServerError.class, () -> client.conference(SEED));
        assertTrue(failed.getMessage().contains("oauth2/token"), failed.getMessage());
        t.sim.faults().add(Fault.tooManyRequests("0").times(2).on("POST", "oauth2/token"));
        assertThrows(ApiException.RateLimited.class, () -> client.conference(SEED));
    }

    @Test
    void anAnswerWithoutAnAccessTokenIsUnreadable() {
        ConferenceClient client = t.oauthClientBuilder().build();
        t.sim.faults().add(Fault.body("{\"token_type\":\"Bearer\"}").on("POST", "oauth2/token"));
        var e = assertThrows(ConfException.UnreadableAnswer.class, () -> client.conference(SEED));
        assertTrue(e.getMessage().contains("without an access_token"), e.getMessage());
        t.sim.faults().add(Fault.body("{\"access_token\":\"a b\\r\\nX-Evil: 1\"}").on("POST", "oauth2/token"));
        assertThrows(ConfException.UnreadableAnswer.class, () -> client.conference(SEED),
                "a token that is not RFC 6750 characters never becomes a header");
    }

    @Test
    void anUnreachableTokenEndpointIsANetworkFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConferenceClient client = t.oauthClientBuilder().maxAttempts(2).credentials(Credentials.clientCredentials(
                TestSimulator.CLIENT_ID, TestSimulator.CLIENT_SECRET, "http://127.0.0.1:" + port + "/token",
                TestSimulator.ACCOUNT)).build();
        var e = assertThrows(ConfException.NetworkFailure.class, () -> client.conference(SEED));
        assertTrue(e.getMessage().contains("--token-url"), e.getMessage());
    }

    @Test
    void aRecordingDownloadAlsoRetriesOnceWithAFreshToken(@TempDir Path dir) {
        ConferenceClient client = t.oauthClientBuilder().build();
        client.conference(SEED);
        t.sim.tokens().revokeAll();
        var d = client.download(SEED, "r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d", dir.resolve("a.wav"), false);
        assertTrue(d.bytes() > 0);
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void theVerboseLogShowsTheExchangeWithoutSecretOrToken() {
        StringWriter log = new StringWriter();
        ConferenceClient client = t.oauthClientBuilder().log(new PrintWriter(log, true)).build();
        client.conference(SEED);
        t.sim.tokens().revokeAll();
        client.conference(SEED);
        String text = log.toString();
        assertTrue(text.contains("Authorization: Bearer ***"), text);
        assertTrue(text.contains("Authorization: Basic ***"), text);
        assertTrue(text.contains("\"access_token\":\"***\""), text);
        assertTrue(text.contains("grant_type=client_credentials"), text);
        assertFalse(text.contains(TestSimulator.CLIENT_SECRET), text);
        assertFalse(text.matches("(?s).*Authorization: Bearer (?!\\*\\*\\*).*"), text);
        assertEquals(2, t.sim.tokens().issued().size());
        for (String token : t.sim.tokens().issued()) {
            assertFalse(text.contains(token), "a token in the log");
        }
    }
}
