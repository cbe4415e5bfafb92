package conftool.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * jbang's {@code //CDS} (conf.java): the first run after a build writes a class-data archive of the classes it loaded
 * ({@code -XX:ArchiveClassesAtExit}, beside the built jar), and every later run maps it. Left alone, that archive
 * holds whatever command came first (install, demo, --help) and little of a {@code get}. The run that writes it
 * therefore first trains on plain gets, as the installed launcher's archive is trained ({@link TrainingRun}), so
 * that the archive serves the runs users wait on; it costs that one run a few seconds, once per build.
 */
final class JbangArchive {

    private JbangArchive() {
    }

    /**
     * Whether this JVM writes jbang's archive at exit. Cheap when it does not: the installed launcher says so (it
     * runs jbang's jar with archives of its own), the archive exists beside the jar (jbang asks the JVM to write one
     * only when there is none), or the first classpath entry is no jar at all.
     */
    static boolean writing() {
        if (System.getProperty("conf.launcher") != null) {
            return false;
        }
        String cp = System.getProperty("java.class.path", "");
        int end = cp.indexOf(File.pathSeparatorChar);
        String first = end < 0 ? cp : cp.substring(0, end);
        if (!first.endsWith(".jar") || Files.exists(Path.of(first.substring(0, first.length() - 4) + ".jsa"))) {
            return false;
        }
        return ProcessHandle.current().info().arguments()
                .map(a -> Arrays.stream(a).anyMatch(s -> s.startsWith("-XX:ArchiveClassesAtExit=")))
                .orElse(false);
    }

    /** Trains the archive on plain gets; a failure only leaves the archive smaller. */
    static void train() {
        System.err.println("conf: training jbang's class-data archive on a simulator (once per build) ...");
        try {
            TrainingRun.train("plain");
        } catch (Exception | LinkageError e) {
            // the user's command runs all the same
        }
    }
}
