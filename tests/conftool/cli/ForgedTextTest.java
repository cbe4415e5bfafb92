package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import conftool.listen.Listener;
import conftool.listen.Webhook;
import conftool.output.EventPrinter;
import conftool.output.Inert;
import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from hooks and from the network, forged to pass for conf's own lines or to drive the terminal, through every
 * path that shows it to a person: each time it is one line, with the escapes visible.
 */
class ForgedTextTest {

    /** A forged second line, a screen clear, and every other kind of control a terminal acts on. */
    private static final String FORGED = "c-1\n[critical] forged: \u001b[2J\u000b\f\b\u2028\u0085\u202e!";
    /** The same as a JavaScript string literal; its escapes are also exactly what conf shows. */
    private static final String SHOWN = "c-1\\n[critical] forged: \\x1b[2J\\v\\f\\b\\u2028\\x85\\u202e!";
    private static final String JS = "'" + SHOWN + "'";
    private static final String SEED = World.SEED_CONFERENCE_ID;

    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        t.close();
    }

    private String hook(String source) throws Exception {
        Path f = dir.resolve("forge.js");
        Files.writeString(f, source);
        return f.toString();
    }

    /** The output shows the forged text escaped, holds nothing a terminal acts on, and no line was forged. */
    private static void assertInert(String output) {
        assertTrue(output.contains(SHOWN), output);
        String flat = output.replace("\n", "");
        assertEquals(Inert.text(flat), flat, "a control reached the output: " + Inert.text(output));
        assertFalse(output.lines().anyMatch(l -> l.startsWith("[critical] forged")), output);
    }

    @Test
    void alertLinesShowAForgedMessageAndCallIdOnOneLine() throws Exception {
        var r = cli.run("get", SEED, "-o", "json", "--hook", hook("export const options = { name: " + JS + " };\n"
                + "export function alert() { return { level: 'info', message: " + JS + ", callId: " + JS + " }; }"));
        assertEquals(0, r.exitCode(), r.err());
        assertInert(r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("[info]")).count(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void ndjsonAlertsKeepTheExactValue() throws Exception {
        var r = cli.run("get", SEED, "-o", "ndjson", "--hook",
                hook("export function alert() { return { level: 'info', message: " + JS + " }; }"));
        assertEquals(0, r.exitCode(), r.err());
        var alert = conftool.client.ApiJson.mapper().readTree(r.err().lines().findFirst().orElseThrow());
        assertEquals(FORGED, alert.get("message").asText());
    }

    @Test
    void jsonAndNdjsonKeepTheExactValueAndStillHoldNothingATerminalActsOn() throws Exception {
        String id = t.sim.world().createConference(FORGED, null, null, false);
        var events = cli.run("watch", id, "--cycles", "1", "-o", "ndjson");
        var json = cli.run("get", id, "-o", "json");
        var mapped = cli.run("get", SEED, "-o", "ndjson", "--map", "m.callId + " + JS);
        for (String out : new String[] {events.out(), json.out(), mapped.out()}) {
            String flat = out.replace("\n", "");
            assertEquals(Inert.text(flat), flat, "a control reached the output: " + Inert.text(out));
        }
        var mapper = conftool.client.ApiJson.mapper();
        assertEquals(FORGED, mapper.readTree(events.out().lines().findFirst().orElseThrow()).get("conferenceName").asText());
        assertEquals(FORGED, mapper.readTree(json.out()).get("name").asText());
        assertTrue(mapper.readTree(mapped.out().lines().findFirst().orElseThrow()).asText().endsWith(FORGED));
    }

    @Test
    void checksStatusLineAndAlertLinesShowForgedTextOnOneLineEach() throws Exception {
        String id = t.sim.world().createConference(FORGED, null, null, false);
        var ok = cli.run("check", id);
        assertEquals(CheckCommand.OK, ok.exitCode(), ok.all());
        assertInert(ok.out());
        assertEquals(1, ok.out().lines().count(), ok.out());
        var warned = cli.run("check", id, "--hook", hook("export function alert() { return [{ level: 'warning',"
                + " message: " + JS + ", callId: " + JS + " }, { level: 'info', message: " + JS + " }]; }"));
        assertEquals(CheckCommand.WARNING, warned.exitCode(), warned.all());
        assertInert(warned.out());
        assertEquals(3, warned.out().lines().count(), warned.out());
    }

    @Test
    void hooksConsoleLinesShowForgedTextOnOneLine() throws Exception {
        var r = cli.run("get", SEED, "-o", "json", "--hook", hook("export function filter(m) { console.log(" + JS
                + "); console.error(" + JS + "); print(" + JS + "); return true; }"));
        assertEquals(0, r.exitCode(), r.err());
        assertInert(r.err());
        assertEquals(6, r.err().lines().count(), r.err());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("[forge] ")), r.err());
    }

    @Test
    void aHooksThrownMessageIsShownInert() throws Exception {
        var r = cli.run("get", SEED, "-o", "json", "--hook",
                hook("export function filter(m) { throw new Error('\\x1b[2J' + " + JS + "); }"));
        assertEquals(ExitCode.HOOK_FAILED, r.exitCode(), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertTrue(r.err().contains("\\x1b[2J"), r.err());
    }

    @Test
    void tableAndCsvCellsShowForgedTextInert() throws Exception {
        String id = t.sim.world().createConference(FORGED, null, null, false);
        var table = cli.run("get", id, "-o", "table");
        assertEquals(0, table.exitCode(), table.err());
        assertInert(table.out());
        String map = "--map=({[" + JS + "]: " + JS + "})";
        var mapped = cli.run("get", SEED, "-o", "table", map);
        assertInert(mapped.out());
        assertEquals(3, mapped.out().lines().count(), mapped.out());
        var csv = cli.run("get", SEED, "-o", "csv", map);
        assertInert(csv.out());
        assertEquals(3, csv.out().lines().count(), csv.out());
        var selected = cli.run("get", id, "-o", "table", "--select", "/name");
        assertInert(selected.out());
    }

    @Test
    void watchEventLinesShowAForgedConferenceNameOnOneLine() throws Exception {
        String id = t.sim.world().createConference(FORGED, null, null, false);
        var r = cli.run("watch", id, "--cycles", "1", "-o", "table");
        assertEquals(0, r.exitCode(), r.err());
        assertInert(r.out());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void aWebhooksForgedCallIdIsOneEventLine() throws Exception {
        StringWriter out = new StringWriter();
        EventPrinter printer = new EventPrinter(new PrintWriter(out), false);
        Webhook w = new Webhook("conferenceMemberJoin", "2026-01-05T10:00:00Z", "conf-1", FORGED, "+1555", "+1666",
                FORGED, null, java.util.Map.of());
        printer.accept(w.toEvent(null));
        assertInert(out.toString());
        assertEquals(1, out.toString().lines().count(), out.toString());
    }

    @Test
    void listensLogLinesShowAForgedPathAndContentTypeInert() throws Exception {
        StringWriter log = new StringWriter();
        try (Listener l = new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), 0, "/", null, null,
                dir.resolve("journal"), 4096), w -> { }, new PrintWriter(log, true))) {
            String path = "/c-1%0a%5bcritical%5d%20forged:%20%1b%5b2J%0b%0c%08%e2%80%a8%c2%85%e2%80%ae!";
            raw(l.port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            raw(l.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/" + FORGED.replace("\n", "\u001b")
                    .replace("c-1", "") + "\r\nContent-Length: 2\r\n\r\n{}");
            byte[] body = conftool.client.ApiJson.mapper().writeValueAsBytes(java.util.Map.of("eventType", FORGED));
            raw(l.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
            // the log line follows the answer: wait for it, within a bound
            for (long end = System.nanoTime() + 5_000_000_000L; log.toString().lines().count() < 3
                    && System.nanoTime() < end; ) {
                Thread.sleep(10);
            }
        }
        String text = log.toString();
        assertEquals(3, text.lines().count(), text);
        assertTrue(text.contains(SHOWN), text);
        String flat = text.replace("\n", "");
        assertEquals(Inert.text(flat), flat, Inert.text(text));
        assertFalse(text.lines().anyMatch(l -> l.startsWith("[critical] forged")), text);
    }

    @Test
    void anErrorQuotingTheServerShowsItInert() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ("refused: " + FORGED).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(400, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            var r = cli.env("CONF_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2")
                    .run("get", SEED, "-o", "json");
            assertEquals(ExitCode.REJECTED, r.exitCode(), r.err());
            assertInert(r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            var verbose = cli.run("get", SEED, "-o", "json", "--verbose");
            String flat = verbose.err().replace("\n", "");
            assertEquals(Inert.text(flat), flat, Inert.text(verbose.err()));
            assertFalse(verbose.err().lines().anyMatch(l -> l.startsWith("[critical] forged")), verbose.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void listensEnrichWarningShowsAForgedConferenceIdInert() throws Exception {
        // a process, as listen runs until a signal; every wait below is bounded, and the process is killed at the end
        java.util.List<String> cmd = java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "conftool.cli.Main", "listen", "--port", "0", "--enrich",
                "--journal", dir.resolve("journal").toString(), "-o", "table");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().putAll(java.util.Map.of("BW_USERNAME", "u", "BW_PASSWORD", "p", "BW_ACCOUNT_ID", "9900000",
                "CONF_BASE_URL", "http://127.0.0.1:9/api/v2", "CONF_CONFIG", "/nonexistent/conf-config"));
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        java.util.concurrent.BlockingQueue<String> err = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8)).lines().forEach(err::add));
        reader.setDaemon(true);
        reader.start();
        try {
            String listening = next(err, l -> l.startsWith("conf: listening"));
            int port = Integer.parseInt(listening.replaceFirst(".*:(\\d+)/.*", "$1"));
            byte[] body = conftool.client.ApiJson.mapper().writeValueAsBytes(java.util.Map.of(
                    "eventType", "conferenceMemberJoin", "conferenceId", FORGED, "callId", "c-1"));
            raw(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
            String warning = next(err, l -> l.contains("could not enrich"));
            assertTrue(warning.contains(SHOWN), warning);
            assertEquals(Inert.text(warning), warning);
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "conf listen did not end");
        }
    }

    /** The next stderr line that matches, within 60 s. */
    private static String next(java.util.concurrent.BlockingQueue<String> lines,
            java.util.function.Predicate<String> wanted) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        for (String l; (l = lines.poll(Math.max(0, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS))
                != null; ) {
            if (wanted.test(l)) {
                return l;
            }
        }
        throw new AssertionError("no such line on stderr within 60 s");
    }

    @Test
    void aDownloadsForgedContentTypeIsShownInert() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = {1, 2, 3};
            ex.getResponseHeaders().set("Content-Type", "audio/wav\u001b[2J\u009b31m\u202e");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            var r = cli.env("CONF_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2")
                    .run("download", SEED, "r-1", "--file", dir.resolve("r.wav").toString());
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("audio/wav\\x1b[2J"), r.err());
            String flat = r.err().replace("\n", "");
            assertEquals(Inert.text(flat), flat, Inert.text(r.err()));
        } finally {
            server.stop(0);
        }
    }

    /** Sends one raw HTTP request (what an HTTP client would refuse to send) and reads the answer. */
    private static void raw(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.UTF_8));
            o.flush();
            s.getInputStream().read(new byte[4096]);
        }
    }
}
