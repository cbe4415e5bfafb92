package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.Fault;
import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in this JVM: arguments in; stdout, stderr and exit code out. */
class ConfCommandTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;
    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);

    @AfterEach
    void stop() {
        t.close();
    }

    private static void assertNoSecret(Cli.Result r) {
        String all = r.all();
        assertFalse(all.contains(TestSimulator.PASSWORD), "the password leaked:\n" + all);
        assertFalse(all.contains(Base64.getEncoder().encodeToString(
                (TestSimulator.USER + ":" + TestSimulator.PASSWORD).getBytes())), "the Basic header leaked");
    }

    @Test
    void getPrintsEveryFieldAndMemberAsATableAndWideAddsTheMemberUrls() {
        var r = cli.run("get", SEED, "-o", "table");
        assertEquals(0, r.exitCode(), r.err());
        for (String expected : List.of(SEED, "myconf", "2020-05-21T18:01:45.133Z", "https://www.example.com", "POST",
                "testag", World.SEED_MUTED_CALL_ID, World.SEED_OTHER_CALL_ID, "completedTime")) {
            assertTrue(r.out().contains(expected), "missing " + expected + " in\n" + r.out());
        }
        assertFalse(r.out().contains("memberUrl"), "about 150 characters a row, left to -o wide:\n" + r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() < 120), r.out());
        var wide = cli.run("get", SEED, "-o", "wide");
        assertEquals(0, wide.exitCode(), wide.err());
        for (String expected : List.of("memberUrl", "conferenceId",
                t.sim.baseUrl() + "/accounts/9900000/conferences/" + SEED + "/members/" + World.SEED_MUTED_CALL_ID)) {
            assertTrue(wide.out().contains(expected), "missing " + expected + " in\n" + wide.out());
        }
        String mutedRow = r.out().lines().filter(l -> l.startsWith(World.SEED_MUTED_CALL_ID)).findFirst().orElseThrow();
        assertTrue(mutedRow.matches(".*\\byes\\s+no\\s+" + World.SEED_OTHER_CALL_ID + ".*"), mutedRow);
        assertNoSecret(r);
    }

    @Test
    void memberShowsMuteAndHoldAsTheMembersTableDoes() {
        var r = cli.run("member", SEED, World.SEED_MUTED_CALL_ID, "-o", "table");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("mute\\s+yes")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("hold\\s+no")), r.out());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAUsageError() {
        for (String[] bad : new String[][] {{"--connect-timeout", "0s"}, {"--read-timeout", "-5s"}}) {
            var r = cli.run("get", SEED, bad[0], bad[1]);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("the timeout (" + bad[0] + ") must be more than 0"), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void jsonOutputUsesTheApiFieldNames() {
        var r = cli.run("get", SEED, "--output", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject c = Json.createReader(new StringReader(r.out())).readObject();
        assertEquals("testag", c.getString("tag"));
        assertEquals("2020-05-21T18:01:45.133Z", c.getString("createdTime"));
        assertTrue(c.isNull("completedTime"));
        JsonObject m = c.getJsonArray("activeMembers").getJsonObject(0);
        assertEquals(List.of("callId", "conferenceId", "memberUrl", "mute", "hold", "callIdsToCoach"),
                List.copyOf(m.keySet()));
    }

    @Test
    void jsonIsTheDefaultWhenNotOnATerminal() {
        var r = cli.env("CONF_TERMINAL", "false").run("get", SEED);
        assertTrue(r.out().startsWith("{"), r.out());
    }

    @Test
    void selectPrintsAJsonPointerOfTheResult() {
        var r = cli.run("get", SEED, "--select", "/activeMembers/0/callIdsToCoach/0", "-o", "table");
        assertEquals(World.SEED_OTHER_CALL_ID, r.out().strip());
        var names = cli.run("list", "--select", "/name", "-o", "ndjson");
        assertEquals("\"myconf\"", names.out().strip());
        var missing = cli.run("get", SEED, "--select", "/nothing/here", "-o", "json");
        assertEquals("null", missing.out().strip());
        var bad = cli.run("get", SEED, "--select", "activeMembers");
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("JSON Pointer"), bad.err());
    }

    @Test
    void csvHasAHeaderAndOneRowPerMember() {
        var r = cli.run("get", SEED, "-o", "csv");
        List<String> lines = r.out().lines().toList();
        assertEquals("callId,conferenceId,memberUrl,mute,hold,callIdsToCoach", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith(World.SEED_MUTED_CALL_ID + "," + SEED + ","));
        assertTrue(lines.get(1).endsWith(",true,false," + World.SEED_OTHER_CALL_ID), lines.get(1));
    }

    @Test
    void listFollowsPagesAndHonoursLimitAndFilters() {
        for (int i = 0; i < 7; i++) {
            t.clock.advance(Duration.ofMinutes(1));
            t.sim.world().createConference(i < 4 ? "ops" : "sales", "t" + i, null, false);
        }
        var all = cli.run("list", "--page-size", "2", "-o", "ndjson");
        assertEquals(0, all.exitCode(), all.err());
        assertEquals(8, all.out().lines().count());
        var limited = cli.run("list", "--page-size", "2", "--limit", "3", "-o", "ndjson");
        assertEquals(3, limited.out().lines().count());
        var ops = cli.run("list", "--name", "ops", "--since", "2026-01-05T10:02:00Z", "--page-size", "1", "-o", "csv");
        assertEquals(4, ops.out().lines().count(), ops.out());
        var table = cli.run("list", "-o", "table");
        assertTrue(table.out().lines().findFirst().orElseThrow().startsWith("id "), table.out());
    }

    @Test
    void memberUpdatesChangeOnlyWhatIsAskedAndShowTheResult() {
        var r = cli.run("member", SEED, World.SEED_OTHER_CALL_ID, "--mute", "--hold", "-o", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject m = Json.createReader(new StringReader(r.out())).readObject();
        assertTrue(m.getBoolean("mute"));
        assertTrue(m.getBoolean("hold"));
        var unhold = cli.run("member", SEED, World.SEED_OTHER_CALL_ID, "--unhold", "-o", "json");
        JsonObject after = Json.createReader(new StringReader(unhold.out())).readObject();
        assertTrue(after.getBoolean("mute"));
        assertFalse(after.getBoolean("hold"));
        var both = cli.run("member", SEED, World.SEED_OTHER_CALL_ID, "--mute", "--unmute");
        assertEquals(ExitCode.USAGE, both.exitCode());
    }

    @Test
    void coachingCanBeSetAndCleared() {
        assertEquals(0, cli.run("member", SEED, World.SEED_MUTED_CALL_ID, "--no-coach").exitCode());
        var r = cli.run("member", SEED, World.SEED_OTHER_CALL_ID, "--coach", World.SEED_MUTED_CALL_ID, "-o", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"callIdsToCoach\": [\n    \"" + World.SEED_MUTED_CALL_ID), r.out());
    }

    @Test
    void endCompletesTheConference() {
        var r = cli.run("end", SEED);
        assertEquals(0, r.exitCode(), r.err());
        var after = cli.run("get", SEED, "--select", "/completedTime", "-o", "table");
        assertFalse(after.out().strip().equals("null"), after.out());
    }

    @Test
    void recordingsListAndDownload(@TempDir Path dir) throws Exception {
        var list = cli.run("recordings", SEED, "-o", "csv");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals(3, list.out().lines().count());
        String rec = list.out().lines().skip(1).findFirst().orElseThrow().split(",")[0];
        Path file = dir.resolve("out.wav");
        var d = cli.run("download", SEED, rec, "--file", file.toString());
        assertEquals(0, d.exitCode(), d.err());
        assertTrue(d.err().contains("wrote 218764 bytes"), d.err());
        assertEquals(218764, Files.size(file));
        var again = cli.run("download", SEED, rec, "--file", file.toString());
        assertEquals(ExitCode.USAGE, again.exitCode());
        assertTrue(again.err().contains("--force"), again.err());
    }

    @Test
    void downloadToADashWritesTheAudioToStdoutAsCurlDoes(@TempDir Path dir) throws Exception {
        String rec = "r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d";
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream audio = new java.io.ByteArrayOutputStream();
        Cli.Result r;
        Path before = Path.of("").toAbsolutePath();
        try {
            System.setOut(new java.io.PrintStream(audio, true));
            r = cli.env("CONF_TERMINAL", "false").run("download", SEED, rec, "--file", "-");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(218764, audio.size(), r.err());
        assertEquals("RIFF", new String(audio.toByteArray(), 0, 4));
        assertTrue(r.err().matches("conf: wrote 218764 bytes \\(audio/[^)]+\\) to stdout\\s*"), r.err());
        assertFalse(Files.exists(before.resolve("-")), "no file named -");
        var terminal = cli.env("CONF_TERMINAL", "true").run("download", SEED, rec, "--file", "-");
        assertEquals(ExitCode.USAGE, terminal.exitCode(), terminal.err());
        assertTrue(terminal.err().contains("refusing to write audio to a terminal"), terminal.err());
    }

    @Test
    void downloadIntoAMissingFolderIsAUsageErrorThatNamesTheFolder(@TempDir Path dir) {
        Path file = dir.resolve("no/such/folder/out.wav");
        var r = cli.run("download", SEED, "r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d", "--file", file.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertEquals("conf: cannot write " + file + ": the folder " + file.getParent() + " does not exist;"
                + " create it first or choose another --file", r.err().strip());
        assertFalse(Files.exists(dir.resolve("no")));
        assertTrue(t.sim.requests().stream().noneMatch(q -> q.contains("/media")), "nothing fetched");
    }

    @Test
    void aBaseUrlInCapitalsIsTheSameUrlAndAPortOutOfRangeIsAUsageError() {
        String upper = t.sim.baseUrl().replace("http://127.0.0.1", "HTTP://LOCALHOST");
        var caps = Cli.against(t).without("CONF_BASE_URL").run("--base-url", upper, "get", SEED, "-o", "json");
        assertEquals(0, caps.exitCode(), caps.err());
        var port = Cli.against(t).without("CONF_BASE_URL").run("--base-url", "http://127.0.0.1:99999/api/v2",
                "get", SEED);
        assertEquals(ExitCode.USAGE, port.exitCode(), port.err());
        assertEquals("conf: base URL \"http://127.0.0.1:99999/api/v2\" has port 99999: a port is 1 to 65535",
                port.err().strip());
        var zero = Cli.against(t).without("CONF_BASE_URL").run("--base-url", "http://127.0.0.1:0/api/v2", "get", SEED);
        assertEquals(ExitCode.USAGE, zero.exitCode(), zero.err());
    }

    @Test
    void aSelectWithAnInvalidEscapeIsAUsageError() {
        for (String bad : List.of("/a~2", "/activeMembers~", "/~x/b")) {
            var r = cli.run("get", SEED, "--select", bad);
            assertEquals(ExitCode.USAGE, r.exitCode(), bad + ": " + r.out() + r.err());
            assertTrue(r.err().contains("'~' must be followed by 0 (for ~) or 1 (for /)"), r.err());
            assertEquals("", r.out());
        }
        var ok = cli.run("get", SEED, "--select", "/no~0such~1field", "-o", "json");
        assertEquals(0, ok.exitCode(), ok.err());
    }

    @Test
    void idsMadeOnlyOfDotsAreRefusedBeforeAnyRequest() {
        for (String dots : List.of(".", "..", "...")) {
            var r = cli.run("get", dots);
            assertEquals(ExitCode.USAGE, r.exitCode(), dots + ": " + r.err());
            assertTrue(r.err().contains("is not a valid id"), r.err());
        }
        assertTrue(t.sim.requests().isEmpty(), t.sim.requests().toString());
        // '~' alone is no path step: it reaches the API, which answers that there is no such conference
        assertEquals(ExitCode.NOT_FOUND, cli.run("get", "~").exitCode());
    }

    @Test
    void aUsernameWithAColonIsRefusedSinceBasicAuthCannotCarryIt() {
        var r = cli.env("BW_USERNAME", "ops:team").run("get", SEED);
        assertEquals(ExitCode.AUTH, r.exitCode(), r.err());
        assertTrue(r.err().contains("the username from the environment"), r.err());
        assertTrue(r.err().contains("contains ':'"), r.err());
        assertTrue(r.err().contains("Basic authentication"), r.err());
        assertTrue(t.sim.requests().isEmpty(), "nothing was sent");
        assertNoSecret(r);
    }

    @Test
    void wideShowsEveryColumnOfEveryListAndTablesLeaveTheLongOnesOut() {
        var recordings = cli.run("recordings", SEED, "-o", "table");
        assertFalse(recordings.out().contains("mediaUrl"), recordings.out());
        assertTrue(cli.run("recordings", SEED, "-o", "wide").out().lines().findFirst().orElseThrow()
                .endsWith("mediaUrl"));
        var list = cli.run("list", "-o", "wide");
        assertTrue(list.out().lines().findFirst().orElseThrow().contains("conferenceEventMethod"), list.out());
        assertFalse(cli.run("list", "-o", "table").out().contains("conferenceEventMethod"));
        var member = cli.run("member", SEED, World.SEED_MUTED_CALL_ID, "-o", "wide");
        assertTrue(member.out().contains("memberUrl"), member.out());
        var bad = cli.run("get", SEED, "-o", "tall");
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("use table, wide, json, ndjson or csv"), bad.err());
    }

    @Test
    void anEmptyResultStillPrintsItsHeaderInTableAndCsv() {
        var table = cli.run("get", SEED, "--filter", "false", "-o", "table");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().strip().endsWith("callId  mute  hold  callIdsToCoach"), table.out());
        var csv = cli.run("get", SEED, "--filter", "false", "-o", "csv");
        assertEquals(List.of("callId,conferenceId,memberUrl,mute,hold,callIdsToCoach"), csv.out().lines().toList());
        var list = cli.run("list", "--name", "no-such-name", "-o", "table");
        assertEquals(List.of("id  name  createdTime  completedTime  tag"), list.out().lines().toList());
        assertEquals(List.of("id,name,createdTime,completedTime,conferenceEventUrl,conferenceEventMethod,tag"),
                cli.run("list", "--name", "no-such-name", "-o", "csv").out().lines().toList());
    }

    @Test
    void nullPrintsAsADashInTablesAnEmptyFieldInCsvAndNullInJson() {
        assertEquals("-", cli.run("get", SEED, "--select", "/completedTime", "-o", "table").out().strip());
        assertEquals("-", cli.run("get", SEED, "--select", "/no/such/field", "-o", "wide").out().strip());
        assertEquals("", cli.run("get", SEED, "--select", "/completedTime", "-o", "csv").out().strip());
        assertEquals("null", cli.run("get", SEED, "--select", "/completedTime", "-o", "json").out().strip());
        assertEquals("null", cli.run("get", SEED, "--select", "/completedTime", "-o", "ndjson").out().strip());
        String processing = cli.run("recordings", SEED, "-o", "table").out().lines()
                .filter(l -> l.contains("processing")).findFirst().orElseThrow();
        assertTrue(processing.matches(".*processing\\s+mp3\\s+-\\s+.*"), "no duration yet: " + processing);
        var mapped = cli.run("get", SEED, "--map", "({call: m.callId, coach: m.callIdsToCoach[0] ?? null})",
                "-o", "table");
        assertTrue(mapped.out().lines().anyMatch(l -> l.matches(World.SEED_OTHER_CALL_ID + "\\s+-")), mapped.out());
        var mappedCsv = cli.run("get", SEED, "--map", "({call: m.callId, coach: m.callIdsToCoach[0] ?? null})",
                "-o", "csv");
        assertTrue(mappedCsv.out().lines().anyMatch(l -> l.equals(World.SEED_OTHER_CALL_ID + ",")), mappedCsv.out());
    }

    @Test
    void anApiSentenceThatEndsWithAFullStopGetsNoSecond() {
        var r = cli.run("bxml", SEED, "conf.java");
        assertEquals(ExitCode.REJECTED, r.exitCode(), r.err());
        assertFalse(r.err().contains(".."), r.err());
        assertTrue(r.err().contains(". Check the arguments"), r.err());
    }

    @Test
    void aCommandsHelpOffersOnlyTheRootOptionsItReads() {
        var check = cli.run("check", "--help").out();
        for (String ignored : List.of("--output", "--select")) {
            assertFalse(check.contains(ignored), ignored + " in\n" + check);
        }
        assertTrue(check.contains("--base-url") && check.contains("--verbose"), check);
        var simulate = cli.run("simulate", "--help").out();
        for (String ignored : List.of("--base-url", "--account", "--profile", "--output", "--select", "--attempts",
                "--read-timeout", "--connect-timeout", "--verbose")) {
            assertFalse(simulate.contains(ignored), ignored + " in\n" + simulate);
        }
        var clear = cli.run("auth", "clear", "--help").out();
        assertFalse(clear.contains("--profile"), clear);
        var status = cli.run("auth", "status", "--help").out();
        assertTrue(status.contains("--profile") && status.contains("--token-url"), status);
        assertFalse(status.contains("--attempts"), "auth status sends no request: " + status);
        var watch = cli.run("watch", "--help").out();
        assertFalse(watch.contains("--select"), watch);
        assertTrue(watch.contains("--output"), watch);
        var get = cli.run("get", "--help").out();
        for (String used : List.of("--base-url", "--account", "--profile", "--output", "--select", "--attempts",
                "--read-timeout", "--connect-timeout", "--verbose")) {
            assertTrue(get.contains(used), used + " missing in\n" + get);
        }
        assertTrue(cli.run("--help").out().contains("--select"), "the root's help lists them all");
        // hidden, not gone: where a script already passes one, it is accepted as before
        var hidden = Cli.against(t).without("CONF_BASE_URL").run("check", SEED, "--base-url", t.sim.baseUrl(),
                "-o", "json");
        assertEquals(0, hidden.exitCode(), hidden.out() + hidden.err());
    }

    @Test
    void exitCodesTellFailuresApart() {
        assertEquals(ExitCode.NOT_FOUND, cli.run("get", "conf-nope").exitCode());
        assertEquals(ExitCode.USAGE, cli.run("get", "../etc/passwd").exitCode());
        assertEquals(ExitCode.USAGE, cli.run("get").exitCode());
        assertEquals(ExitCode.USAGE, cli.run("frobnicate").exitCode());
        assertEquals(ExitCode.REJECTED, cli.run("member", SEED, World.SEED_OTHER_CALL_ID, "--coach",
                World.SEED_MUTED_CALL_ID).exitCode(), "a second coach is refused by the API");
        t.sim.faults().add(Fault.tooManyRequests("0").times(9));
        assertEquals(ExitCode.RATE_LIMITED, cli.run("get", SEED).exitCode());
        t.sim.faults().clear();
        t.sim.faults().add(Fault.status(500).times(9));
        assertEquals(ExitCode.UNAVAILABLE, cli.run("get", SEED).exitCode());
        t.sim.faults().clear();
        assertEquals(ExitCode.AUTH, cli.env("BW_PASSWORD", "wrong").run("get", SEED).exitCode());
    }

    @Test
    void errorsAreOneLineOnStderrSayingWhatToDo() {
        var r = cli.run("get", "conf-nope");
        assertEquals("", r.out());
        assertTrue(r.err().contains("Conference [conf-nope] not found"), r.err());
        assertTrue(r.err().contains("conf list"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        var bad = cli.run("get", "conf\u001b[31m");
        assertTrue(bad.err().contains("\\u001b"), "control characters are shown escaped: " + bad.err());
        assertTrue(t.sim.requests().stream().noneMatch(q -> q.contains("%1B") || q.contains("\u001b")));
    }

    @Test
    void missingCredentialsSayHowToSetThem() {
        var r = new Cli().env("CONF_CONFIG", "/nonexistent/conf/config").run("get", SEED);
        assertEquals(ExitCode.AUTH, r.exitCode());
        assertTrue(r.err().contains("BW_CLIENT_ID") && r.err().contains("BW_CLIENT_SECRET"), r.err());
        assertTrue(r.err().contains("conf demo"), r.err());
        var noPassword = Cli.against(t).without("BW_PASSWORD").run("get", SEED);
        assertEquals(ExitCode.AUTH, noPassword.exitCode());
        assertTrue(noPassword.err().contains("BW_PASSWORD"), noPassword.err());
    }

    @Test
    void globalOptionsWorkBeforeOrAfterTheSubcommand() {
        var url = t.sim.baseUrl();
        var plain = Cli.against(t).without("CONF_BASE_URL");
        assertEquals(0, plain.run("--base-url", url, "get", SEED, "-o", "json").exitCode());
        assertEquals(0, plain.run("get", SEED, "--base-url", url, "-o", "json").exitCode());
        assertEquals(0, plain.run("-o", "json", "--account", "9900000", "--base-url", url, "get", SEED).exitCode());
        assertEquals(ExitCode.AUTH, plain.run("get", SEED, "--account", "1234567", "--base-url", url).exitCode());
    }

    @Test
    void plainHttpIsRefusedForNonLoopbackHosts() {
        var r = cli.run("get", SEED, "--base-url", "http://api.example.com/api/v2");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("https"), r.err());
        assertTrue(t.sim.requests().isEmpty());
    }

    @Test
    void verboseLogsRequestsButNeverThePassword() {
        var r = cli.run("--verbose", "get", SEED, "-o", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("---> GET " + t.sim.baseUrl()), r.err());
        assertTrue(r.err().contains("Authorization: Basic ***"), r.err());
        assertNoSecret(r);
        var failed = cli.env("BW_PASSWORD", TestSimulator.PASSWORD + "x").run("-v", "get", SEED);
        assertFalse(failed.all().contains(TestSimulator.PASSWORD), failed.all());
    }

    @Test
    void aProfileIsReadOnlyWhenOthersCannotReadIt(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[ops]\nusername = " + TestSimulator.USER + "\npassword = " + TestSimulator.PASSWORD
                + "\naccount = " + TestSimulator.ACCOUNT + "\nbase-url = " + t.sim.baseUrl() + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Cli profiled = new Cli().env("CONF_CONFIG", config.toString());
        var refused = profiled.run("--profile", "ops", "get", SEED);
        assertEquals(ExitCode.AUTH, refused.exitCode());
        assertTrue(refused.err().contains("chmod 600"), refused.err());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        var ok = profiled.run("--profile", "ops", "get", SEED, "-o", "json");
        assertEquals(0, ok.exitCode(), ok.err());
        assertNoSecret(ok);
        var unknown = profiled.run("--profile", "nope", "get", SEED);
        assertEquals(ExitCode.AUTH, unknown.exitCode());
        assertTrue(unknown.err().contains("ops"), "names the profiles there are: " + unknown.err());
    }

    @Test
    void versionAndHelpWorkOnEveryCommand() {
        assertTrue(cli.run("--version").out().startsWith("conf "));
        for (String command : List.of("get", "list", "member", "end", "redirect", "bxml", "recordings", "download",
                "simulate", "demo")) {
            var r = cli.run(command, "--help");
            assertEquals(0, r.exitCode(), command);
            assertTrue(r.out().contains("Usage: conf " + command), r.out());
        }
        assertTrue(cli.run("--help").out().contains("Exit codes"));
    }
}
