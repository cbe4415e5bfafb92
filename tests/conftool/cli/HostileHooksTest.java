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
}
