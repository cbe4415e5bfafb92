package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

    private final TestSimulator t = new TestSimulator(2);
    private final Cli cli = Cli.against(t);

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void watchPrintsNdjsonEventsWithTheContractsFieldNames() {
        var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "-o", "ndjson");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.out());
        JsonObject e = Json.createReader(new StringReader(lines.get(0))).readObject();
        assertEquals("conferenceSeen", e.getString("type"));
        assertEquals(World.SEED_CONFERENCE_ID, e.getString("conferenceId"));
        assertEquals("myconf", e.getString("conferenceName"));
        for (String field : List.of("time", "member", "previous", "patch")) {
            assertTrue(e.containsKey(field), field);
        }
    }

    @Test
    void watchAllSeesEveryConference() {
        var r = cli.run("watch", "--all", "--cycles", "1", "-o", "ndjson");
        assertEquals(3, r.out().lines().count(), r.out());
    }

    @Test
    void aStateFileInAMissingFolderIsAUsageErrorAndNoFolderIsMade(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        java.nio.file.Path state = dir.resolve("no/such/dir/watch.json");
        var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--state-file", state.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertEquals("conf: cannot write the state file " + state + ": the folder " + state.getParent()
                + " does not exist; create it first or choose another --state-file", r.err().strip());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("no")), "no folder was created");
    }

    @Test
    void watchingACompletedConferenceSaysSoAndEnds() {
        String id = t.sim.world().createConference("done", null, null, false);
        t.sim.world().complete(id);
        var r = cli.env("CONF_TERMINAL", "true").run("watch", id, "--interval", "50ms", "--cycles", "100");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("0 members; completed "), r.out());
        assertTrue(r.out().strip().endsWith("not polled again"), r.out());
        assertTrue(r.err().contains("every watched conference has completed or is gone; the watch ends"), r.err());
        assertEquals(1, t.sim.requests().stream().filter(q -> q.contains(id)).count(), "polled once, not 100 times");
        var wide = cli.run("watch", id, "-o", "wide");
        assertTrue(wide.out().contains("not polled again"), "wide is lines too, not NDJSON: " + wide.out());
    }

    @Test
    void theAlertSinkOptionsDeliverEachAlertAsReadmeSays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path hook = dir.resolve("muted.js");
        java.nio.file.Files.writeString(hook, "export function alert(c) { return c.activeMembers.filter((m) => m.mute)"
                + ".map((m) => ({level: 'warning', message: m.callId + ' is muted', key: 'muted:' + m.callId,"
                + " callId: m.callId})); }");
        java.nio.file.Path execOut = dir.resolve("exec.json");
        List<String> posted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/alerts", x -> {
            posted.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts";
            var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", hook.toString(),
                    "--alert-webhook", url, "--alert-exec", "cat > '" + execOut + "'", "--alert-queue", "10",
                    "-o", "ndjson");
            assertEquals(0, r.exitCode(), r.err());
            // the watch flushes its sinks before it exits: both have the alert by now
            assertEquals(1, posted.size(), posted.toString());
            assertTrue(posted.get(0).startsWith("POST application/json"), posted.get(0));
            JsonObject sent = Json.createReader(new StringReader(posted.get(0).substring(posted.get(0).indexOf('{'))))
                    .readObject();
            assertEquals("warning", sent.getString("level"));
            assertEquals(World.SEED_MUTED_CALL_ID, sent.getString("callId"));
            JsonObject run = Json.createReader(new StringReader(java.nio.file.Files.readString(execOut))).readObject();
            assertEquals(World.SEED_MUTED_CALL_ID + " is muted", run.getString("message"));
            assertTrue(r.err().contains("\"message\":\"" + World.SEED_MUTED_CALL_ID + " is muted\""),
                    "stderr always gets it: " + r.err());
        } finally {
            receiver.stop(0);
        }
        var badQueue = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--alert-queue", "0");
        assertEquals(ExitCode.USAGE, badQueue.exitCode(), badQueue.err());
        var badUrl = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--alert-webhook", "ftp://x/y");
        assertEquals(ExitCode.USAGE, badUrl.exitCode(), badUrl.err());
    }

    @Test
    void watchNeedsSomethingToWatch() {
        var r = cli.run("watch");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--all"), r.err());
        assertEquals(ExitCode.USAGE, cli.run("watch", "a/b").exitCode());
    }

    @Test
    void failOnMakesTheWatchExitWith9(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path hook = dir.resolve("crit.js");
        java.nio.file.Files.writeString(hook, "export function alert(c) { return c.activeMembers.some((m) => m.mute)"
                + " && {level: 'critical', message: 'someone is muted'}; }");
        var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", hook.toString(),
                "--fail-on", "critical", "-o", "ndjson");
        assertEquals(ExitCode.ALERT, r.exitCode(), r.err());
        assertTrue(r.err().contains("conf: exit 9: an alert of level critical or higher was raised (--fail-on)"),
                r.err());
        assertEquals(0, cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", hook.toString(),
                "-o", "ndjson").exitCode());
    }

    @Test
    void stateThatCannotBeSavedIsAWarningAndAnUnwritableFileAUsageError(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path hook = dir.resolve("loop.js");
        java.nio.file.Files.writeString(hook, "export function alert(c, ctx) { ctx.state.self = ctx.state; }");
        var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", hook.toString(),
                "--state-file", dir.resolve("s.json").toString(), "-o", "ndjson");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("ctx.state cannot be saved"), r.err());
        assertTrue(java.nio.file.Files.exists(dir.resolve("s.json")), "the rest of the state is saved");
        var bad = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--state-file", "/proc/conf/x.json");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--state-file"), bad.err());
    }

    @Test
    void aRestartWithTheStateFileKeepsTheHooksStateAndItsAlertConditions(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path hook = dir.resolve("count.js");
        // the first poll raises the condition 'stays'; the second does not, which resolves it if it is remembered
        java.nio.file.Files.writeString(hook, "export function alert(c, ctx) {"
                + " ctx.state.polls = (ctx.state.polls ?? 0) + 1;"
                + " const a = [{level: 'info', message: 'poll ' + ctx.state.polls, key: 'poll-' + ctx.state.polls}];"
                + " if (ctx.state.polls === 1) a.push({level: 'warning', message: 'stays', key: 'stays'});"
                + " return a; }");
        String state = dir.resolve("state.json").toString();
        var first = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", hook.toString(),
                "--state-file", state, "-o", "ndjson");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("poll 1") && first.err().contains("stays"), first.err());
        var second = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", hook.toString(),
                "--state-file", state, "-o", "ndjson");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("poll 2"), "ctx.state came back: " + second.err());
        List<String> stays = second.err().lines().filter(l -> l.contains("stays")).toList();
        assertEquals(1, stays.size(), second.err());
        assertTrue(stays.get(0).contains("resolved"), "the condition came back, and resolved: " + stays);
        assertEquals("", second.out(), "nothing announced again");
    }

    @Test
    void badCredentialsStopTheWatchAtOnce() {
        var r = cli.env("BW_PASSWORD", "wrong").run("watch", "--all", "--cycles", "3");
        assertEquals(ExitCode.AUTH, r.exitCode());
    }

    @Test
    void aWrongIdIsNotFoundNotAConferenceThatEnded() {
        var r = cli.run("watch", "conf-does-not-exist", "--cycles", "3", "--interval", "10ms", "-o", "ndjson");
        assertEquals(ExitCode.NOT_FOUND, r.exitCode(), r.out() + r.err());
        assertEquals("", r.out(), "no conferenceGone event for a conference never seen");
        assertTrue(r.err().contains("conf-does-not-exist"), r.err());
    }
}
