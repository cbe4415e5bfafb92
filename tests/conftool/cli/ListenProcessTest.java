package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf listen} as a separate process. Every read has a deadline and every process is ended by the test, so a
 * listener that hangs fails its test instead of hanging the suite.
 */
class ListenProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process start(Map<String, String> env, Path err, String... args) throws IOException {
        return start(env, err, null, args);
    }

    /** Starts conf with stderr (and stdout, unless {@code out} is null) to files. */
    private Process start(Map<String, String> env, Path err, Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "conftool.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().put("CONF_CONFIG", "/nonexistent/conf-config");
        pb.environment().putAll(env);
        if (out != null) {
            pb.redirectOutput(out.toFile());
        }
        Process p = pb.redirectError(err.toFile()).start();
        p.getOutputStream().close();
        started.add(p);
        return p;
    }

    /** A process's stdout, line by line, each read bounded by a deadline. */
    static final class Lines {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final InputStream in;
        private final Thread reader;

        Lines(Process p) {
            this.in = p.getInputStream();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed by the test or the process: no more lines
                }
            }, "test-stdout");
            t.setDaemon(true);
            t.start();
            reader = t;
        }

        /** Every line not read yet, once the process's stdout has ended (bounded by the deadline). */
        List<String> rest() throws InterruptedException {
            reader.join(DEADLINE.toMillis());
            assertFalse(reader.isAlive(), "stdout did not end within " + DEADLINE);
            List<String> all = new ArrayList<>();
            lines.drainTo(all);
            return all;
        }

        String next() throws InterruptedException {
            String line = lines.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no line on stdout within " + DEADLINE);
            }
            return line;
        }

        void close() throws IOException {
            in.close();
        }
    }

    private static String listening(Path err) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = Pattern.compile("listening for conference webhooks on (\\S+)")
                    .matcher(Files.exists(err) ? Files.readString(err) : "");
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the listener did not start: " + Files.readString(err));
    }

    /** The lines of a file a process writes its stdout to, once it has at least {@code n} (bounded by the deadline). */
    private static List<String> linesOf(Path file, int n) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= n) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " lines in " + file + " within " + DEADLINE);
    }

    private static int exit(Process p) throws InterruptedException {
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the process did not end within " + DEADLINE);
        return p.exitValue();
    }

    private static void post(String url, String body) {
        var r = Http.send("POST", url, null, "application/json", body);
        assertEquals(204, r.statusCode(), r.body());
    }

    private static Map<String, String> api(conftool.sim.Simulator sim) {
        return Map.of("BW_USERNAME", sim.username(), "BW_PASSWORD", sim.password(), "BW_ACCOUNT_ID", sim.accountId(),
                "CONF_BASE_URL", sim.baseUrl());
    }

    @Test
    void listenTurnsTheSimulatorsWebhooksIntoEventsHooksAndAlerts() throws Exception {
        Path hook = dir.resolve("joins.js");
        Files.writeString(hook, "export function onEvent(e) { if (e.type === 'memberJoined')"
                + " return {level: 'info', message: 'joined ' + e.member.callId}; }");
        Path alerts = dir.resolve("alerts.ndjson");
        Path err = dir.resolve("err.txt");
        try (var sim = conftool.sim.Simulator.builder().seedConference(false).start()) {
            Map<String, String> env = new java.util.HashMap<>(api(sim));
            env.putAll(Map.of("CONF_LISTEN_USERNAME", "hooks", "CONF_LISTEN_PASSWORD", "s3cret-hook-pass"));
            Process p = start(env, err, "listen", "--port", "0", "--path", "/bw", "--journal",
                    dir.resolve("j").toString(), "--enrich", "--hook", hook.toString(), "--alert-exec",
                    "cat >> '" + alerts + "'", "-o", "ndjson");
            String url = listening(err);
            String conf = sim.world().createConference("ops", null, url, "POST", "hooks", "s3cret-hook-pass");
            String call = sim.world().join(conf, "+15550001");
            Lines lines = new Lines(p);
            String created = lines.next();
            String joined = lines.next();
            assertTrue(created.contains("\"type\":\"conferenceSeen\""), created);
            assertTrue(joined.contains("\"type\":\"memberJoined\"") && joined.contains(call), joined);
            assertTrue(joined.contains("\"mute\":false,\"hold\":false"), "enriched from the API: " + joined);
            for (int i = 0; i < 200 && !(Files.exists(alerts) && Files.readString(alerts).contains(call)); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(alerts).contains("\"message\":\"joined " + call + "\""));
            p.destroy();
            assertEquals(0, exit(p), Files.readString(err));
        }
        assertFalse(Files.readString(err).contains("s3cret-hook-pass"));
    }

    @Test
    void aConferenceCreatedPrintsAsALineOnATerminalWithoutEnrichment() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = start(Map.of(), err, "listen", "--port", "0", "--journal", dir.resolve("j").toString(),
                "-o", "table");
        String url = listening(err);
        post(url, "{\"eventType\":\"conferenceCreated\",\"conferenceId\":\"conf-7\",\"name\":\"ops\"}");
        post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-7\",\"name\":\"ops\"}");
        Lines lines = new Lines(p);
        String created = lines.next();
        assertTrue(created.contains("conferenceSeen") && created.contains("conf-7"), created);
        assertTrue(lines.next().contains("memberJoined"), "a join without a callId prints too");
        p.destroy();
        assertEquals(0, exit(p), Files.readString(err));
        assertFalse(Files.readString(err).contains("could not be handled"), Files.readString(err));
        assertFalse(Files.exists(dir.resolve("j.dead")));
    }

    @Test
    void aHookFailureWithOnHookErrorFailEndsListenWithExit8AndTheWebhookIsNotReplayed() throws Exception {
        Path hook = dir.resolve("boom.js");
        Files.writeString(hook, "export function onEvent(e) { if (e.member.callId === 'c-bad') throw new Error('boom'); }");
        Path journal = dir.resolve("j");
        Path err = dir.resolve("err.txt");
        Process p = start(Map.of(), err, "listen", "--port", "0", "--journal", journal.toString(), "--hook",
                hook.toString(), "--on-hook-error", "fail", "-o", "ndjson");
        String url = listening(err);
        post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-1\",\"callId\":\"c-bad\"}");
        assertEquals(ExitCode.HOOK_FAILED, exit(p), Files.readString(err));
        String said = Files.readString(err);
        assertTrue(said.contains("boom") && said.contains("moved to " + dir.resolve("j.dead").toAbsolutePath()), said);
        assertTrue(Files.readString(dir.resolve("j.dead")).contains("\"callId\":\"c-bad\""));

        Path err2 = dir.resolve("err2.txt");
        Process again = start(Map.of(), err2, "listen", "--port", "0", "--journal", journal.toString(), "-o", "ndjson");
        String url2 = listening(err2);
        post(url2, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-1\",\"callId\":\"c-next\"}");
        String first = new Lines(again).next();
        assertTrue(first.contains("c-next"), "the failed webhook is not replayed: " + first);
        assertFalse(Files.readString(err2).contains("replaying"), Files.readString(err2));
    }

    @Test
    void aHookFailureWithOnHookErrorSkipKeepsListeningAndExits8() throws Exception {
        Path hook = dir.resolve("boom.js");
        Files.writeString(hook, "export function onEvent(e) { throw new Error('boom'); }");
        Path err = dir.resolve("err.txt");
        Process p = start(Map.of(), err, "listen", "--port", "0", "--journal", dir.resolve("j").toString(), "--hook",
                hook.toString(), "--on-hook-error", "skip", "-o", "ndjson");
        String url = listening(err);
        Lines lines = new Lines(p);
        for (int i = 0; i < 2; i++) {
            post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-1\",\"callId\":\"c-" + i + "\"}");
            assertTrue(lines.next().contains("c-" + i));
        }
        p.destroy();
        assertEquals(ExitCode.HOOK_FAILED, exit(p), Files.readString(err));
        assertTrue(Files.readString(err).contains("boom"));
    }

    @Test
    void aWebhookNameWithANewlineReachesTheFilterIntact() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = start(Map.of(), err, "listen", "--port", "0", "--journal", dir.resolve("j").toString(),
                "--filter", "c.name === 'ops\\nroom \"1\"'", "-o", "ndjson");
        String url = listening(err);
        post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-1\",\"callId\":\"c-1\","
                + "\"name\":\"ops\\nroom \\\"1\\\"\"}");
        String line = new Lines(p).next();
        assertTrue(line.contains("\"conferenceName\":\"ops\\nroom \\\"1\\\"\"") && line.contains("c-1"), line);
        assertFalse(Files.readString(err).contains("SyntaxError"), Files.readString(err));
    }

    @Test
    void refusalsAreJsonWhateverTheyQuote() throws Exception {
        Path err = dir.resolve("err.txt");
        start(Map.of(), err, "listen", "--port", "0", "--journal", dir.resolve("j").toString(), "-o", "ndjson");
        String url = listening(err);
        var r = Http.send("POST", url, null, "application/json",
                "{\"eventType\":\"conference\\\"Created\\\\\\n\",\"conferenceId\":\"c\"}");
        assertEquals(400, r.statusCode());
        var parsed = jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readObject();
        assertTrue(parsed.getString("error").contains("conference\"Created\\\n"), r.body());
    }

    @Test
    void aSecondListenerOnTheSameJournalExits2NamingTheFirst() throws Exception {
        Path journal = dir.resolve("j");
        Process first = start(Map.of(), dir.resolve("err1.txt"), "listen", "--port", "0", "--journal", journal.toString());
        listening(dir.resolve("err1.txt"));
        Path err = dir.resolve("err2.txt");
        Process second = start(Map.of(), err, "listen", "--port", "0", "--journal", journal.toString());
        assertEquals(ExitCode.USAGE, exit(second), Files.readString(err));
        assertTrue(Files.readString(err).contains("in use by another listener (pid " + first.pid() + ")"),
                Files.readString(err));
        assertTrue(first.isAlive());
    }

    @Test
    void aJournalThatIsADeviceIsRefusedWithExit2AndLeftAlone() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = start(Map.of(), err, "listen", "--port", "0", "--journal", "/dev/null");
        assertEquals(ExitCode.USAGE, exit(p), Files.readString(err));
        String said = Files.readString(err);
        assertTrue(said.contains("/dev/null is a device") && !said.contains("\tat "), said);
        assertTrue(Files.readAttributes(Path.of("/dev/null"), java.nio.file.attribute.BasicFileAttributes.class)
                .isOther());
    }

    @Test
    void listenEndsWhenNobodyReadsItsOutputAnyMore() throws Exception {
        Path err = dir.resolve("err.txt");
        try (var sim = conftool.sim.Simulator.builder().seedConference(false).start()) {
            Process p = start(api(sim), err, "listen", "--port", "0", "--journal", dir.resolve("j").toString(),
                    "-o", "ndjson");
            String url = listening(err);
            String conf = sim.world().createConference("ops", null, url, "POST", null, null);
            Lines lines = new Lines(p);
            assertTrue(lines.next().contains("conferenceSeen"));
            lines.close();   // as `conf listen … | head -1` does once it has its line
            // the listener learns that nobody reads at its next write: give it webhooks to write
            for (int i = 0; i < 50 && p.isAlive(); i++) {
                sim.world().join(conf, "+1555000" + (1000 + i));
                Thread.sleep(200);
            }
            assertEquals(0, exit(p), Files.readString(err));
            // the event written into the closed pipe was read by nobody: the next start prints it
            Process again = start(api(sim), dir.resolve("err2.txt"), "listen", "--port", "0", "--journal",
                    dir.resolve("j").toString(), "-o", "ndjson");
            String replayed = new Lines(again).next();
            assertTrue(replayed.contains("\"type\":\"memberJoined\""), replayed);
        }
    }

    @Test
    void aListenerKilledMidWayReplaysWhatItHadNotHandledAndNothingTwice() throws Exception {
        Path hook = dir.resolve("slow.js");
        Files.writeString(hook, "export function onEvent(e) { const t = Date.now(); while (Date.now() - t < 400) {} }");
        Path journal = dir.resolve("journal");
        List<String> calls = new ArrayList<>();
        Path out1 = dir.resolve("out1.ndjson");
        Process first = start(Map.of(), dir.resolve("err1.txt"), out1, "listen", "--port", "0", "--journal",
                journal.toString(), "--hook", hook.toString(), "--hook-timeout", "5s", "-o", "ndjson");
        String url = listening(dir.resolve("err1.txt"));
        for (int i = 0; i < 6; i++) {
            post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-k\",\"callId\":\"c-" + i + "\"}");
        }
        first.destroyForcibly();   // kill -9: some webhooks were answered but not handled yet
        exit(first);
        linesOf(out1, 0).forEach(l -> calls.add(l.replaceAll(".*\"callId\":\"(c-\\d)\".*", "$1")));
        Process second = start(Map.of(), dir.resolve("err2.txt"), "listen", "--port", "0", "--journal",
                journal.toString(), "-o", "ndjson");
        Lines out2 = new Lines(second);
        listening(dir.resolve("err2.txt"));
        while (calls.size() < 6) {
            calls.add(out2.next().replaceAll(".*\"callId\":\"(c-\\d)\".*", "$1"));
        }
        assertEquals(List.of("c-0", "c-1", "c-2", "c-3", "c-4", "c-5"), calls.stream().sorted().toList(),
                "every webhook handled exactly once across the kill: " + calls);
        assertTrue(Files.readString(dir.resolve("err2.txt")).contains("replaying"),
                "the kill left work to replay: " + Files.readString(dir.resolve("err2.txt")));
        second.destroy();
        assertEquals(0, exit(second));
        List<String> more = out2.rest();
        assertEquals(6, calls.size() + more.size(), "nothing twice: " + calls + " " + more);
    }

    @Test
    void sigtermEndsListenSoonAfterTheHookCallInHandAndLosesNoWebhook() throws Exception {
        Path hook = dir.resolve("slow.js");
        Files.writeString(hook, "export function onEvent(e) { const t = Date.now(); while (Date.now() - t < 300) {} }");
        Path journal = dir.resolve("j");
        Path out = dir.resolve("out1.ndjson");
        Process p = start(Map.of(), dir.resolve("err1.txt"), out, "listen", "--port", "0", "--journal",
                journal.toString(), "--hook", hook.toString(), "-o", "ndjson");
        String url = listening(dir.resolve("err1.txt"));
        for (int i = 0; i < 20; i++) {
            post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-t\",\"callId\":\"c-" + i + "\"}");
        }
        linesOf(out, 1);   // the hooks are busy with the first ones
        long sent = System.nanoTime();
        p.destroy();   // SIGTERM
        assertTrue(p.waitFor(5, TimeUnit.SECONDS), "listen still running 5 s after SIGTERM");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err1.txt")));
        assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() < 5000);
        java.util.Set<String> calls = new java.util.TreeSet<>();
        // a file, not a pipe: what the process wrote is all there once it has ended
        linesOf(out, 0).forEach(l -> calls.add(l.replaceAll(".*\"callId\":\"(c-\\d+)\".*", "$1")));
        Process again = start(Map.of(), dir.resolve("err2.txt"), "listen", "--port", "0", "--journal",
                journal.toString(), "-o", "ndjson");
        Lines replay = new Lines(again);
        try {
            while (calls.size() < 20) {
                calls.add(replay.next().replaceAll(".*\"callId\":\"(c-\\d+)\".*", "$1"));
            }
        } catch (AssertionError e) {
            throw new AssertionError("printed " + calls + "; first run said: " + Files.readString(dir.resolve("err1.txt"))
                    + "; second run said: " + Files.readString(dir.resolve("err2.txt")) + "; journal: "
                    + Files.readString(journal), e);
        }
        assertEquals(20, calls.size(), "every webhook printed, before or after the restart: " + calls);
    }

    @Test
    void sigtermEndsAListenWhoseEnrichmentHangsWithinSecondsAndKeepsTheWebhook() throws Exception {
        try (var hung = new conftool.support.SilentServer()) {
            Path journal = dir.resolve("j");
            Path err = dir.resolve("err.txt");
            Process p = start(Map.of("BW_CLIENT_ID", "c", "BW_CLIENT_SECRET", "s", "BW_ACCOUNT_ID", "9900000",
                    "CONF_BASE_URL", hung.baseUrl(), "CONF_TOKEN_URL", hung.baseUrl() + "/token",
                    "XDG_CACHE_HOME", dir.resolve("cache").toString()), err, dir.resolve("out.ndjson"),
                    "listen", "--port", "0", "--journal", journal.toString(), "--enrich", "-o", "ndjson");
            String url = listening(err);
            post(url, "{\"eventType\":\"conferenceMemberJoin\",\"conferenceId\":\"conf-h\",\"callId\":\"c-h\"}");
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (hung.accepted() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(hung.accepted() > 0, "the enrichment reached the hung server");
            long sent = System.nanoTime();
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "listen still running 5 s after SIGTERM");
            assertEquals(0, p.exitValue(), Files.readString(err));
            assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() < 5000);
            assertTrue(Files.readString(err).contains("stay in the journal"), Files.readString(err));
            assertTrue(Files.readString(journal).contains("c-h"), "the webhook is kept for the next start");
        }
    }

    @Test
    void aHundredSlowAndIdleConnectionsDoNotStopRealWebhooks() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = start(Map.of("CONF_LISTEN_USERNAME", "hooks", "CONF_LISTEN_PASSWORD", "pw"), err, "listen",
                "--port", "0", "--journal", dir.resolve("j").toString(), "--request-timeout", "2s",
                "--max-connections-per-peer", "12", "-o", "ndjson");
        String url = listening(err);
        int port = java.net.URI.create(url).getPort();
        String auth = Http.basic("hooks", "pw");
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                java.net.Socket s = new java.net.Socket();
                slow.add(s);
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0." + (2 + i / 10)), 0));
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                String opening = switch (i % 3) {
                    case 0 -> "P";
                    case 1 -> "POST / HTTP/1.1\r\nHost: x\r\n";
                    default -> "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth
                            + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
                };
                s.getOutputStream().write(opening.getBytes(StandardCharsets.US_ASCII));
            }
            Lines lines = new Lines(p);
            var client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 10; i++) {
                for (java.net.Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');   // alive, a byte at a time
                    } catch (IOException closed) {
                        // closed by its deadline
                    }
                }
                var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"eventType\":\"conferenceMemberJoin\","
                                + "\"conferenceId\":\"conf-1\",\"callId\":\"c-" + i + "\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(204, r.statusCode(), r.body());
                assertTrue(lines.next().contains("\"c-" + i + "\""));
                Thread.sleep(300);
            }
        } finally {
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
        p.destroy();
        assertEquals(0, exit(p), Files.readString(err));
    }

    @Test
    void getLoadsNoJettyClassAndListenDoes() throws Exception {
        try (var t = new conftool.support.TestSimulator()) {
            Map<String, String> env = Map.of("BW_USERNAME", conftool.support.TestSimulator.USER, "BW_PASSWORD",
                    conftool.support.TestSimulator.PASSWORD, "BW_ACCOUNT_ID", conftool.support.TestSimulator.ACCOUNT,
                    "CONF_BASE_URL", t.sim.baseUrl());
            assertEquals(0, jettyClasses(env, List.of("get", World.SEED_CONFERENCE_ID, "-o", "json")),
                    "get loads no Jetty class");
            assertTrue(jettyClasses(env, List.of("listen", "--port", "0", "--journal", dir.resolve("j").toString()))
                    > 50, "the check sees Jetty when it is used");
        }
    }

    /** How many Jetty classes a run loads, from -Xlog:class+load; a listener is stopped once it has started. */
    private long jettyClasses(Map<String, String> env, List<String> args) throws Exception {
        Path log = dir.resolve("classes-" + args.get(0) + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), "conftool.cli.Main"));
        cmd.addAll(args);
        Path err = dir.resolve("classes-" + args.get(0) + "-err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().put("CONF_CONFIG", "/nonexistent/conf-config");
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        if (args.get(0).equals("listen")) {
            listening(err);
            p.destroy();
        }
        assertEquals(0, exit(p), Files.readString(err));
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" org.eclipse.jetty.")).count();
        }
    }
}
