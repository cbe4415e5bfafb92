package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** conf as a separate process, the way a shell runs it: real exit codes, real stdout and stderr. */
class ProcessTest {

    record Run(int code, String out, String err) {
    }

    private static ProcessBuilder conf(Map<String, String> env, String... args) {
        return conf(List.of(), env, args);
    }

    private static ProcessBuilder conf(List<String> jvm, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "conftool.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().put("CONF_CONFIG", "/nonexistent/conf-config");
        pb.environment().putAll(env);
        return pb;
    }

    /** The environment that points conf at a test simulator. */
    private static Map<String, String> pointedAt(conftool.support.TestSimulator t) {
        return Map.of("BW_USERNAME", conftool.support.TestSimulator.USER,
                "BW_PASSWORD", conftool.support.TestSimulator.PASSWORD,
                "BW_ACCOUNT_ID", conftool.support.TestSimulator.ACCOUNT, "CONF_BASE_URL", t.sim.baseUrl());
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        return run(List.of(), env, args);
    }

    private static Run run(List<String> jvm, Map<String, String> env, String... args) throws Exception {
        return run(conf(jvm, env, args));
    }

    private static Run run(ProcessBuilder pb) throws Exception {
        // stderr goes to a file: reading the two pipes one after the other could deadlock on a full one
        Path errFile = java.nio.file.Files.createTempFile("conf-stderr", ".txt");
        try {
            Process p = pb.redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(errFile));
        } finally {
            java.nio.file.Files.deleteIfExists(errFile);
        }
    }

    @Test
    void simulatePrintsAnEnvironmentLineThatPointsConfAtIt(@org.junit.jupiter.api.io.TempDir Path cache)
            throws Exception {
        Process sim = conf(Map.of(), "simulate", "--port", "0").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
            String envLine = null;
            String exportLine = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("BW_CLIENT_ID=")) {
                    envLine = line;
                }
                if (line.startsWith("export ")) {
                    exportLine = line;
                    break;
                }
            }
            assertNotNull(envLine);
            assertNotNull(exportLine);
            Map<String, String> env = new HashMap<>();
            for (String pair : envLine.split(" ")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            assertEquals(List.of("BW_ACCOUNT_ID", "BW_CLIENT_ID", "BW_CLIENT_SECRET"),
                    env.keySet().stream().sorted().toList());
            for (String pair : exportLine.substring("export ".length()).split(" ")) {
                if (pair.contains("=")) {
                    env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            assertTrue(env.containsKey("CONF_BASE_URL") && env.containsKey("CONF_TOKEN_URL"), exportLine);
            env.put("XDG_CACHE_HOME", cache.toString());
            Run get = run(env, "get", World.SEED_CONFERENCE_ID, "-o", "json");
            assertEquals(0, get.code(), get.err());
            assertTrue(get.out().contains("\"name\": \"myconf\""), get.out());
            Run missing = run(env, "get", "conf-missing");
            assertEquals(ExitCode.NOT_FOUND, missing.code());
            assertTrue(missing.err().contains("conf-missing"));
            env.put("BW_CLIENT_SECRET", "wrong");
            assertEquals(ExitCode.AUTH, run(env, "get", World.SEED_CONFERENCE_ID).code());
        } finally {
            sim.destroy();
            sim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void simulateTakesCredentialsFromTheEnvironmentWithoutPrintingThePassword() throws Exception {
        Map<String, String> mine = Map.of("BW_USERNAME", "me", "BW_PASSWORD", "my-own-secret", "BW_ACCOUNT_ID", "5551234",
                "BW_CLIENT_ID", "my-client", "BW_CLIENT_SECRET", "my-client-secret");
        Process sim = conf(mine, "simulate").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("BW_CLIENT_ID=")) {
                    assertEquals("BW_CLIENT_ID=my-client BW_CLIENT_SECRET=\"$BW_CLIENT_SECRET\" BW_ACCOUNT_ID=5551234",
                            line);
                }
                if (line.startsWith("BW_USERNAME=")) {
                    assertEquals("BW_USERNAME=me BW_PASSWORD=\"$BW_PASSWORD\" BW_ACCOUNT_ID=5551234", line);
                    break;
                }
            }
            assertFalse(seen.toString().contains("my-own-secret"));
            assertFalse(seen.toString().contains("my-client-secret"));
            assertTrue(seen.toString().contains("BW_CLIENT_ID=my-client"), seen.toString());
        } finally {
            sim.destroy();
            sim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void simulateEndsOnSigtermWithExit0LikeEveryLongRunningCommand() throws Exception {
        Process sim = conf(Map.of(), "simulate", "--port", "0").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lineWithin(lines, 60);
            } while (line != null && !line.startsWith("BW_USERNAME="));
            assertNotNull(line, "the simulator started");
            sim.destroy();   // SIGTERM
            assertTrue(sim.waitFor(5, TimeUnit.SECONDS), "the simulator still ran 5 s after SIGTERM");
            assertEquals(0, sim.exitValue());
        } finally {
            sim.destroyForcibly();
        }
    }

    @Test
    void simulateSendsItsConferencesWebhooksWithNobodyPolling() throws Exception {
        var received = new java.util.concurrent.atomic.AtomicInteger();
        var receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        Process sim = conf(Map.of(), "simulate", "--conferences", "40", "--webhook-url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lineWithin(lines, 60);
            } while (line != null && !line.startsWith("BW_USERNAME="));
            // creating the conferences sends as many webhooks as an untouched simulator of the same seed sends;
            // any more come from life going on, with no request made
            int burst;
            var counting = new java.util.concurrent.atomic.AtomicInteger();
            var counter = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            counter.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                counting.incrementAndGet();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            counter.start();
            try (var still = conftool.sim.Simulator.builder().livingConferences(40)
                    .webhooks("http://127.0.0.1:" + counter.getAddress().getPort() + "/", null, null).start()) {
                still.drainWebhooks();
                burst = counting.get();
            } finally {
                counter.stop(0);
            }
            for (int i = 0; i < 600 && received.get() <= burst; i++) {
                Thread.sleep(100);
            }
            assertTrue(received.get() > burst, "webhooks as the conferences live, with nobody polling: "
                    + received.get() + " after a burst of " + burst);
        } finally {
            sim.destroyForcibly();
            sim.waitFor(10, TimeUnit.SECONDS);
            receiver.stop(0);
        }
    }

    @Test
    void aRunWithoutHooksOrWithAFilterJavaEvaluatesLoadsNoGraalJsClass() throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Map<String, String> env = pointedAt(t);
            List<String> log = List.of("-Xlog:class+load=info:stderr");
            Run plain = run(log, env, "get", World.SEED_CONFERENCE_ID, "-o", "json");
            assertEquals(0, plain.code());
            assertEquals(0, graalClasses(plain.err()), "GraalJS classes loaded without hooks");
            Run inJava = run(log, env, "get", World.SEED_CONFERENCE_ID, "-o", "json", "--filter", "m.mute", "-v");
            assertEquals(0, inJava.code(), inJava.err());
            assertEquals(0, graalClasses(inJava.err()), "GraalJS classes loaded for a filter Java evaluates");
            assertTrue(inJava.err().contains("[hooks] --filter and --map evaluated in Java (no GraalJS)"),
                    inJava.err());
            Map<String, String> forced = new HashMap<>(env);
            forced.put("CONF_GRAALJS", "always");
            Run hooked = run(log, forced, "get", World.SEED_CONFERENCE_ID, "-o", "json", "--filter", "m.mute", "-v");
            assertEquals(0, hooked.code(), hooked.err().lines().filter(l -> !l.contains("[class,load]")).toList().toString());
            assertTrue(graalClasses(hooked.err()) > 100, "the check sees GraalJS when it is used");
            assertTrue(hooked.err().contains("[hooks] GraalJS runs the hooks (CONF_GRAALJS=always)"), hooked.err());
            assertEquals(hooked.out(), inJava.out());
            assertTrue(inJava.out().contains("\"mute\": true") && !inJava.out().contains("\"mute\": false"),
                    inJava.out());
        }
    }

    private static long graalClasses(String classLog) {
        return classLog.lines().filter(l -> l.contains("org.graalvm.") || l.contains("com.oracle.truffle.")).count();
    }

    @Test
    void watchEndsWhenNobodyReadsItsOutputAnyMore(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Process p = conf(pointedAt(t), "watch", World.SEED_CONFERENCE_ID, "--interval", "100ms", "-o", "ndjson")
                    .redirectError(dir.resolve("err.txt").toFile()).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                assertTrue(lines.readLine().contains("conferenceSeen"));
                lines.close();   // as `conf watch … | head -1` does once it has its line
                // the watch learns that nobody reads at its next write: give it changes to write
                for (int i = 0; i < 100 && p.isAlive(); i++) {
                    t.sim.world().setMute(World.SEED_CONFERENCE_ID, World.SEED_OTHER_CALL_ID, i % 2 == 0);
                    Thread.sleep(200);
                }
                assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the watch kept running with its stdout closed");
                assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void watchStopsCleanlyOnSigtermWithItsStateSaved(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Map<String, String> env = pointedAt(t);
            Path state = dir.resolve("state.json");
            Process p = conf(env, "watch", World.SEED_CONFERENCE_ID, "--interval", "200ms", "--state-file",
                    state.toString(), "-o", "ndjson").redirectError(dir.resolve("err.txt").toFile()).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = lineWithin(lines, 60);
            assertTrue(first != null && first.contains("\"type\":\"conferenceSeen\""), first);
            t.sim.world().setMute(World.SEED_CONFERENCE_ID, World.SEED_OTHER_CALL_ID, true);
            String second;
            do {
                // a cold JVM's first cycle may overrun the short interval: its skipped polls come as a gap first
                second = lineWithin(lines, 60);
            } while (second != null && second.contains("\"type\":\"gap\""));
            assertTrue(second != null && second.contains("\"type\":\"muted\""), second);
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the watch still ran 5 s after SIGTERM");
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
            assertTrue(java.nio.file.Files.readString(state).contains(World.SEED_OTHER_CALL_ID));
        }
    }

    @Test
    void sigtermStopsAWatchWhosePollHangsWithinSecondsWithThePollCountedAsMissed(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Path state = dir.resolve("state.json");
            // an interval that a cold JVM's first cycle does not overrun (that would count skipped polls as missed)
            Process p = conf(pointedAt(t), "watch", World.SEED_CONFERENCE_ID, "--interval", "5s", "--state-file",
                    state.toString(), "-o", "ndjson").redirectError(dir.resolve("err.txt").toFile()).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                String first = lineWithin(lines, 30);
                assertTrue(first != null && first.contains("\"type\":\"conferenceSeen\""), first);
                // from now on the API takes the request and never answers (the attempts and their backoff would
                // take minutes)
                t.sim.faults().add(conftool.sim.Fault.slow(java.time.Duration.ofMinutes(10)).times(1000));
                int before = t.sim.requests().size();
                for (int i = 0; i < 400 && t.sim.requests().size() == before; i++) {
                    Thread.sleep(50);
                }
                assertTrue(t.sim.requests().size() > before, "a poll is in flight");
                p.destroy();   // SIGTERM
                assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the watch still ran 5 s after SIGTERM");
                assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
                String saved = java.nio.file.Files.readString(state);
                assertTrue(saved.contains(World.SEED_OTHER_CALL_ID), saved);
                assertTrue(saved.replace(" ", "").contains("\"missedPolls\":1"), "the poll cut short is missed: " + saved
                        + t.sim.requests() + java.nio.file.Files.readString(dir.resolve("err.txt")));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermStopsAWatchAgainstAServerThatNeverAnswersDirectlyAndThroughTheJbangWrapper(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path checkout = Path.of("").toAbsolutePath();
        assertSigtermStopsAHungWatch(conf(Map.of()).command(), dir, Map.of());
        assertSigtermStopsAHungWatch(List.of(checkout.resolve("jbang").toString(),
                checkout.resolve("conf.java").toString()), dir, Map.of());
    }

    @Test
    void theJbangRunThatWritesTheClassArchiveTrainsItOnceAndKeepsStdoutForConfsOutputAlone() throws Exception {
        Run tools = run(jbang(Map.of(), "info", "tools", "conf.java"));
        assertEquals(0, tools.code(), tools.err());
        var jar = java.util.regex.Pattern.compile("\"applicationJar\": *\"([^\"]+)\"").matcher(tools.out());
        assertTrue(jar.find(), tools.out());
        // jbang writes the archive beside the jar on the first run that finds none (//CDS in conf.java)
        Path archive = Path.of(jar.group(1).replaceAll("\\.jar$", ".jsa"));
        java.nio.file.Files.deleteIfExists(archive);
        try (var t = new conftool.support.TestSimulator()) {
            String[] get = {"conf.java", "get", World.SEED_CONFERENCE_ID, "-o", "json"};
            Run writing = run(jbang(pointedAt(t), get));
            assertEquals(0, writing.code(), writing.err());
            assertTrue(java.nio.file.Files.size(archive) > 0, "no class archive at " + archive);
            // the run that writes it trains it on gets first (JbangArchive), once: the next run maps it
            assertTrue(writing.err().contains("training jbang's class-data archive"), writing.err());
            Run reading = run(jbang(pointedAt(t), get));
            assertEquals(0, reading.code(), reading.err());
            assertFalse(reading.err().contains("training"), reading.err());
            for (Run r : List.of(writing, reading)) {
                assertTrue(r.out().startsWith("{") && r.out().strip().endsWith("}"), r.out());
                assertFalse(r.out().contains("[warning]") || r.err().contains("[warning]"), r.out() + r.err());
            }
        }
    }

    /** The jbang wrapper of the checkout running args, with conf's environment cleared but for env. */
    private static ProcessBuilder jbang(Map<String, String> env, String... args) {
        ProcessBuilder pb = conf(List.of(), env);
        List<String> cmd = new ArrayList<>(List.of(Path.of("").toAbsolutePath().resolve("jbang").toString()));
        cmd.addAll(List.of(args));
        return pb.command(cmd);
    }

    @Test
    void sigtermStopsAWatchWhoseAlertWebhookHangsWithinSeconds(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (var t = new conftool.support.TestSimulator(); var hung = new conftool.support.SilentServer()) {
            Path hook = dir.resolve("always.js");
            java.nio.file.Files.writeString(hook, "export function onEvent(e) {"
                    + " return {level: 'warning', message: 'seen ' + e.type, key: e.type + e.time}; }");
            Process p = conf(pointedAt(t), "watch", World.SEED_CONFERENCE_ID, "--interval", "200ms", "--hook",
                    hook.toString(), "--alert-webhook", "http://127.0.0.1:" + java.net.URI.create(hung.baseUrl())
                            .getPort() + "/alerts", "-o", "ndjson")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile())
                    .start();
            try {
                for (int i = 0; i < 1200 && hung.accepted() == 0 && p.isAlive(); i++) {
                    Thread.sleep(50);
                }
                assertTrue(hung.accepted() > 0, "no alert was sent: " + java.nio.file.Files.readString(
                        dir.resolve("err.txt")));
                long sent = System.nanoTime();
                p.destroy();   // SIGTERM while the alert's delivery hangs
                assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the watch still ran 5 s after SIGTERM");
                assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
                assertTrue(java.time.Duration.ofNanos(System.nanoTime() - sent).toMillis() < 5000);
                assertTrue(java.nio.file.Files.readString(dir.resolve("err.txt")).contains("undelivered"),
                        "what could not be delivered is said: " + java.nio.file.Files.readString(dir.resolve("err.txt")));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermStopsAWatchAgainstAServerThatNeverAnswersThroughTheInstalledLauncher(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = install(dir);
        assertSigtermStopsAHungWatch(List.of(launcher.toString()), dir,
                Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));
    }

    /**
     * Starts {@code launcher watch} against a server that accepts and never answers, sends SIGTERM to what was
     * started (as {@code kill $!} does) once the request is in flight, and expects exit 0 within 5 s, the state
     * saved and no process of the run left.
     */
    private static void assertSigtermStopsAHungWatch(List<String> launcher, Path dir, Map<String, String> env)
            throws Exception {
        Path checkout = Path.of("").toAbsolutePath();
        try (var hung = new conftool.support.SilentServer()) {
            Path state = java.nio.file.Files.createTempFile(dir, "state-", ".json");
            java.nio.file.Files.delete(state);
            List<String> cmd = new ArrayList<>(launcher);
            cmd.addAll(List.of("watch", "conf-1", "--interval", "1s", "--state-file", state.toString(), "-o",
                    "ndjson"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(checkout.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
            pb.environment().putAll(Map.of("BW_USERNAME", "u", "BW_PASSWORD", "p", "BW_ACCOUNT_ID", "1",
                    "CONF_BASE_URL", hung.baseUrl(), "CONF_CONFIG", "/nonexistent/conf-config"));
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                // ./jbang may build conf first: wait for the watch's request, however long that takes
                for (int i = 0; i < 3600 && hung.accepted() == 0 && p.isAlive(); i++) {
                    Thread.sleep(50);
                }
                assertTrue(hung.accepted() > 0, cmd + ": no request came; "
                        + java.nio.file.Files.readString(dir.resolve("err.txt")));
                p.destroy();
                assertTrue(p.waitFor(5, TimeUnit.SECONDS), cmd + " still ran 5 s after SIGTERM");
                assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
                assertTrue(java.nio.file.Files.exists(state), "state saved");
                assertEquals(List.of(), processesNaming(state), "no conf process is left behind");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermWhileTheJbangWrapperBuildsLeavesNoProcessBehind(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path checkout = Path.of("").toAbsolutePath();
        Path marker = dir.resolve("marker-state.json");
        ProcessBuilder pb = new ProcessBuilder(checkout.resolve("jbang").toString(), "conf.java", "watch", "conf-1",
                "--state-file", marker.toString()).directory(checkout.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile());
        // an empty jbang cache: jbang builds conf for several seconds before it would exec it
        pb.environment().put("JBANG_CACHE_DIR", dir.resolve("jbang-cache").toString());
        Process p = pb.start();
        try {
            for (int i = 0; i < 600 && processesNaming(marker, "dev.jbang.Main").isEmpty() && p.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertEquals(1, processesNaming(marker, "dev.jbang.Main").size(), "jbang is building");
            p.destroy();
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the wrapper still ran 5 s after SIGTERM");
            assertEquals(List.of(), processesNaming(marker), "no process of that run is left behind");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The processes whose command line names {@code marker}, once none is left or after 5 s. */
    private static List<Long> processesNaming(Path marker) throws Exception {
        List<Long> found = processesNaming(marker, "");
        for (int i = 0; i < 50 && !found.isEmpty(); i++) {
            Thread.sleep(100);
            found = processesNaming(marker, "");
        }
        return found;
    }

    /** The processes now whose command line names {@code marker} and {@code also} (read whole from /proc). */
    private static List<Long> processesNaming(Path marker, String also) {
        return ProcessHandle.allProcesses().filter(h -> {
            try {
                String line = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(h.pid()), "cmdline"),
                        StandardCharsets.ISO_8859_1);
                return line.contains(marker.toString()) && line.contains(also);
            } catch (java.io.IOException | RuntimeException e) {
                return false;   // ended meanwhile
            }
        }).map(ProcessHandle::pid).toList();
    }

    /** The next line, or an assertion failure when none comes within {@code seconds}: a hung conf fails the test. */
    private static String lineWithin(BufferedReader lines, int seconds) throws Exception {
        var next = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return lines.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return next.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no line within " + seconds + " s");
        }
    }

    @Test
    void installWritesALauncherThatStartsTheJvmDirectlyWithTheArchiveOfTheJdkItIsGiven(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path launcher = install(dir, "--java", java.toString());
        int feature = Runtime.version().feature();
        assertArchives(dir, feature >= 25 ? ".aot" : ".jsa");
        assertLauncherAnswers(launcher, dir);
    }

    @Test
    void installPicksTheNewestJdkAndKeepsItsWarningsOffStderr(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path launcher = install(dir);
        var m = java.util.regex.Pattern.compile("(?m)^java=(\\S+)").matcher(java.nio.file.Files.readString(launcher));
        assertTrue(m.find(), "the launcher names its java");
        Path chosen = Path.of(m.group(1).replace("'", ""));
        // what the machine has, found here without the code under test: every JDK under /usr/lib/jvm, JAVA_HOME and
        // the JDK running the tests, by the JAVA_VERSION of its release file
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        if (System.getenv("JAVA_HOME") != null) {
            homes.add(Path.of(System.getenv("JAVA_HOME")));
        }
        try (var jvms = java.nio.file.Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.forEach(homes::add);
        }
        int newest = homes.stream().mapToInt(ProcessTest::releaseFeature).max().orElseThrow();
        int feature = releaseFeature(chosen.getParent().getParent());
        assertEquals(newest, feature, "the launcher starts " + chosen + ", of Java " + feature);
        assertArchives(dir, feature >= 25 ? ".aot" : ".jsa");
        assertLauncherAnswers(launcher, dir);
    }

    @Test
    void aLauncherWhoseJdkIsGoneSaysHowToReinstallAndCheckAnswersUnknown(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path launcher = install(dir);
        String text = java.nio.file.Files.readString(launcher);
        java.nio.file.Files.writeString(launcher, text.replaceFirst("(?m)^java=.*$", "java=" + dir.resolve("gone/java")));
        try (var t = new conftool.support.TestSimulator()) {
            Run get = runLauncher(launcher, dir, t, List.of("get", World.SEED_CONFERENCE_ID, "-o", "json"));
            assertEquals(1, get.code(), get.err());
            assertEquals("", get.out());
            assertTrue(get.err().contains("is gone: install conf again"), get.err());
            Run check = runLauncher(launcher, dir, t, List.of("check", World.SEED_CONFERENCE_ID));
            assertEquals(3, check.code(), check.err());
            assertTrue(check.out().startsWith("CONF UNKNOWN - conf launcher: "), check.out());
        }
    }

    @Test
    void aLauncherRebuildsWhenTheSourcesChangeAndRetrainsWhenTheBuildOrTheJdkIsNewer(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = install(dir);
        Path cache = dir.resolve("cache/conf-launcher").resolve(key(launcher));
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(Instant.parse(
                "2000-01-01T00:00:00Z"));
        List<String> get = List.of("get", World.SEED_CONFERENCE_ID, "-o", "json");
        try (var t = new conftool.support.TestSimulator()) {
            // a source newer than the build: rebuilt, then retrained on the new build
            java.nio.file.Files.setLastModifiedTime(cache.resolve("classpath"), longAgo);
            Run changed = runLauncher(launcher, dir, t, get);
            assertEquals(0, changed.code(), changed.err());
            assertTrue(changed.out().contains("\"name\": \"myconf\""), changed.out());
            assertTrue(changed.err().contains("conf: building from") && changed.err().contains("conf: training"),
                    changed.err());
            // a JDK newer than the archives (as after an upgrade): retrained, not rebuilt
            try (var files = java.nio.file.Files.list(cache)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("conf")).toList()) {
                    java.nio.file.Files.setLastModifiedTime(f, longAgo);
                }
            }
            java.nio.file.Files.setLastModifiedTime(cache.resolve("classpath"), java.nio.file.attribute.FileTime
                    .from(Instant.now()));
            Run jdk = runLauncher(launcher, dir, t, get);
            assertEquals(0, jdk.code(), jdk.err());
            assertTrue(jdk.err().contains("conf: training") && !jdk.err().contains("building"), jdk.err());
            // nothing changed: neither
            Run same = runLauncher(launcher, dir, t, get);
            assertEquals(0, same.code(), same.err());
            assertEquals("", same.err());
        }
    }

    @Test
    void aLauncherRefusesACacheFolderOthersCanWriteAndRunsNothingPlantedThere(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = install(dir);
        String key = key(launcher);
        Path planted = plantedJar(dir);
        java.nio.file.attribute.FileAttribute<?> open = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        // (a) others can write the cache home: they could have put conf-launcher there, or swap it
        Path shared = dir.resolve("shared");
        java.nio.file.Files.createDirectories(shared.resolve("conf-launcher").resolve(key), open);
        java.nio.file.Files.setPosixFilePermissions(shared,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        // (b) the cache home is fine, but conf-launcher is group-writable
        Path group = dir.resolve("group");
        java.nio.file.Files.createDirectories(group.resolve("conf-launcher").resolve(key), open);
        java.nio.file.Files.setPosixFilePermissions(group.resolve("conf-launcher"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
        try (var t = new conftool.support.TestSimulator()) {
            for (Path home : List.of(shared, group)) {
                Path cpfile = home.resolve("conf-launcher").resolve(key).resolve("classpath");
                java.nio.file.Files.writeString(cpfile, planted.toString());
                // newer than every source, so that only the folder's trust can refuse it
                java.nio.file.Files.setLastModifiedTime(cpfile, java.nio.file.attribute.FileTime.from(
                        java.time.Instant.now().plus(java.time.Duration.ofDays(1))));
                Run get = runLauncher(launcher, home, t, List.of("get", World.SEED_CONFERENCE_ID));
                assertTrue(!get.out().contains("PLANTED") && !get.err().contains("PLANTED"), "ran the planted jar");
                assertEquals(1, get.code(), get.err());
                assertTrue(get.err().contains("refusing the cache folder") && get.err().contains("others can write it"),
                        get.err());
                Run check = runLauncher(launcher, home, t, List.of("check", World.SEED_CONFERENCE_ID));
                assertEquals(3, check.code(), check.err());
                assertTrue(check.out().startsWith("CONF UNKNOWN - conf launcher: refusing the cache folder"),
                        check.out());
            }
        }
    }

    @Test
    void aLauncherWritesNoLockThroughASymbolicLinkAndRebuildsOnlyWithItsOwnJbang(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = install(dir);
        Path cache = dir.resolve("cache/conf-launcher").resolve(key(launcher));
        // a jbang earlier on PATH than the one conf was installed with must not be the one that builds
        Path fakeBin = java.nio.file.Files.createDirectories(dir.resolve("fake-bin"));
        Path called = dir.resolve("fake-jbang-called");
        java.nio.file.Files.writeString(fakeBin.resolve("jbang"), "#!/bin/sh\necho \"$@\" >> '" + called + "'\nexit 1\n");
        java.nio.file.Files.setPosixFilePermissions(fakeBin.resolve("jbang"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> path = Map.of("PATH", fakeBin + ":" + System.getenv("PATH"));
        try (var t = new conftool.support.TestSimulator()) {
            Run train = runLauncher(launcher, dir, t, List.of("--train"), path);
            assertEquals(0, train.code(), train.err());
            assertFalse(java.nio.file.Files.exists(called), "the jbang on PATH built conf");
            for (String lock : List.of(".lock", ".train.lock")) {
                Path victim = java.nio.file.Files.writeString(dir.resolve("victim" + lock), "precious");
                java.nio.file.Files.deleteIfExists(cache.resolve(lock));
                java.nio.file.Files.createSymbolicLink(cache.resolve(lock), victim);
                Run r = runLauncher(launcher, dir, t, List.of("--train"));
                assertEquals(1, r.code(), r.err());
                assertTrue(r.err().contains(lock + " is a symbolic link"), r.err());
                assertEquals("precious", java.nio.file.Files.readString(victim));
                java.nio.file.Files.delete(cache.resolve(lock));
            }
        }
    }

    @Test
    void theJbangWrapperRefusesAClasspathPlantedWhereOthersCanWrite(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path planted = plantedJar(dir, "dev.jbang.Main");
        Path shared = dir.resolve("shared");
        Path version = java.nio.file.Files.createDirectories(shared.resolve("conf-jbang/0.132.1"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        java.nio.file.Files.writeString(version.resolve("classpath.txt"), planted.toString());
        java.nio.file.Files.setPosixFilePermissions(shared,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ProcessBuilder pb = new ProcessBuilder(Path.of("").toAbsolutePath().resolve("jbang").toString(), "--version")
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("CONF_JBANG_BOOTSTRAP", "1");
        pb.environment().put("XDG_CACHE_HOME", shared.toString());
        pb.environment().remove("CONF_JBANG_HOME");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = java.nio.file.Files.readString(dir.resolve("err.txt"));
        assertFalse(out.contains("PLANTED"), "ran the planted jar");
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("refusing the cache folder " + shared) && err.contains("others can write it"), err);
    }

    /** The launcher's cache key: its folder under conf-launcher. */
    private static String key(Path launcher) throws Exception {
        var m = java.util.regex.Pattern.compile("conf-launcher/([0-9a-f-]+)\"").matcher(
                java.nio.file.Files.readString(launcher));
        assertTrue(m.find(), "the launcher names its cache folder");
        return m.group(1);
    }

    /** A jar whose conftool.cli.Main prints PLANTED: what an attacker would make the launcher run. */
    private static Path plantedJar(Path dir) throws Exception {
        return plantedJar(dir, "conftool.cli.Main");
    }

    /** A jar whose class {@code name} (a main class) prints PLANTED. */
    private static Path plantedJar(Path dir, String name) throws Exception {
        String pkg = name.substring(0, name.lastIndexOf('.'));
        String simple = name.substring(name.lastIndexOf('.') + 1);
        Path src = java.nio.file.Files.createDirectories(dir.resolve("planted/src"));
        java.nio.file.Files.writeString(src.resolve(simple + ".java"), "package " + pkg + "; public class " + simple
                + " { public static void main(String[] a) { System.out.println(\"PLANTED\"); } }");
        Path classes = dir.resolve("planted/classes");
        int javac = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve(simple + ".java").toString());
        assertEquals(0, javac);
        Path jar = dir.resolve("planted/foreign.jar");
        String entry = name.replace('.', '/') + ".class";
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            out.write(java.nio.file.Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }

    /** The feature release a JDK's release file names (17, 21, 25…), 0 for anything else. */
    private static int releaseFeature(Path home) {
        try {
            for (String line : java.nio.file.Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(line.substring("JAVA_VERSION=\"".length()).split("[.\"+-]")[0]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not a JDK
        }
        return 0;
    }

    private static Path install(Path dir, String... more) throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        List<String> args = new ArrayList<>(List.of("install", "--dir", dir.resolve("bin").toString(), "--source",
                Path.of("").toAbsolutePath().toString()));
        args.addAll(List.of(more));
        Run install = run(env, args.toArray(String[]::new));
        assertEquals(0, install.code(), install.err());
        Path launcher = dir.resolve("bin/conf");
        assertTrue(java.nio.file.Files.isExecutable(launcher));
        return launcher;
    }

    private static void assertArchives(Path dir, String suffix) throws Exception {
        try (var archives = java.nio.file.Files.walk(dir.resolve("cache/conf-launcher"))) {
            List<String> names = archives.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith(suffix)), "trained at install: " + names);
            assertTrue(names.stream().noneMatch(n -> n.contains(".tmp")), "no training leftovers: " + names);
        }
    }

    /**
     * The launcher answers get, with and without hooks, with JSON alone on stdout and nothing on stderr; GraalJS
     * unpacked its native library into the launcher's own folder, not the shared cache home.
     */
    private static void assertLauncherAnswers(Path launcher, Path dir) throws Exception {
        assertLauncherAnswersGet(launcher, dir);
        try (var unpacked = java.nio.file.Files.walk(dir.resolve("cache/conf-launcher"))) {
            assertTrue(unpacked.anyMatch(p -> p.toString().contains("/polyglot/") && p.getFileName().toString()
                    .startsWith("libtruffleattach")), "GraalJS's native library in the launcher's folder");
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve("cache/org.graalvm.polyglot")));
    }

    private static void assertLauncherAnswersGet(Path launcher, Path dir) throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            for (List<String> extra : List.of(List.<String>of(), List.of("--filter", "m.mute"))) {
                List<String> args = new ArrayList<>(List.of("get", World.SEED_CONFERENCE_ID, "-o", "json"));
                args.addAll(extra);
                Run r = runLauncher(launcher, dir, t, args);
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().startsWith("{") && r.out().contains("\"name\": \"myconf\""),
                        "stdout holds only the JSON: " + r.out());
                assertEquals("", r.err(), "stderr of " + args);
            }
        }
    }

    /** Runs an installed launcher with its cache in {@code dir}, pointed at the simulator. */
    private static Run runLauncher(Path launcher, Path dir, conftool.support.TestSimulator t, List<String> args)
            throws Exception {
        return runLauncher(launcher, dir, t, args, Map.of());
    }

    /**
     * The same with more environment. The cache is {@code dir/cache} when {@code dir} holds the installation,
     * else {@code dir} itself (a cache home of the test's making). Bounded: a hung launcher fails the test.
     */
    private static Run runLauncher(Path launcher, Path dir, conftool.support.TestSimulator t, List<String> args,
            Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path home = java.nio.file.Files.isDirectory(dir.resolve("bin")) ? dir.resolve("cache") : dir;
        pb.environment().put("XDG_CACHE_HOME", home.toString());
        pb.environment().putAll(pointedAt(t));
        pb.environment().putAll(env);
        Path err = java.nio.file.Files.createTempFile("conf-launcher-err", ".txt");
        try {
            Process p = pb.redirectError(err.toFile()).redirectOutput(err.resolveSibling(err.getFileName() + ".out")
                    .toFile()).start();
            boolean ended = p.waitFor(180, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertTrue(ended, cmd + " still ran after 180 s");
            Path outFile = err.resolveSibling(err.getFileName() + ".out");
            String out = java.nio.file.Files.readString(outFile);
            java.nio.file.Files.deleteIfExists(outFile);
            return new Run(p.exitValue(), out, java.nio.file.Files.readString(err));
        } finally {
            java.nio.file.Files.deleteIfExists(err);
        }
    }

    @Test
    void getAnswersWithoutLoadingAnyPicocliClass() throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Map<String, String> env = pointedAt(t);
            List<String> log = List.of("-Xlog:class+load=info:stderr");
            Run get = run(log, env, "get", World.SEED_CONFERENCE_ID, "-o", "json");
            assertEquals(0, get.code());
            assertEquals(List.of(), get.err().lines().filter(l -> l.contains(" picocli.")).toList());
            Run list = run(log, env, "list", "-o", "json");
            assertEquals(0, list.code());
            assertTrue(list.err().contains("picocli.CommandLine$Model"), "the check sees picocli when it is used");
        }
    }

    @Test
    void inlineExpressionsPrintAndFailInJavaAsInGraalJs() throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Map<String, String> env = pointedAt(t);
            Map<String, String> forced = new HashMap<>(env);
            forced.put("CONF_GRAALJS", "always");
            // a map Java evaluates, and an error it leaves to GraalJS: the same output, stderr and exit code
            for (String[] hook : List.of(new String[] {"--map", "({call: m.callId, muted: m.mute, n: 1e21})"},
                    new String[] {"--filter", "m.nothing.below"})) {
                Run inJava = run(env, "get", World.SEED_CONFERENCE_ID, "-o", "ndjson", hook[0], hook[1]);
                Run inGraalJs = run(forced, "get", World.SEED_CONFERENCE_ID, "-o", "ndjson", hook[0], hook[1]);
                assertEquals(inGraalJs, inJava);
            }
            Run outside = run(env, "get", World.SEED_CONFERENCE_ID, "-o", "ndjson", "-v", "--map",
                    "m.callId.startsWith('c-') && m.callId.length");
            assertEquals(0, outside.code(), outside.err());
            assertTrue(outside.err().contains("[hooks] GraalJS runs the hooks (an expression beyond what conf"
                    + " evaluates in Java)"), outside.err());
            assertEquals(List.of("47", "47"), outside.out().lines().toList());
        }
    }

    @Test
    void demoRunsAgainstItsOwnSimulatorWithoutCredentials() throws Exception {
        Run demo = run(Map.of(), "demo");
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("$ conf get conf-"), demo.out());
        assertTrue(demo.out().contains("activeMembers"), demo.out());
        assertTrue(demo.out().contains("mute                   yes"), demo.out());
    }

    @Test
    void usageErrorsExitWith2AndMissingCredentialsWith3() throws Exception {
        Run usage = run(Map.of(), "get");
        assertEquals(ExitCode.USAGE, usage.code());
        assertTrue(usage.err().contains("CONFERENCE_ID"), usage.err());
        Run creds = run(Map.of(), "get", World.SEED_CONFERENCE_ID);
        assertEquals(ExitCode.AUTH, creds.code());
        assertEquals("", creds.out());
    }
}
