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
        // stderr goes to a file: reading the two pipes one after the other could deadlock on a full one
        Path errFile = java.nio.file.Files.createTempFile("conf-stderr", ".txt");
        try {
            Process p = conf(jvm, env, args).redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
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
    void aRunWithoutHooksLoadsNoGraalJsClass() throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Map<String, String> env = pointedAt(t);
            List<String> log = List.of("-Xlog:class+load=info:stderr");
            Run plain = run(log, env, "get", World.SEED_CONFERENCE_ID, "-o", "json");
            assertEquals(0, plain.code());
            assertEquals(0, graalClasses(plain.err()), "GraalJS classes loaded without hooks");
            Run hooked = run(log, env, "get", World.SEED_CONFERENCE_ID, "-o", "json", "--filter", "m.mute");
            assertEquals(0, hooked.code(), hooked.err().lines().filter(l -> !l.contains("[class,load]")).toList().toString());
            assertTrue(graalClasses(hooked.err()) > 100, "the check sees GraalJS when it is used");
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
            String first = lines.readLine();
            assertTrue(first != null && first.contains("\"type\":\"conferenceSeen\""), first);
            t.sim.world().setMute(World.SEED_CONFERENCE_ID, World.SEED_OTHER_CALL_ID, true);
            String second = lines.readLine();
            assertTrue(second.contains("\"type\":\"muted\""), second);
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
            assertTrue(java.nio.file.Files.readString(state).contains(World.SEED_OTHER_CALL_ID));
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
        Jdks.Jdk newest = Jdks.newest(System.getenv()).orElseThrow();
        Path launcher = install(dir);
        assertTrue(java.nio.file.Files.readString(launcher).contains(newest.java().toString()),
                "the launcher starts " + newest);
        assertArchives(dir, newest.feature() >= 25 ? ".aot" : ".jsa");
        assertLauncherAnswers(launcher, dir);
    }

    @Test
    void aLauncherWhoseJdkIsGoneRunsOnTheJavaOfPath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = install(dir);
        String text = java.nio.file.Files.readString(launcher);
        java.nio.file.Files.writeString(launcher, text.replaceFirst("(?m)^java=.*$", "java=" + dir.resolve("gone/java")));
        try (var t = new conftool.support.TestSimulator()) {
            Run r = runLauncher(launcher, dir, t, List.of("get", World.SEED_CONFERENCE_ID, "-o", "json", "--filter",
                    "m.mute"));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("is gone; using java from PATH"), r.err());
            assertTrue(r.out().contains("\"name\": \"myconf\""), r.out());
        }
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

    /** The launcher answers get, with and without hooks, with JSON alone on stdout and nothing on stderr. */
    private static void assertLauncherAnswers(Path launcher, Path dir) throws Exception {
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
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().putAll(pointedAt(t));
        Process p = pb.redirectError(dir.resolve("err.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, java.nio.file.Files.readString(dir.resolve("err.txt")));
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
    void listenTurnsTheSimulatorsWebhooksIntoEventsHooksAndAlerts(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path hook = dir.resolve("joins.js");
        java.nio.file.Files.writeString(hook, "export function onEvent(e) { if (e.type === 'memberJoined')"
                + " return {level: 'info', message: 'joined ' + e.member.callId}; }");
        Path alerts = dir.resolve("alerts.ndjson");
        Path err = dir.resolve("err.txt");
        var sim = conftool.sim.Simulator.builder().seedConference(false).start();
        Map<String, String> env = Map.of("CONF_LISTEN_USERNAME", "hooks", "CONF_LISTEN_PASSWORD", "s3cret-hook-pass",
                "BW_USERNAME", sim.username(), "BW_PASSWORD", sim.password(), "BW_ACCOUNT_ID", sim.accountId(),
                "CONF_BASE_URL", sim.baseUrl());
        Process p = conf(env, "listen", "--port", "0", "--path", "/bw", "--journal", dir.resolve("j").toString(),
                "--enrich", "--hook", hook.toString(), "--alert-exec", "cat >> '" + alerts + "'", "-o", "ndjson")
                .redirectError(err.toFile()).start();
        try (sim) {
            String url = listening(err);
            String conf = sim.world().createConference("ops", null, url, "POST", "hooks", "s3cret-hook-pass");
            String call = sim.world().join(conf, "+15550001");
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String created = lines.readLine();
            String joined = lines.readLine();
            assertTrue(created.contains("\"type\":\"conferenceSeen\""), created);
            assertTrue(joined.contains("\"type\":\"memberJoined\"") && joined.contains(call), joined);
            assertTrue(joined.contains("\"mute\":false,\"hold\":false"), "enriched from the API: " + joined);
            for (int i = 0; i < 200 && !(java.nio.file.Files.exists(alerts)
                    && java.nio.file.Files.readString(alerts).contains(call)); i++) {
                Thread.sleep(50);
            }
            assertTrue(java.nio.file.Files.readString(alerts).contains("\"message\":\"joined " + call + "\""));
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), java.nio.file.Files.readString(err));
        assertTrue(!java.nio.file.Files.readString(err).contains("s3cret-hook-pass"));
    }

    @Test
    void listenEndsWhenNobodyReadsItsOutputAnyMore(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path err = dir.resolve("err.txt");
        var sim = conftool.sim.Simulator.builder().seedConference(false).start();
        Map<String, String> env = Map.of("BW_USERNAME", sim.username(), "BW_PASSWORD", sim.password(),
                "BW_ACCOUNT_ID", sim.accountId(), "CONF_BASE_URL", sim.baseUrl());
        Process p = conf(env, "listen", "--port", "0", "--journal", dir.resolve("j").toString(), "-o", "ndjson")
                .redirectError(err.toFile()).start();
        try (sim) {
            String url = listening(err);
            String conf = sim.world().createConference("ops", null, url, "POST", null, null);
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(lines.readLine().contains("conferenceSeen"));
            lines.close();   // as `conf listen … | head -1` does once it has its line
            // the listener learns that nobody reads at its next write: give it webhooks to write
            for (int i = 0; i < 50 && p.isAlive(); i++) {
                sim.world().join(conf, "+1555000" + (1000 + i));
                Thread.sleep(200);
            }
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the listener kept running with its stdout closed");
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(err));
            // the event written into the closed pipe was read by nobody: the next start prints it
            Process again = conf(env, "listen", "--port", "0", "--journal", dir.resolve("j").toString(), "-o", "ndjson")
                    .redirectError(dir.resolve("err2.txt").toFile()).start();
            try {
                String replayed = new BufferedReader(new InputStreamReader(again.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertTrue(replayed != null && replayed.contains("\"type\":\"memberJoined\""), String.valueOf(replayed));
            } finally {
                again.destroy();
                again.waitFor(20, TimeUnit.SECONDS);
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aListenerKilledMidWayReplaysWhatItHadNotHandledAndNothingTwice(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path hook = dir.resolve("slow.js");
        java.nio.file.Files.writeString(hook, "export function onEvent(e) { const t = Date.now(); while (Date.now() - t < 400) {} }");
        Path journal = dir.resolve("journal");
        Path out1 = dir.resolve("out1.ndjson");
        Process first = conf(Map.of(), "listen", "--port", "0", "--journal", journal.toString(), "--hook", hook.toString(),
                "--hook-timeout", "5s", "-o", "ndjson").redirectOutput(out1.toFile())
                .redirectError(dir.resolve("err1.txt").toFile()).start();
        String url = listening(dir.resolve("err1.txt"));
        for (int i = 0; i < 6; i++) {
            var r = conftool.support.Http.send("POST", url, null, "application/json",
                    "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-k\",\"callId\":\"c-" + i + "\"}");
            assertEquals(204, r.statusCode());
        }
        first.destroyForcibly();   // kill -9: some webhooks were answered but not handled yet
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        Path out2 = dir.resolve("out2.ndjson");
        Process second = conf(Map.of(), "listen", "--port", "0", "--journal", journal.toString(), "-o", "ndjson")
                .redirectOutput(out2.toFile()).redirectError(dir.resolve("err2.txt").toFile()).start();
        listening(dir.resolve("err2.txt"));
        for (int i = 0; i < 100 && countCalls(out1, out2) < 6; i++) {
            Thread.sleep(50);
        }
        second.destroy();
        assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        List<String> calls = new ArrayList<>();
        for (Path p : List.of(out1, out2)) {
            java.nio.file.Files.readAllLines(p).forEach(l -> calls.add(l.replaceAll(".*\"callId\":\"(c-\\d)\".*", "$1")));
        }
        assertEquals(6, calls.size(), "every webhook handled exactly once across the kill: " + calls);
        assertEquals(List.of("c-0", "c-1", "c-2", "c-3", "c-4", "c-5"), calls.stream().sorted().toList());
        assertTrue(java.nio.file.Files.readString(dir.resolve("err2.txt")).contains("replaying"),
                "the kill left work to replay: " + java.nio.file.Files.readString(dir.resolve("err2.txt")));
    }

    private static String listening(Path err) throws Exception {
        for (int i = 0; i < 300; i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening for conference webhooks on (\\S+)")
                    .matcher(java.nio.file.Files.exists(err) ? java.nio.file.Files.readString(err) : "");
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the listener did not start: " + java.nio.file.Files.readString(err));
    }

    private static long countCalls(Path... files) throws Exception {
        long n = 0;
        for (Path f : files) {
            n += java.nio.file.Files.exists(f) ? java.nio.file.Files.readAllLines(f).size() : 0;
        }
        return n;
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
