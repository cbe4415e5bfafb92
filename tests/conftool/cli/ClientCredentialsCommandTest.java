package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.Simulator;
import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command with client credentials only, as a new Bandwidth account has them; and `conf auth`. */
class ClientCredentialsCommandTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;

    private final TestSimulator t = new TestSimulator(3, true, Duration.ofHours(1));
    @TempDir
    Path cache;

    @AfterEach
    void stop() {
        t.close();
    }

    private Cli cli() {
        return Cli.withClientCredentials(t, cache);
    }

    /** Nothing conf prints may hold the secret or a token. */
    private void assertNoSecret(String text) {
        assertFalse(text.contains(TestSimulator.CLIENT_SECRET), text);
        for (String token : t.sim.tokens().issued()) {
            assertFalse(text.contains(token), "a token was printed: " + text);
        }
    }

    /** stderr without the lines a busy machine causes (a cycle that overran its interval), which are not the point. */
    private static String problems(String err) {
        return err.lines().filter(l -> !l.contains("longer than --interval"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void everyOneShotCommandWorksWithClientCredentialsAndOneSharedToken(@TempDir Path dir) throws Exception {
        Cli cli = cli();
        Path bxml = dir.resolve("a.xml");
        Files.writeString(bxml, "<Bxml><SpeakSentence>hi</SpeakSentence></Bxml>");
        String rec = "r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d";
        String[][] commands = {
            {"get", SEED, "-o", "json"},
            {"list", "-o", "json"},
            {"member", SEED, World.SEED_OTHER_CALL_ID, "--hold", "-o", "json"},
            {"recordings", SEED, "-o", "json"},
            {"recordings", SEED, rec, "-o", "json"},
            {"download", SEED, rec, "--file", dir.resolve("r.wav").toString()},
            {"bxml", SEED, bxml.toString()},
            {"redirect", SEED, "--url", "https://my.example/r"},
            {"check", SEED},
            {"watch", SEED, "--cycles", "1", "-o", "ndjson"},
            {"end", SEED},
        };
        for (String[] args : commands) {
            var r = cli.run(args);
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertNoSecret(r.all());
        }
        assertEquals(1, t.sim.tokens().requests(), "one token for every command, through the cache");
    }

    @Test
    void verboseSaysWhichCredentialsAndShowsBearerRedacted() {
        var r = cli().env("BW_USERNAME", "legacy-user").env("BW_PASSWORD", "legacy-pass").run("-v", "get", SEED);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("[auth] client credentials (OAuth 2.0) for " + TestSimulator.CLIENT_ID), r.err());
        assertTrue(r.err().contains("from the environment (BW_CLIENT_ID, BW_CLIENT_SECRET)"), r.err());
        assertTrue(r.err().contains("BW_USERNAME/BW_PASSWORD are set too and not used"), r.err());
        assertTrue(r.err().contains("Authorization: Bearer ***"), r.err());
        assertFalse(r.err().contains("legacy-pass"));
        assertNoSecret(r.all());
    }

    @Test
    void aWrongSecretExits3NamingTheClientAndWhatToCheck() {
        var r = cli().env("BW_CLIENT_SECRET", "wrong-secret-123").run("get", SEED);
        assertEquals(ExitCode.AUTH, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(TestSimulator.CLIENT_ID) && r.err().contains("BW_CLIENT_SECRET"), r.err());
        assertFalse(r.all().contains("wrong-secret-123"));
    }

    @Test
    void noTokenCacheKeepsTokensInMemory() {
        Cli cli = cli();
        assertEquals(0, cli.run("--no-token-cache", "get", SEED).exitCode());
        assertEquals(0, cli.run("get", SEED, "--no-token-cache").exitCode());
        assertEquals(2, t.sim.tokens().requests());
        assertFalse(Files.exists(cache.resolve("conf")), "nothing written");
    }

    @Test
    void authStatusSaysWhatIsInEffectAndNeverTheSecret() {
        Cli cli = cli();
        var before = cli.run("auth", "status");
        assertEquals(0, before.exitCode(), before.err());
        assertTrue(before.out().contains("client credentials (OAuth 2.0) for client id " + TestSimulator.CLIENT_ID),
                before.out());
        assertTrue(before.out().contains("account " + TestSimulator.ACCOUNT), before.out());
        assertTrue(before.out().contains("token URL: " + t.sim.tokenUrl()), before.out());
        assertTrue(before.out().contains("cached token: none usable"), before.out());
        assertEquals(0, t.sim.tokens().requests(), "status makes no request");
        cli.run("get", SEED);
        var after = cli.run("auth", "status", "-o", "json");
        assertTrue(after.out().contains("\"valid\" : true") && after.out().contains("\"expiresAt\""), after.out());
        assertNoSecret(after.all());
        var cleared = cli.run("auth", "clear");
        assertEquals(0, cleared.exitCode());
        assertTrue(cleared.out().contains("removed 1 cached token"), cleared.out());
        assertTrue(cli.run("auth", "status").out().contains("none usable"));
    }

    @Test
    void authStatusWithoutCredentialsExits3AndNamesTheVariables() {
        var r = new Cli().env("CONF_CONFIG", "/nonexistent/x").run("auth", "status");
        assertEquals(ExitCode.AUTH, r.exitCode());
        assertTrue(r.err().contains("BW_CLIENT_ID"), r.err());
    }

    @Test
    void aWatchAtConcurrency8SharesOneRefreshAfterARevocation() throws Exception {
        AtomicBoolean revoked = new AtomicBoolean();
        Thread revoker = new Thread(() -> {
            long deadline = System.nanoTime() + 30_000_000_000L;
            // one cycle is a list and four conference GETs
            while (t.sim.requests().size() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            t.sim.tokens().revokeAll();
            revoked.set(true);
        });
        revoker.start();
        var r = cli().run("watch", "--all", "--concurrency", "8", "--interval", "300ms", "--cycles", "4", "-o", "ndjson");
        revoker.join(30_000);
        assertTrue(revoked.get());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", problems(r.err()), "no warning, no failed poll");
        assertEquals(2, t.sim.tokens().requests(), "one token, then one refresh shared by the concurrent polls");
        assertNoSecret(r.all());
    }

    @Test
    void aLongWatchRenewsTokensBeforeTheyExpireWithNoFailedPoll() throws Exception {
        try (Simulator sim = Simulator.builder().clientCredentials("c", "s3cret").oauthOnly(true)
                .tokenTtl(Duration.ofSeconds(2)).start()) {
            var r = new Cli().env("BW_CLIENT_ID", "c").env("BW_CLIENT_SECRET", "s3cret")
                    .env("BW_ACCOUNT_ID", sim.accountId()).env("CONF_BASE_URL", sim.baseUrl())
                    .env("CONF_TOKEN_URL", sim.tokenUrl()).env("CONF_CONFIG", "/nonexistent/x")
                    .env("XDG_CACHE_HOME", cache.toString())
                    .run("watch", SEED, "--interval", "250ms", "--cycles", "16", "-o", "ndjson");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals("", problems(r.err()));
            assertEquals(0, sim.refusals(), "every token was renewed before it expired: no request was refused");
            assertTrue(sim.tokens().requests() >= 3, "renewed across ~4 s of 2 s tokens: "
                    + sim.tokens().requests());
        }
    }

    @Test
    void demoUsesClientCredentials() {
        var r = new Cli().env("CONF_CONFIG", "/nonexistent/x").run("-v", "demo");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("Authorization: Bearer ***"), r.err());
        assertTrue(r.out().contains("BW_CLIENT_ID"), r.out());
    }
}
