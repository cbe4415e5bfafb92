package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.support.Cli;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code conf classpath}: what a notebook's first cell hands to JJava's %classpath. */
class ClasspathCommandTest {

    @Test
    void printsEveryEntryOfItsClasspathOnePerLineAsAbsolutePaths() {
        Cli.Result r = new Cli().run("classpath");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() > 5, r.out());
        for (String line : lines) {
            assertTrue(Path.of(line).isAbsolute() && Files.exists(Path.of(line)), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("feign-core")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("polyglot")), r.out());
    }

    @Test
    void joinedPrintsOneLineForJavaCp() {
        Cli.Result r = new Cli().run("classpath", "--joined");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count());
        assertEquals(new Cli().run("classpath").out().lines().toList(), List.of(r.out().strip().split(File.pathSeparator)));
    }
}
