package conftool.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JDKs on this machine, for the installed launcher: the newest one starts conf fastest (JDK 25 keeps an AOT
 * cache of loaded and linked classes; JDK 17 an AppCDS archive of loaded ones).
 */
final class Jdks {

    /** A JDK: its {@code bin/java} and its feature release (17, 21, 25, …). */
    record Jdk(Path java, int feature) {
    }

    private Jdks() {
    }

    /** The newest JDK 17+ among JAVA_HOME, java on PATH and the usual install folders; the first seen wins a tie. */
    static Optional<Jdk> newest(Map<String, String> env) {
        return found(env).stream().filter(j -> j.feature() >= 17)
                .max(Comparator.comparingInt(Jdk::feature));
    }

    static List<Jdk> found(Map<String, String> env) {
        Map<Path, Jdk> jdks = new LinkedHashMap<>();
        List<Path> candidates = new ArrayList<>();
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome, "bin", "java"));
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "java"));
            }
        }
        candidates.add(Path.of(System.getProperty("java.home"), "bin", "java"));
        String home = System.getProperty("user.home");
        for (Path parent : List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"),
                Path.of(home, ".sdkman/candidates/java"), Path.of(home, ".jbang/cache/jdks"))) {
            if (Files.isDirectory(parent)) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
                    dirs.forEach(d -> candidates.add(d.resolve("bin").resolve("java")));
                } catch (IOException e) {
                    // an unreadable folder holds no JDK we can use
                }
            }
        }
        for (Path c : candidates) {
            of(c).ifPresent(j -> jdks.putIfAbsent(j.java(), j));
        }
        return List.copyOf(jdks.values());
    }

    /** The JDK whose {@code bin/java} this is (symbolic links followed), when its {@code release} file says which. */
    static Optional<Jdk> of(Path java) {
        try {
            if (!Files.isExecutable(java)) {
                return Optional.empty();
            }
            Path real = java.toRealPath();
            Path release = real.getParent().getParent().resolve("release");
            if (!Files.isRegularFile(release)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").strip();
                    String first = v.split("[.+-]")[0];
                    int feature = Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                    return Optional.of(new Jdk(real, feature));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK we can read the version of
        }
        return Optional.empty();
    }
}
