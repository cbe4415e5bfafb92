package conftool.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/run} fails when it cannot install what the tests need, rather than let those tests skip unseen. The
 * tools it looks for are stand-ins on PATH here, so that nothing is installed and no test suite runs.
 */
class CiScriptTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static void tool(Path bin, String name, String script) throws Exception {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int code, String err) {
    }

    /** Runs .ci/run with stand-ins for every tool it checks, npm doing {@code npm}, and an empty cache. */
    private static Run ciRun(Path dir, String npm) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String ok : new String[] {"javac", "mvn", "unzip", "jupyter", "apt-get"}) {
            tool(bin, ok, "exit 0");
        }
        tool(bin, "npm", npm);
        // ./jbang runs an installed jbang first: this one only says that the tests would have started
        tool(bin, "jbang", "touch '" + dir.resolve("tests-started") + "'; exit 1");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve(".ci/run").toString())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(err.toFile());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("XDG_CACHE_HOME", Files.createDirectories(dir.resolve("cache")).toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(".ci/run did not end in 60 s: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(err));
    }

    @Test
    void ciFailsWhenPrismCannotBeInstalled(@TempDir Path dir) throws Exception {
        Run r = ciRun(dir, "echo 'npm ERR! network' >&2; exit 1");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Prism could not be installed"), r.err());
        assertFalse(Files.exists(dir.resolve("tests-started")), "the tests never started");
    }

    @Test
    void ciFailsWhenNpmSucceedsWithoutInstallingPrism(@TempDir Path dir) throws Exception {
        Run r = ciRun(dir, "exit 0");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Prism could not be installed"), r.err());
        assertFalse(Files.exists(dir.resolve("tests-started")), "the tests never started");
    }
}
