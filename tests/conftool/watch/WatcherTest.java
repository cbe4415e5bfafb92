package conftool.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.alerts.AlertEngine;
import conftool.client.ConferenceClient;
import conftool.hooks.HookSession;
import conftool.hooks.HookSpec;
import conftool.model.Alert;
import conftool.model.Event;
import conftool.sim.Fault;
import conftool.sim.World;
import conftool.support.TestSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch mode against the simulator, its clock moved by the test: scripted scenarios, faults, state, hooks. */
class WatcherTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;
    private static final String MUTED = World.SEED_MUTED_CALL_ID;
    private static final String OTHER = World.SEED_OTHER_CALL_ID;

    private final TestSimulator t = new TestSimulator();
    private final List<Event> events = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final StringWriter err = new StringWriter();
    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        t.close();
    }

    private Watcher watcher(List<String> ids, boolean all, Path state, HookSession hooks) {
        ConferenceClient client = t.clientBuilder().maxAttempts(3).readTimeout(Duration.ofSeconds(2)).build();
        Consumer<Event> sink = events::add;
        Watcher w = new Watcher(client, new Watcher.Settings(ids, all, null, 4, state), sink, hooks,
                new AlertEngine(List.of(alerts::add)), t.clock, new PrintWriter(err, true));
        open.add(w);
        return w;
    }

    private Watcher watcher() {
        return watcher(List.of(SEED), false, null, null);
    }

    private List<String> seen() {
        List<String> out = events.stream().map(e -> e.type() + (e.callId() == null ? "" : ":" + e.callId())).toList();
        events.clear();
        return out;
    }

    private void tick(Watcher w) {
        t.clock.advance(Duration.ofSeconds(5));
        w.cycle();
    }

    @Test
    void stopCutsACycleWhosePollHangsShortAndCountsThePollAsMissed() throws Exception {
        Path state = dir.resolve("state.json");
        Watcher w = watcher(List.of(SEED), true, state, null);
        tick(w);
        // the API now takes the requests (the list, then the poll) and answers after a minute
        t.sim.faults().add(Fault.slow(Duration.ofMinutes(1)).times(100));
        int before = t.sim.requests().size();
        Thread cycle = new Thread(() -> tick(w));
        cycle.start();
        for (int i = 0; i < 200 && t.sim.requests().size() == before; i++) {
            Thread.sleep(25);
        }
        assertTrue(t.sim.requests().size() > before, "a request is in flight");
        w.stop();
        cycle.join(5_000);
        assertFalse(cycle.isAlive(), "the cycle still waited 5 s after stop()");
        // the --all listing was cut short, so the known conference was not polled: one missed poll, saved
        assertEquals(1, WatchState.load(state).conferences().get(SEED).missedPolls());
        assertEquals("", err.toString(), "a stop is no failure to warn about");
        w.cycle();   // after stop() a cycle only saves
        assertEquals(before + 1, t.sim.requests().size(), "no request after stop()");
    }

    /** The scripted scenario, step by step; returns the changes each step must yield. */
    private List<List<String>> scenario(Watcher w, Runnable beforeEachPoll) {
        World world = t.sim.world();
        List<List<String>> steps = new ArrayList<>();
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        String x = world.join(SEED, "+15550001");
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        world.setMute(SEED, x, true);
        world.setHold(SEED, OTHER, true);
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        world.setCoaching(SEED, MUTED, List.of(OTHER, x));
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        world.setHold(SEED, OTHER, false);
        world.leave(SEED, x);
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        world.complete(SEED);
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        beforeEachPoll.run();
        tick(w);
        steps.add(seen());
        steps.add(List.of(x));
        return steps;
    }

    @Test
    void aScriptedScenarioYieldsExactlyTheExpectedEvents() {
        var steps = scenario(watcher(), () -> { });
        String x = steps.get(7).get(0);
        assertEquals(List.of("conferenceSeen"), steps.get(0));
        assertEquals(List.of("memberJoined:" + x), steps.get(1));
        assertEquals(List.of("held:" + OTHER, "muted:" + x), steps.get(2));
        assertEquals(List.of("coachingChanged:" + MUTED), steps.get(3));
        assertEquals(List.of("coachingChanged:" + MUTED, "unheld:" + OTHER, "memberLeft:" + x), steps.get(4),
                "the simulator drops a call that left from its coach's list");
        assertEquals(List.of("memberLeft:" + MUTED, "memberLeft:" + OTHER, "conferenceCompleted"), steps.get(5));
        assertEquals(List.of(), steps.get(6), "a completed conference is not polled again");
    }

    @Test
    void eventsCarryMemberPreviousAndPatch() {
        Watcher w = watcher();
        tick(w);
        events.clear();
        t.sim.world().setMute(SEED, OTHER, true);
        tick(w);
        Event e = events.get(0);
        assertEquals("muted", e.type());
        assertEquals(SEED, e.conferenceId());
        assertEquals("myconf", e.conferenceName());
        assertEquals(t.clock.instant(), e.time());
        assertEquals(Boolean.TRUE, e.member().mute());
        assertEquals(Boolean.FALSE, e.previous().mute());
        assertEquals("replace", e.patch().get(0).op());
        assertEquals("/members/" + OTHER + "/mute", e.patch().get(0).path());
        assertEquals(true, e.patch().get(0).value());
    }

    @Test
    void everyMemberEventCarriesItsMemberAndMemberLeftTheMemberAsLastSeen() {
        Watcher w = watcher();
        tick(w);
        t.sim.world().setMute(SEED, OTHER, true);
        tick(w);
        t.sim.world().leave(SEED, OTHER);
        tick(w);
        List<Event> member = events.stream().filter(e -> e.callId() != null).toList();
        assertEquals(List.of("muted", "coachingChanged", "memberLeft"), member.stream().map(Event::type).toList(),
                "the seed's other member coached the one who left");
        for (Event e : member) {
            assertTrue(e.member() != null && e.member().callId().equals(e.callId()), e.type() + " carries its member");
        }
        Event left = member.get(2);
        assertEquals(Boolean.TRUE, left.member().mute(), "memberLeft: the member as last seen");
        assertEquals(left.member(), left.previous(), "previous stays");
        assertTrue(conftool.events.EventPath.json(left).contains("\"member\":{\"callId\":\"" + OTHER + "\""),
                "jq '.member.callId' works: " + conftool.events.EventPath.json(left));
    }

    /** Each step changes the world; after it the watch polls twice, the first time with faults switched on. */
    private List<String> run(TestSimulator sim, Fault[][] faults, List<Event> got) {
        ConferenceClient client = sim.clientBuilder().maxAttempts(3).readTimeout(Duration.ofMillis(800)).build();
        Watcher w = new Watcher(client, new Watcher.Settings(List.of(SEED), false, null, 4, null), got::add, null,
                new AlertEngine(List.of()), sim.clock, new PrintWriter(err, true));
        open.add(w);
        World world = sim.sim.world();
        String[] x = new String[1];
        List<Runnable> steps = List.of(
                () -> { },
                () -> x[0] = world.join(SEED, "+15550001"),
                () -> {
                    world.setMute(SEED, x[0], true);
                    world.setHold(SEED, OTHER, true);
                },
                () -> world.setCoaching(SEED, MUTED, List.of(OTHER, x[0])),
                () -> world.setMute(SEED, x[0], false),
                () -> {
                    world.setHold(SEED, OTHER, false);
                    world.leave(SEED, x[0]);
                },
                () -> world.complete(SEED));
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).run();
            for (Fault f : faults[i]) {
                sim.sim.faults().add(f.on("GET", "/conferences/" + SEED));
            }
            sim.clock.advance(Duration.ofSeconds(5));
            w.cycle();
            sim.sim.faults().clear();
            sim.clock.advance(Duration.ofSeconds(5));
            w.cycle();
        }
        return got.stream().filter(e -> !e.type().equals("gap"))
                .map(e -> e.type() + (e.callId() == null ? "" : ":" + e.callId().replace(x[0], "X"))).toList();
    }

    @Test
    void faultsMidScenarioLoseAndDuplicateNothing() {
        Fault[][] none = new Fault[7][0];
        List<String> expected = run(t, none, new ArrayList<>());
        assertEquals(List.of("conferenceSeen", "memberJoined:X", "held:" + OTHER, "muted:X", "coachingChanged:" + MUTED,
                "unmuted:X", "coachingChanged:" + MUTED, "unheld:" + OTHER, "memberLeft:X", "memberLeft:" + MUTED,
                "memberLeft:" + OTHER, "conferenceCompleted"), expected);

        Fault[][] faults = {
                {Fault.tooManyRequests("0"), Fault.drop()},             // retried within the poll
                {Fault.status(500).times(3)},                           // the poll fails: a gap, then the change
                {Fault.truncate().times(3)},                            // fails
                {Fault.status(503), Fault.tooManyRequests("1")},        // retried within the poll
                {Fault.slow(Duration.ofSeconds(2)).times(3)},           // read timeouts: fails
                {Fault.drop().times(6)},                                // dropped connections: fails (the JDK retries a GET once itself)
                {Fault.slow(Duration.ofMillis(300)), Fault.status(502)}};
        try (TestSimulator faulty = new TestSimulator()) {
            List<Event> got = new ArrayList<>();
            assertEquals(expected, run(faulty, faults, got), "every change exactly once, in order\n" + err);
            List<Event> gaps = got.stream().filter(e -> e.type().equals("gap")).toList();
            assertEquals(4, gaps.size(), "a gap after each failed poll: " + got.stream().map(Event::type).toList());
            assertTrue(gaps.stream().allMatch(e -> e.missedPolls() == 1));
        }
    }

    @Test
    void anEmptyAnswerIsAFailedPollAndTheNextPollReportsWhatChanged() {
        Watcher w = watcher();
        tick(w);
        assertEquals(List.of("conferenceSeen"), seen());
        t.sim.faults().add(Fault.body("").on("GET", SEED));
        t.sim.world().setHold(SEED, MUTED, true);
        tick(w);
        assertEquals(List.of(), seen());
        assertTrue(err.toString().contains("was empty"), err.toString());
        tick(w);
        assertEquals(List.of("gap", "held:" + MUTED), seen());
    }

    @Test
    void allFindsNewConferencesEachCycleAcrossPagesAndAnnouncesTheirMembers() {
        Watcher w = watcher(List.of(), true, null, null);
        tick(w);
        assertEquals(List.of("conferenceSeen"), seen());
        String id = t.sim.world().createConference("late", null, null, false);
        String a = t.sim.world().join(id, "+1");
        String b = t.sim.world().join(id, "+2");
        tick(w);
        assertEquals(List.of("conferenceSeen", "memberJoined:" + a, "memberJoined:" + b), seen());
    }

    @Test
    void aConferenceThatDisappearsIsGoneOnce() {
        Watcher w = watcher(List.of(SEED), false, null, null);
        tick(w);
        assertEquals(List.of("conferenceSeen"), seen());
        t.sim.faults().add(conftool.sim.Fault.status(404).on("GET", SEED).times(5));
        tick(w);
        assertEquals(List.of("conferenceGone"), seen());
        tick(w);
        assertEquals(List.of(), seen());
    }

    @Test
    void aNamedConferenceNeverSeenIsAWrongIdNotAConferenceGone() {
        Watcher w = watcher(List.of(SEED, "conf-never-was"), false, null, null);
        conftool.client.ApiException.NotFound e = org.junit.jupiter.api.Assertions.assertThrows(
                conftool.client.ApiException.NotFound.class, () -> tick(w));
        assertTrue(e.getMessage().contains("conf-never-was"), e.getMessage());
    }

    @Test
    void theStateFileMeansARestartReannouncesNothingAndMissesNothing() throws Exception {
        Path state = dir.resolve("watch.json");
        Watcher first = watcher(List.of(SEED), false, state, null);
        tick(first);
        t.sim.world().setHold(SEED, MUTED, true);
        tick(first);
        assertEquals(List.of("conferenceSeen", "held:" + MUTED), seen());
        first.close();
        assertTrue(Files.readString(state).contains("\"version\":1"));

        t.sim.world().setMute(SEED, OTHER, true);        // while conf was down
        t.clock.advance(Duration.ofMinutes(5));
        Watcher second = watcher(List.of(SEED), false, state, null);
        tick(second);
        assertEquals(List.of("muted:" + OTHER), seen());
    }

    @Test
    void hooksFilterEventsRaiseAlertsFromEventsAndPollsAndKeepState() throws Exception {
        Path hook = dir.resolve("rules.js");
        Files.writeString(hook, """
                export const options = {name: 'rules'};
                export function filter(m) { return m.callId !== '%s'; }
                export function onEvent(e, ctx) {
                  if (e.type !== 'held') return;
                  ctx.state.holds = (ctx.state.holds ?? []).filter((t) => Date.parse(e.time) - Date.parse(t) < 600000);
                  ctx.state.holds.push(e.time);
                  if (ctx.state.holds.length >= 2) return {level: 'warning', message: e.member.callId + ' on hold twice in ten minutes', callId: e.member.callId};
                }
                export function alert(c, ctx) {
                  return c.activeMembers.filter((m) => m.mute).map((m) => ({level: 'critical', message: m.callId + ' muted too long', key: 'muted:' + m.callId, for: '10s'}));
                }""".formatted(MUTED));
        HookSession hooks = HookSession.open(List.of(HookSpec.file(hook)), HookSession.Settings.defaults(),
                new PrintWriter(err, true));
        open.add(hooks);
        Watcher w = watcher(List.of(SEED), false, null, hooks);
        tick(w);                                             // MUTED is muted: pending
        assertTrue(alerts.isEmpty());
        t.sim.world().setHold(SEED, MUTED, true);            // filtered out: no event
        t.sim.world().setHold(SEED, OTHER, true);
        tick(w);                                             // 5 s: still pending
        assertEquals(List.of("held:" + OTHER), seen().subList(1, 2));
        assertTrue(alerts.isEmpty(), alerts.toString());
        tick(w);                                             // 10 s: fires once
        assertEquals(1, alerts.size());
        assertEquals("critical", alerts.get(0).level());
        tick(w);                                             // still muted: no repeat
        assertEquals(1, alerts.size());
        t.sim.world().setHold(SEED, OTHER, false);
        tick(w);
        t.sim.world().setHold(SEED, OTHER, true);            // second hold within ten minutes
        tick(w);
        assertEquals("warning", alerts.get(1).level());
        assertEquals(OTHER + " on hold twice in ten minutes", alerts.get(1).message());
        t.sim.world().setMute(SEED, MUTED, false);           // the condition clears
        tick(w);
        assertEquals(Alert.RESOLVED, alerts.get(2).status());
        assertEquals("muted:" + MUTED, alerts.get(2).key());
        assertFalse(err.toString().contains("failed"), err.toString());
    }

    @Test
    void theWatchExampleHooksDoWhatTheySay() throws Exception {
        HookSession hooks = HookSession.open(List.of(HookSpec.file(Path.of("scripts/muted-too-long.js")),
                HookSpec.file(Path.of("scripts/on-hold-twice.js"))), HookSession.Settings.defaults(),
                new PrintWriter(err, true));
        open.add(hooks);
        Watcher w = watcher(List.of(SEED), false, null, hooks);
        tick(w);
        for (int i = 0; i < 59; i++) {
            tick(w);                                         // 4 min 55 s of MUTED muted
        }
        assertTrue(alerts.isEmpty(), alerts.toString());
        tick(w);                                             // 5 min
        assertEquals(1, alerts.size());
        assertEquals("muted-too-long", alerts.get(0).hook());
        t.sim.world().setHold(SEED, OTHER, true);
        tick(w);
        t.sim.world().setHold(SEED, OTHER, false);
        tick(w);
        t.sim.world().setHold(SEED, OTHER, true);
        tick(w);
        assertEquals("on-hold-twice", alerts.get(1).hook());
        assertTrue(alerts.get(1).message().startsWith(OTHER + " put on hold 2 times in 10 minutes"), alerts.get(1).message());
        t.sim.world().setMute(SEED, MUTED, false);
        tick(w);
        assertEquals(Alert.RESOLVED, alerts.get(2).status());
    }
}
