package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks that attack conf itself (prototypes, memory) end as hook failures, exit 8, with the watch's state kept. */
class HostileHooksTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;
    private static final String TO_JSON = "Array.prototype.toJSON = function () {"
            + " return [{level: 'critical', message: 42, labels: 7}]; };\n"
            + "export function alert() { return {level: 'info', message: 'fine'}; }\n";

    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        t.close();
    }

    private String hook(String source) throws Exception {
        Path f = dir.resolve("hostile.js");
        Files.writeString(f, source);
        return f.toString();
    }

    private static void assertHookFailure(Cli.Result r) {
        assertEquals(ExitCode.HOOK_FAILED, r.exitCode(), r.err());
        assertTrue(r.err().contains("hook hostile"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aPrototypeTrickIsAHookFailureInGetAndCheck() throws Exception {
        String h = hook(TO_JSON);
        assertHookFailure(cli.run("get", SEED, "-o", "json", "--hook", h));
        var skipped = cli.run("get", SEED, "-o", "json", "--hook", h, "--on-hook-error", "skip");
        assertHookFailure(skipped);
        assertTrue(skipped.out().contains(SEED), "skip still prints the conference: " + skipped.out());
        var check = cli.run("check", SEED, "--hook", h);
        assertEquals(CheckCommand.UNKNOWN, check.exitCode(), check.all());
        assertTrue(check.out().startsWith("CONF UNKNOWN - hook hostile"), check.out());
    }

    @Test
    void aPrototypeTrickUnderWatchIsAHookFailureAndTheStateIsSaved() throws Exception {
        String h = hook(TO_JSON);
        Path state = dir.resolve("state.json");
        assertHookFailure(cli.run("watch", SEED, "--cycles", "1", "-o", "ndjson", "--hook", h, "--state-file",
                state.toString()));
        assertTrue(Files.readString(state).contains(SEED), "the state file was written");
        Files.delete(state);
        assertHookFailure(cli.run("watch", SEED, "--cycles", "2", "--interval", "10ms", "-o", "ndjson", "--hook", h,
                "--on-hook-error", "skip", "--state-file", state.toString()));
        assertTrue(Files.readString(state).contains(SEED), "the state file was written");
    }

    @Test
    void aHookThatHoardsEveryPollIsStoppedByNameAndTheWatchKeepsAUsableHeap() throws Exception {
        // a process with a 1 GiB heap (budget 256 MB, a quarter of it), 100 MB more kept on each poll; bounded in time
        String h = hook("""
                export const options = {name: 'hoarder'};
                const kept = [];
                export function alert(c, ctx) { kept.push(new Array(12.5e6).fill(0.5)); }
                """);
        Path state = dir.resolve("state.json");
        for (String onError : new String[] {"fail", "skip"}) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), "conftool.cli.Main", "watch", SEED, "--interval",
                    "10ms", "--cycles", "8", "-o", "ndjson", "--hook", h, "--hook-timeout", "60s",
                    "--on-hook-error", onError, "--state-file", state.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
            pb.environment().putAll(java.util.Map.of("BW_USERNAME", TestSimulator.USER, "BW_PASSWORD",
                    TestSimulator.PASSWORD, "BW_ACCOUNT_ID", TestSimulator.ACCOUNT, "CONF_BASE_URL", t.sim.baseUrl(),
                    "CONF_CONFIG", "/nonexistent/conf-config"));
            Path err = dir.resolve("err-" + onError + ".txt");
            Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            try {
                assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "the watch did not end");
            } finally {
                p.destroyForcibly();
            }
            String stderr = Files.readString(err);
            assertEquals(ExitCode.HOOK_FAILED, p.exitValue(), stderr);
            // a quarter of what the JVM reports as its largest heap: about 250 MB
            assertTrue(stderr.contains("hook hoarder") && stderr.matches("(?s).*more than 2[0-9][0-9] MB of memory.*"),
                    stderr);
            assertFalse(stderr.contains("OutOfMemoryError") || stderr.contains("heap space"), stderr);
            assertTrue(Files.readString(state).contains(SEED), "the state file was written");
        }
    }
}
