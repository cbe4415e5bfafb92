package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.model.ConferenceMember;
import conftool.sim.Fault;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code conf member CONF --all|--filter|CALL… --mute}: one list, the updates, one line per member, exit 11. */
class BulkMemberCommandTest {

    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);
    private final String conf = t.sim.world().createConference("all-hands", null, null, false);
    private final List<String> calls = new ArrayList<>();

    BulkMemberCommandTest() {
        for (int i = 0; i < 11; i++) {
            calls.add(t.sim.world().join(conf, "+1555000" + i));
        }
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Map<String, ConferenceMember> members() {
        Map<String, ConferenceMember> byId = new LinkedHashMap<>();
        t.client().conference(conf).members().forEach(m -> byId.put(m.callId(), m));
        return byId;
    }

    private List<String> puts() {
        return t.sim.requests().stream().filter(r -> r.startsWith("PUT ")).toList();
    }

    private List<String> gets() {
        return t.sim.requests().stream().filter(r -> r.startsWith("GET ")).toList();
    }

    private static Map<String, JsonNode> lines(Cli.Result r) throws Exception {
        Map<String, JsonNode> byCall = new LinkedHashMap<>();
        new ObjectMapper().readTree(r.out()).forEach(n -> byCall.put(n.get("callId").asText(), n));
        return byCall;
    }

    @Test
    void allMutesEveryMemberWithOneListAndOneUpdateEach() throws Exception {
        t.sim.world().setMute(conf, calls.get(0), true);
        var r = cli.run("member", conf, "--all", "--mute", "-o", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(1, gets().size(), "the conference listed once: " + gets());
        assertTrue(members().values().stream().allMatch(m -> Boolean.TRUE.equals(m.mute())), members().toString());
        Map<String, JsonNode> lines = lines(r);
        assertEquals(calls, List.copyOf(lines.keySet()), "one line per member, in the conference's order");
        assertEquals("unchanged", lines.get(calls.get(0)).get("result").asText(), "already muted: nothing sent");
        for (String c : calls.subList(1, calls.size())) {
            assertEquals("done", lines.get(c).get("result").asText(), r.out());
            assertEquals("mute", lines.get(c).get("action").asText());
        }
        assertEquals(10, puts().size(), "one update per member not muted yet: " + puts());
    }

    @Test
    void aTableHasOneAlignedLinePerMember() {
        var r = cli.run("member", conf, "--all", "--hold", "-o", "table");
        assertEquals(0, r.exitCode(), r.all());
        List<String> out = r.out().lines().toList();
        assertEquals(12, out.size(), "a header and 11 lines:\n" + r.out());
        int resultColumn = out.get(0).indexOf("result");
        int errorColumn = out.get(0).indexOf("error");
        for (String line : out.subList(1, out.size())) {
            assertEquals("done", line.substring(resultColumn, errorColumn).trim(), "columns line up:\n" + r.out());
            assertEquals("-", line.substring(errorColumn), "no error:\n" + r.out());
        }
    }

    @Test
    void aFilterChoosesTheMembersGetWouldShow() throws Exception {
        List<String> held = List.of(calls.get(2), calls.get(5), calls.get(7));
        held.forEach(c -> t.sim.world().setHold(conf, c, true));
        var r = cli.run("member", conf, "--filter", "m.hold", "--unhold", "--mute", "-o", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(held, List.copyOf(lines(r).keySet()), r.out());
        assertEquals("mute, unhold", lines(r).get(held.get(0)).get("action").asText());
        Map<String, ConferenceMember> now = members();
        for (String c : calls) {
            boolean chosen = held.contains(c);
            assertEquals(false, now.get(c).hold(), c);
            assertEquals(chosen, now.get(c).mute(), "only the filtered members are muted: " + c);
        }
        assertEquals(3, puts().size(), puts().toString());
    }

    @Test
    void dryRunSaysWhatItWouldDoAndSendsNoUpdate() throws Exception {
        var r = cli.run("member", conf, "--all", "--mute", "--dry-run", "-o", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of(), puts(), "no update sent");
        assertTrue(members().values().stream().noneMatch(m -> Boolean.TRUE.equals(m.mute())));
        lines(r).values().forEach(l -> assertEquals("dry-run", l.get("result").asText(), r.out()));
        assertEquals(11, lines(r).size());
    }

    @Test
    void aFailingMemberGivesExit11AndTheOthersAreStillUpdated() throws Exception {
        String failing = calls.get(4);
        t.sim.faults().add(Fault.status(500).on("PUT", failing));
        var r = cli.run("member", conf, "--all", "--mute", "-o", "json");
        assertEquals(ExitCode.MEMBERS_FAILED, r.exitCode(), r.all());
        Map<String, JsonNode> lines = lines(r);
        assertEquals("failed", lines.get(failing).get("result").asText());
        assertTrue(lines.get(failing).get("error").asText().contains("500"), lines.get(failing).toString());
        assertTrue(r.err().contains("1 member of 11 not updated"), r.err());
        Map<String, ConferenceMember> now = members();
        for (String c : calls) {
            assertEquals(!c.equals(failing), now.get(c).mute(), c);
        }
        assertEquals(11, puts().size(), "the failed update was sent once, not retried: " + puts());
    }

    @Test
    void callIdsChooseMembersAndOneNotInTheConferenceIsAFailedLine() throws Exception {
        String stranger = "c-00000000-00000000-0000-0000-0000-000000000000";
        var r = cli.run("member", conf, calls.get(1), calls.get(3), stranger, "--mute", "-o", "json");
        assertEquals(ExitCode.MEMBERS_FAILED, r.exitCode(), r.all());
        Map<String, JsonNode> lines = lines(r);
        assertEquals(List.of(calls.get(1), calls.get(3), stranger), List.copyOf(lines.keySet()));
        assertTrue(lines.get(stranger).get("error").asText().contains("not a member of " + conf));
        assertEquals(2, puts().size(), "nothing sent for the stranger: " + puts());
        assertEquals(true, members().get(calls.get(3)).mute());
        assertEquals(false, members().get(calls.get(2)).mute());
    }

    @Test
    void badCombinationsAreUsageErrorsAndSendNothing() {
        List<List<String>> bad = List.of(
                List.of("member", conf, "--all", calls.get(0), "--mute"),
                List.of("member", conf, "--mute"),
                List.of("member", conf, "--all"),
                List.of("member", conf, "--filter", "m.hold"),
                List.of("member", conf, "--all", "--filter", "m.hold", "--mute"),
                List.of("member", conf, "--all", "--map", "m.callId", "--mute"),
                List.of("member", conf, "--all", "--mute", "--rate", "0"));
        for (List<String> args : bad) {
            var r = cli.run(args);
            assertEquals(ExitCode.USAGE, r.exitCode(), args + "\n" + r.all());
            assertTrue(r.err().startsWith("conf: "), "one line saying what is wrong: " + r.err());
        }
        assertTrue(cli.run("member", conf, "--mute").err().contains("--all, --filter EXPR or CALL_ID"));
        assertTrue(cli.run("member", conf, "--all").err().contains("--mute, --unmute"));
        assertEquals(List.of(), t.sim.requests(), "nothing sent");
    }

    @Test
    void oneMemberStillShowsTheMemberAfterTheChange() throws Exception {
        var r = cli.run("member", conf, calls.get(0), "--mute", "-o", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertEquals(calls.get(0), m.get("callId").asText());
        assertEquals(true, m.get("mute").asBoolean());
    }

    @Test
    void theRateHoldsRequestsToItsWindow() {
        // --rate 2: the list and the first update at once, the next two a second later, the last two after two
        // seconds. Only a lower bound: a loaded machine can make it slower, never faster.
        long start = System.nanoTime();
        var r = cli.run("member", conf, calls.get(0), calls.get(1), calls.get(2), calls.get(3), calls.get(4),
                "--mute", "--rate", "2", "-o", "json");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(5, puts().size());
        assertTrue(seconds >= 1.9, "6 requests at 2 a second take two seconds at least, not " + seconds);
    }
}
