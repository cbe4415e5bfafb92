package conftool.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.cli.ExitCode;
import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every example hook in scripts/ does what its header says, through the command line, on the seed conference. */
class ExampleHooksTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;
    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);

    @AfterEach
    void stop() {
        t.close();
    }

    private List<String> callIds(Cli.Result r) {
        return r.out().lines().filter(l -> l.startsWith("c-")).map(l -> l.split(",")[0]).toList();
    }

    @Test
    void mutedMembersKeepsOnlyTheMuted() {
        var r = cli.run("get", SEED, "--hook", "scripts/muted-members.js", "-o", "csv");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of(World.SEED_MUTED_CALL_ID), callIds(r));
    }

    @Test
    void onHoldKeepsTheHeldAndWarnsForEach() {
        t.sim.world().setHold(SEED, World.SEED_OTHER_CALL_ID, true);
        var r = cli.run("get", SEED, "--hook", "scripts/on-hold.js", "-o", "csv", "--fail-on", "warning");
        assertEquals(ExitCode.ALERT, r.exitCode(), r.err());
        assertEquals(List.of(World.SEED_OTHER_CALL_ID), callIds(r));
        assertTrue(r.err().contains("[warning] on-hold: " + World.SEED_OTHER_CALL_ID + " is on hold in myconf"), r.err());
    }

    @Test
    void whoCoachesWhomListsCoachesAndTheirCalls() {
        var r = cli.run("get", SEED, "--hook", "scripts/who-coaches-whom.js", "-o", "ndjson");
        assertEquals("{\"coach\":\"" + World.SEED_MUTED_CALL_ID + "\",\"coaches\":\"" + World.SEED_OTHER_CALL_ID
                + "\",\"absent\":\"-\"}", r.out().strip());
    }

    @Test
    void memberCountWarnsNearTheLimit() {
        String id = t.sim.world().createConference("big", null, null, false);
        for (int i = 0; i < 17; i++) {
            t.sim.world().join(id, "+1555");
        }
        var r = cli.run("get", id, "--hook", "scripts/member-count.js", "-o", "ndjson", "--fail-on", "warning");
        assertEquals(ExitCode.ALERT, r.exitCode());
        assertTrue(r.err().contains("\"message\":\"big has 17 members\""), r.err());
        assertTrue(r.err().contains("\"labels\":{\"members\":17,\"conference\":\"big\"}"), "a number stays a number: "
                + r.err());
        assertEquals(0, cli.run("get", SEED, "--hook", "scripts/member-count.js", "--fail-on", "warning").exitCode());
    }

    @Test
    void compactRowGivesOneStateColumn() {
        var r = cli.run("get", SEED, "--hook", "scripts/compact-row.js", "-o", "csv");
        assertEquals(List.of("call,state,coaching", World.SEED_MUTED_CALL_ID + ",muted,1",
                World.SEED_OTHER_CALL_ID + ",talking,0"), r.out().lines().toList());
    }

    @Test
    void countsByStateReportsCountsAsLabels() {
        var r = cli.run("get", SEED, "--hook", "scripts/counts-by-state.js", "-o", "ndjson");
        assertTrue(r.err().contains("\"message\":\"2 members: 1 muted, 0 held, 1 talking, 1 coaching\""), r.err());
        assertTrue(r.err().contains("\"labels\":{\"members\":2,\"muted\":1,\"held\":0,\"talking\":1,\"coaching\":1}"),
                "numbers stay numbers: " + r.err());
    }

    @Test
    void allExamplesTogetherChainInOrder() {
        var r = cli.run("get", SEED, "--hook", "scripts/muted-members.js", "--hook", "scripts/compact-row.js",
                "--hook", "scripts/counts-by-state.js", "-o", "ndjson");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("{\"call\":\"" + World.SEED_MUTED_CALL_ID + "\",\"state\":\"muted\",\"coaching\":1}",
                r.out().strip());
        assertTrue(r.err().contains("2 members"), "alert sees every member: " + r.err());
    }
}
