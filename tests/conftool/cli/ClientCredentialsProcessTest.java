package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.TestSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-shot runs as separate processes, sharing one token through the cache, as a shell script would run them. */
class ClientCredentialsProcessTest {

    private final TestSimulator t = new TestSimulator(0, true, Duration.ofHours(1));
    @TempDir
    Path home;

    @AfterEach
    void stop() {
        t.close();
    }

    record Run(int code, String out, String err) {
    }

    private Run conf(Map<String, String> extra, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "conftool.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().putAll(Map.of("BW_CLIENT_ID", TestSimulator.CLIENT_ID,
                "BW_CLIENT_SECRET", TestSimulator.CLIENT_SECRET, "BW_ACCOUNT_ID", TestSimulator.ACCOUNT,
                "CONF_BASE_URL", t.sim.baseUrl(), "CONF_TOKEN_URL", t.sim.tokenUrl(),
                "CONF_CONFIG", "/nonexistent/conf-config", "XDG_CACHE_HOME", home.toString()));
        pb.environment().putAll(extra);
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Process p = pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        var out = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread reader = new Thread(() -> {
            try {
                out.complete(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                out.completeExceptionally(e);
            }
        });
        reader.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("conf " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                Files.readString(err));
    }

    private void assertNoSecret(String text) {
        assertFalse(text.contains(TestSimulator.CLIENT_SECRET), text);
        for (String token : t.sim.tokens().issued()) {
            assertFalse(text.contains(token), "a token was printed");
        }
    }

    @Test
    void threeRunsMakeOneTokenRequestAndLeaveOnlyAPrivateCacheFile() throws Exception {
        for (int i = 0; i < 3; i++) {
            Run r = conf(Map.of(), "get", World.SEED_CONFERENCE_ID, "-o", "json");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("\"name\" : \"myconf\"") || r.out().contains("\"name\": \"myconf\""), r.out());
            assertNoSecret(r.out() + r.err());
        }
        assertEquals(1, t.sim.tokens().requests());
        Path dir = home.resolve("conf").resolve("tokens");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                assertFalse(Files.readString(f).contains(TestSimulator.CLIENT_SECRET), f.toString());
            }
        }
    }

    @Test
    void runsStartedTogetherAfterExpiryWaitForOneTokenRequest() throws Exception {
        List<Process> runs = new ArrayList<>();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "conftool.cli.Main", "get", World.SEED_CONFERENCE_ID,
                "-o", "json"));
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
            pb.environment().putAll(Map.of("BW_CLIENT_ID", TestSimulator.CLIENT_ID,
                    "BW_CLIENT_SECRET", TestSimulator.CLIENT_SECRET, "BW_ACCOUNT_ID", TestSimulator.ACCOUNT,
                    "CONF_BASE_URL", t.sim.baseUrl(), "CONF_TOKEN_URL", t.sim.tokenUrl(),
                    "CONF_CONFIG", "/nonexistent/conf-config", "XDG_CACHE_HOME", home.toString()));
            runs.add(pb.start());
        }
        for (Process p : runs) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        assertEquals(1, t.sim.tokens().requests(), "the cache's lock made the others wait for the first one's token");
    }

    @Test
    void aWrongSecretIsOneLineAndExit3() throws Exception {
        Run r = conf(Map.of("BW_CLIENT_SECRET", "wr0ng-secret-value"), "get", World.SEED_CONFERENCE_ID);
        assertEquals(ExitCode.AUTH, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(TestSimulator.CLIENT_ID) && r.err().contains("BW_CLIENT_SECRET"), r.err());
        assertFalse(r.err().contains("wr0ng-secret-value"));
    }

    @Test
    void aBrokenTokenEndpointIsExit6AndAMissingOneToo() throws Exception {
        t.sim.faults().add(conftool.sim.Fault.status(503).times(10).on("POST", "oauth2/token"));
        Run failing = conf(Map.of(), "get", World.SEED_CONFERENCE_ID, "--attempts", "2");
        assertEquals(ExitCode.UNAVAILABLE, failing.code(), failing.err());
        t.sim.faults().clear();
        t.sim.faults().add(conftool.sim.Fault.body("{}").on("POST", "oauth2/token"));
        Run noToken = conf(Map.of(), "get", World.SEED_CONFERENCE_ID);
        assertEquals(ExitCode.UNAVAILABLE, noToken.code(), noToken.err());
        assertTrue(noToken.err().contains("without an access_token"), noToken.err());
    }
}
