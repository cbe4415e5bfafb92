package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks on the command line: get with --hook/--filter/--map, alerts, --fail-on, --on-hook-error, and check. */
class HookCommandsTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;
    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        t.close();
    }

    private String hook(String name, String source) throws Exception {
        Path f = dir.resolve(name + ".js");
        Files.writeString(f, source);
        return f.toString();
    }

    /** A conference with n members, for the member-count thresholds. */
    private String conferenceWith(int n) {
        String id = t.sim.world().createConference("big", null, null, false);
        for (int i = 0; i < n; i++) {
            t.sim.world().join(id, "+1555000" + i);
        }
        return id;
    }

    @Test
    void filterAndMapOneLinersReshapeTheOutput() {
        var r = cli.run("get", SEED, "--filter", "m.mute && !m.hold", "--map", "({call: m.callId, muted: m.mute})",
                "-o", "ndjson");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("{\"call\":\"" + World.SEED_MUTED_CALL_ID + "\",\"muted\":true}", r.out().strip());
        var table = cli.run("get", SEED, "--map", "({call: m.callId, muted: m.mute})", "-o", "table");
        assertEquals("call                                             muted", table.out().lines().findFirst().orElseThrow());
        var csv = cli.run("get", SEED, "--map", "m.callId", "-o", "csv");
        assertEquals(List.of(World.SEED_MUTED_CALL_ID, World.SEED_OTHER_CALL_ID), csv.out().lines().toList());
    }

    @Test
    void aFilterAloneKeepsTheConferenceShape() {
        var r = cli.run("get", SEED, "--filter", "!m.mute", "-o", "json");
        assertTrue(r.out().contains("\"name\": \"myconf\""), r.out());
        assertTrue(r.out().contains(World.SEED_OTHER_CALL_ID));
        assertFalse(r.out().contains("\"callId\": \"" + World.SEED_MUTED_CALL_ID), r.out());
    }

    @Test
    void alertsGoToStderrAsLinesOrNdjsonAndFailOnSetsTheExitCode() throws Exception {
        String h = hook("warn", "export function alert(c) { return {level: 'warning', message: c.name + ' has '"
                + " + c.activeMembers.length, callId: c.activeMembers[0].callId}; }");
        var lines = cli.run("get", SEED, "--hook", h, "-o", "json");
        assertEquals(0, lines.exitCode());
        assertTrue(lines.err().contains("[warning] warn: myconf has 2 (conference " + SEED + ", call "
                + World.SEED_MUTED_CALL_ID + ")"), lines.err());
        assertTrue(lines.out().startsWith("{"), "stdout keeps the data only");
        var nd = cli.run("get", SEED, "--hook", h, "-o", "ndjson");
        assertTrue(nd.err().contains("\"level\":\"warning\",\"message\":\"myconf has 2\""), nd.err());
        var fired = cli.run("get", SEED, "--hook", h, "--fail-on", "warning");
        assertEquals(ExitCode.ALERT, fired.exitCode());
        assertTrue(fired.err().contains("conf: exit 9: an alert of level warning or higher was raised (--fail-on)"),
                fired.err());
        assertEquals(0, cli.run("get", SEED, "--hook", h, "--fail-on", "critical").exitCode());
        assertEquals(ExitCode.USAGE, cli.run("get", SEED, "--hook", h, "--fail-on", "loud").exitCode());
    }

    @Test
    void aFailingHookExitsWith8AndPrintsNothingPartial() throws Exception {
        String h = hook("boom", "export function map(m) {\n  throw new Error('boom on ' + m.callId);\n}");
        var r = cli.run("get", SEED, "--hook", h, "-o", "ndjson");
        assertEquals(ExitCode.HOOK_FAILED, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().contains(h + ":2:"), r.err());
        assertTrue(r.err().contains("map() for member " + World.SEED_MUTED_CALL_ID), r.err());
    }

    @Test
    void skipGoesOnWithTheOtherMembersAndStillExitsWith8() throws Exception {
        String h = hook("picky", "export function map(m) { if (m.mute) throw new Error('muted'); return m.callId; }");
        var r = cli.run("get", SEED, "--hook", h, "--on-hook-error", "skip", "-o", "ndjson");
        assertEquals(ExitCode.HOOK_FAILED, r.exitCode());
        assertEquals("\"" + World.SEED_OTHER_CALL_ID + "\"", r.out().strip());
        assertTrue(r.err().contains("muted"), r.err());
    }

    @Test
    void demoEndsWithTheHooksExitCodeAsGetDoes() throws Exception {
        String picky = hook("picky", "export function map(m) { if (m.mute) throw new Error('muted'); return m.callId; }");
        var skipped = new Cli().run("demo", "--hook", picky, "--on-hook-error", "skip");
        assertEquals(ExitCode.HOOK_FAILED, skipped.exitCode(), skipped.err());
        assertTrue(skipped.out().contains("$ conf member "), "the demo went on to the end: " + skipped.out());
        String warn = hook("warn", "export function alert(c) { return {level: 'warning', message: 'seen ' + c.name}; }");
        var fired = new Cli().run("demo", "--hook", warn, "--fail-on", "warning");
        assertEquals(ExitCode.ALERT, fired.exitCode(), fired.err());
        assertTrue(fired.err().contains("conf: exit 9: an alert of level warning or higher was raised (--fail-on)"),
                fired.err());
        assertEquals(0, new Cli().run("demo", "--hook", warn, "--fail-on", "critical").exitCode());
    }

    @Test
    void anEndlessLoopIsStoppedWithinTheHookTimeout() {
        var r = cli.run("get", SEED, "--filter", "(() => { for (;;) {} })()", "--hook-timeout", "300ms");
        assertEquals(ExitCode.HOOK_FAILED, r.exitCode());
        assertTrue(r.err().contains("still running after 300ms"), r.err());
        assertTrue(r.err().contains("A longer limit: --hook-timeout, or options.timeout in the hook"), r.err());
    }

    @Test
    void anEmptyExpressionIsAUsageError() {
        var r = cli.run("get", SEED, "--filter", " ");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("--filter needs a JavaScript expression over m"), r.err());
    }

    @Test
    void aMissingHookFileIsAUsageError() {
        var r = cli.run("get", SEED, "--hook", dir.resolve("nope.js").toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void checkIsOkWithPerformanceData() {
        var r = cli.run("check", SEED, "--hook", "scripts/member-count.js");
        assertEquals(CheckCommand.OK, r.exitCode(), r.out() + r.err());
        assertEquals("CONF OK - myconf: 2 members, 1 muted, 0 held | members=2;;;0;20 muted=1;;;0 held=0;;;0"
                + " coaching=1;;;0 warnings=0 criticals=0 pending=0", r.out().strip());
    }

    @Test
    void checkTurnsAlertsIntoWarningAndCritical() {
        var warning = cli.run("check", conferenceWith(16), "--hook", "scripts/member-count.js");
        assertEquals(CheckCommand.WARNING, warning.exitCode(), warning.out());
        assertTrue(warning.out().startsWith("CONF WARNING - big has 16 members | members=16;;;0;20"), warning.out());
        assertTrue(warning.out().contains("\nWARNING: member-count: big has 16 members"), warning.out());
        var critical = cli.run("check", conferenceWith(20), "--hook", "scripts/member-count.js");
        assertEquals(CheckCommand.CRITICAL, critical.exitCode(), critical.out());
        assertTrue(critical.out().startsWith("CONF CRITICAL - big is full: 20 members |"), critical.out());
    }

    /** Critical while any member is muted, once that has lasted {@code forDuration}. */
    private String mutedFor(String forDuration) throws Exception {
        return hook("muted-for", "export function alert(c) { return c.activeMembers.filter((m) => m.mute).map((m) =>"
                + " ({level: 'critical', message: m.callId + ' muted', key: 'muted:' + m.callId, callId: m.callId, for: '" + forDuration
                + "'})); }");
    }

    @Test
    void anInfoAlertIsListedButLeavesTheStatusOk() throws Exception {
        var r = cli.run("check", SEED, "--hook", hook("note", "export function alert(c) {"
                + " return {level: 'info', message: 'just so you know'}; }"));
        assertEquals(CheckCommand.OK, r.exitCode(), r.out());
        assertTrue(r.out().startsWith("CONF OK - myconf: 2 members, 1 muted, 0 held |"), r.out());
        assertTrue(r.out().contains("\nINFO: note: just so you know"), r.out());
    }

    @Test
    void anAlertWithForIsPendingInARunWithoutMemory() throws Exception {
        String hook = mutedFor("1h");
        var check = cli.run("check", SEED, "--hook", hook);
        assertEquals(CheckCommand.OK, check.exitCode(), check.out());
        assertTrue(check.out().startsWith("CONF OK - myconf: 2 members, 1 muted, 0 held; 1 alert pending |"), check.out());
        assertTrue(check.out().contains(" criticals=0 pending=1"), check.out());
        assertTrue(check.out().contains("PENDING CRITICAL: muted-for: " + World.SEED_MUTED_CALL_ID + " muted (call "
                + World.SEED_MUTED_CALL_ID + ", fires once raised for 1h)"), check.out());
        var get = cli.run("get", SEED, "--hook", hook, "--fail-on", "critical", "-o", "json");
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.err().contains("[pending critical] muted-for: ") && get.err().contains("fires once raised for 1h"),
                get.err());
    }

    @Test
    void checkWithAStateFileFiresOnceTheConditionHasLastedItsFor() throws Exception {
        String hook = mutedFor("300ms");
        String state = dir.resolve("check-state.json").toString();
        var first = cli.run("check", SEED, "--hook", hook, "--state-file", state);
        assertEquals(CheckCommand.OK, first.exitCode(), first.out());
        Thread.sleep(400);
        var later = cli.run("check", SEED, "--hook", hook, "--state-file", state);
        assertEquals(CheckCommand.CRITICAL, later.exitCode(), later.out());
        assertTrue(later.out().startsWith("CONF CRITICAL - " + World.SEED_MUTED_CALL_ID + " muted |"), later.out());
        assertTrue(later.out().contains(" criticals=1 pending=0"), later.out());
        // the condition clears: its clock starts afresh when it comes back
        t.sim.world().setMute(SEED, World.SEED_MUTED_CALL_ID, false);
        assertEquals(CheckCommand.OK, cli.run("check", SEED, "--hook", hook, "--state-file", state).exitCode());
        t.sim.world().setMute(SEED, World.SEED_MUTED_CALL_ID, true);
        var again = cli.run("check", SEED, "--hook", hook, "--state-file", state);
        assertEquals(CheckCommand.OK, again.exitCode(), again.out());
        assertTrue(again.out().contains("pending=1"), again.out());
    }

    @Test
    void checksOfManyConferencesAndHooksShareOneStateFile() throws Exception {
        String state = dir.resolve("shared-state.json").toString();
        List<String> conferences = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = t.sim.world().createConference("c" + i, null, null, false);
            t.sim.world().setMute(id, t.sim.world().join(id, "+1555000" + i), true);
            conferences.add(id);
        }
        String muted = mutedFor("1h");
        // processes, as a monitoring system runs checks: the file lock between processes is what is under test
        List<Process> checks = new java.util.ArrayList<>();
        try {
            for (String id : conferences) {
                // four JVMs starting GraalJS at once on a small machine: the hooks' time limit is not under test
                checks.add(checkProcess(id, "--hook", muted, "--state-file", state, "--hook-timeout", "60s"));
            }
            for (int i = 0; i < checks.size(); i++) {
                Process p = checks.get(i);
                assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "check " + i + " ended in 120 s");
                String out = Files.readString(dir.resolve("check-" + conferences.get(i) + ".out"));
                assertEquals(CheckCommand.OK, p.exitValue(), out
                        + Files.readString(dir.resolve("check-" + conferences.get(i) + ".err")));
            }
        } finally {
            checks.forEach(Process::destroyForcibly);
        }
        String written = Files.readString(Path.of(state));
        for (String id : conferences) {
            assertTrue(written.contains(id + "|muted-for|"), "every check kept its clock: " + written);
        }
        // another hook on the same conference leaves the first one's clock alone
        assertEquals(CheckCommand.OK, cli.run("check", conferences.get(0), "--hook", "scripts/member-count.js",
                "--state-file", state).exitCode());
        assertTrue(Files.readString(Path.of(state)).contains(conferences.get(0) + "|muted-for|"));
    }

    /** {@code conf check} in a process of its own, pointed at the test simulator; output in files under dir. */
    private Process checkProcess(String conference, String... more) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "conftool.cli.Main", "check", conference));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("check-" + conference + ".out").toFile())
                .redirectError(dir.resolve("check-" + conference + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().putAll(java.util.Map.of("BW_USERNAME", TestSimulator.USER, "BW_PASSWORD",
                TestSimulator.PASSWORD, "BW_ACCOUNT_ID", TestSimulator.ACCOUNT, "CONF_BASE_URL", t.sim.baseUrl(),
                "CONF_CONFIG", "/nonexistent/conf-config"));
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    @Test
    void anUnwritableStateFileIsUnknownBeforeAnythingRuns() {
        var r = cli.run("check", SEED, "--state-file", "/proc/conf-state.json");
        assertEquals(CheckCommand.UNKNOWN, r.exitCode(), r.out());
        assertTrue(r.out().startsWith("CONF UNKNOWN - cannot write the state file /proc/conf-state.json ("), r.out());
        assertTrue(r.out().contains("choose a writable place with --state-file"), r.out());
    }

    @Test
    void aStateFileInAMissingFolderIsUnknownAndNoFolderIsMade() {
        Path state = dir.resolve("no/such/dir/x.json");
        var r = cli.run("check", SEED, "--state-file", state.toString());
        assertEquals(CheckCommand.UNKNOWN, r.exitCode(), r.out());
        assertEquals("CONF UNKNOWN - cannot write the state file " + state + ": the folder " + state.getParent()
                + " does not exist; create it first or choose another --state-file", r.out().strip());
        assertFalse(Files.exists(dir.resolve("no")), "no folder was created");
        assertTrue(t.sim.requests().isEmpty(), "refused before the request");
    }

    @Test
    void checksHelpOffersNoFailOnSinceTheAlertsSetItsStatus() {
        var help = cli.run("check", "--help");
        assertEquals(0, help.exitCode());
        assertFalse(help.out().contains("--fail-on"), help.out());
        assertTrue(help.out().contains("--hook"), help.out());
        var r = cli.run("check", SEED, "--fail-on", "warning");
        assertEquals(CheckCommand.UNKNOWN, r.exitCode(), r.out());
        assertTrue(r.out().startsWith("CONF UNKNOWN - Unknown options: '--fail-on', 'warning'"), r.out());
        assertTrue(cli.run("get", "--help").out().contains("--fail-on"), "get keeps it");
    }

    @Test
    void anUnreadableStateFileIsUnknownAndKeptAsItWas() throws Exception {
        Path state = dir.resolve("broken.json");
        Files.writeString(state, "{not json");
        var r = cli.run("check", SEED, "--hook", mutedFor("1m"), "--state-file", state.toString());
        assertEquals(CheckCommand.UNKNOWN, r.exitCode(), r.out());
        assertTrue(r.out().startsWith("CONF UNKNOWN - state file " + state + " is not one that conf check writes"),
                r.out());
        assertFalse(r.out().contains("PendingAlerts"), "no Java names: " + r.out());
        assertEquals("{not json", Files.readString(state));
    }

    @Test
    void checkIsUnknownForAnyFailure() throws Exception {
        assertEquals(CheckCommand.UNKNOWN, cli.run("check", "conf-nope").exitCode());
        var bad = cli.run("check", SEED, "--hook", hook("x", "export function alert() { throw new Error('x'); }"));
        assertEquals(CheckCommand.UNKNOWN, bad.exitCode());
        assertTrue(bad.out().startsWith("CONF UNKNOWN - "), bad.out());
        var syntax = cli.run("check", SEED, "--filter", "m.mute &&");
        assertEquals(CheckCommand.UNKNOWN, syntax.exitCode());
        assertTrue(syntax.out().startsWith("CONF UNKNOWN - ") && syntax.out().contains("SyntaxError"), syntax.out());
        var goneWithHooks = cli.run("check", "conf-nope", "--filter", "m.mute");
        assertEquals(CheckCommand.UNKNOWN, goneWithHooks.exitCode());
        assertTrue(goneWithHooks.out().startsWith("CONF UNKNOWN - "), goneWithHooks.out());
        var usage = cli.run("check");
        assertEquals(CheckCommand.UNKNOWN, usage.exitCode());
        assertTrue(usage.out().startsWith("CONF UNKNOWN - Missing required parameter"), usage.out());
        var creds = Cli.against(t).env("BW_PASSWORD", "wrong").run("check", SEED);
        assertEquals(CheckCommand.UNKNOWN, creds.exitCode());
        assertFalse(creds.all().contains(TestSimulator.PASSWORD));
    }
}
