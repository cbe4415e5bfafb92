package conftool.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conf top} as a separate process where there is no terminal, and what JLine costs the other commands. */
class TopProcessTest {

    @TempDir
    Path dir;

    private record Run(int code, String err, long jlineClasses) {
    }

    /** Runs conf with stdout and stderr to files, counting the JLine classes it loads (-Xlog:class+load). */
    private Run run(TestSimulator t, Map<String, String> env, String... args) throws Exception {
        Path log = dir.resolve("classes-" + args[0] + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                "conftool.cli.Main"));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("err-" + args[0] + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(dir.resolve("out-" + args[0] + ".txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().putAll(Map.of("BW_USERNAME", TestSimulator.USER, "BW_PASSWORD", TestSimulator.PASSWORD,
                "BW_ACCOUNT_ID", TestSimulator.ACCOUNT, "CONF_BASE_URL", t.sim.baseUrl(),
                "CONF_CONFIG", "/nonexistent/conf-config"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("conf " + String.join(" ", args) + " did not end within 30 s");
        }
        try (var lines = Files.lines(log)) {
            return new Run(p.exitValue(), Files.readString(err),
                    lines.filter(l -> l.contains(" org.jline.")).count());
        }
    }

    @Test
    void topWithStdoutNotATerminalExits2PointingAtWatch() throws Exception {
        try (TestSimulator t = new TestSimulator()) {
            Run r = run(t, Map.of(), "top", "--all");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("stdout is not one") && r.err().contains("conf watch --all"), r.err());
        }
    }

    @Test
    void getLoadsNoJLineClassAndTopDoes() throws Exception {
        try (TestSimulator t = new TestSimulator()) {
            Run get = run(t, Map.of(), "get", World.SEED_CONFERENCE_ID, "-o", "json");
            assertEquals(0, get.code(), get.err());
            assertEquals(0, get.jlineClasses(), "get loads no JLine class");
            Run watch = run(t, Map.of(), "watch", World.SEED_CONFERENCE_ID, "--cycles", "1");
            assertEquals(0, watch.code(), watch.err());
            assertEquals(0, watch.jlineClasses(), "watch loads no JLine class");
            // told it has a terminal when it has none, top reaches JLine, which finds no terminal to draw on
            Run top = run(t, Map.of("CONF_TERMINAL", "true", "TERM", "xterm"), "top", World.SEED_CONFERENCE_ID);
            assertEquals(2, top.code(), top.err());
            assertTrue(top.err().contains("conf top cannot draw here"), top.err());
            assertTrue(top.jlineClasses() > 10, "the check sees JLine when it is used: " + top.jlineClasses());
        }
    }
}
