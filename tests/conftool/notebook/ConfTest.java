package conftool.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.client.ApiException;
import conftool.client.ConfException;
import conftool.client.Profiles;
import conftool.hooks.HookFailure;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.sim.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebook API from plain Java (as in JShell or a program): what a cell gets back, and how it fails. */
class ConfTest {

    static final String SEED = World.SEED_CONFERENCE_ID;
    static final String MUTED = World.SEED_MUTED_CALL_ID;
    static final String OTHER = World.SEED_OTHER_CALL_ID;
    /** Each test's own simulator: a test that changes it, or fails half-way, leaves the others a fresh one. */
    Conf conf;

    @BeforeEach
    void start() {
        conf = Conf.simulator();
    }

    @AfterEach
    void stop() {
        conf.close();
    }

    @Test
    void theSimulatorHasTheDocumentedConferenceFirstAndThreeLivingOnes() {
        Table<Conference> all = conf.conferences();
        assertEquals(4, all.size());
        assertEquals("myconf", all.get(0).name());
        assertEquals(List.of("id", "name", "createdTime", "completedTime", "tag"), all.headers());
        assertEquals(1, conf.conferences("myconf").size());
        assertEquals(SEED, conf.conferences("myconf").get(0).id());
    }

    @Test
    void aTableIsAPlainListThatPrintsAsTheCommandLinesTextTable() {
        Table<ConferenceMember> members = conf.members(SEED);
        assertEquals(List.of(MUTED, OTHER), members.stream().map(ConferenceMember::callId).toList());
        String text = members.toString();
        assertTrue(text.startsWith("2 members of myconf\ncallId"), text);
        assertTrue(text.contains(MUTED + "  yes   no"), text);
        assertEquals("yes", members.cell(0, "mute"));
        Table<ConferenceMember> muted = members.where(ConferenceMember::isMuted);
        assertEquals(List.of(MUTED), muted.stream().map(ConferenceMember::callId).toList());
        assertEquals("2 members of myconf (1 of 2)", muted.title());
        assertThrows(UnsupportedOperationException.class, () -> members.add(members.get(0)));
    }

    @Test
    void holdChangesTheMemberAndReadsItBack() {
        assertTrue(conf.hold(SEED, OTHER, true).isHeld());
        assertTrue(conf.member(SEED, OTHER).isHeld());
        assertFalse(conf.hold(SEED, OTHER, false).isHeld());
    }

    @Test
    void filterMapAndAlertHooksRunFromJava() {
        Conference c = conf.conference(SEED);
        HookResult kept = conf.filter("m.mute && !m.hold").apply(c);
        assertEquals(List.of(MUTED), kept.conference().members().stream().map(ConferenceMember::callId).toList());
        assertNull(kept.mapped());

        HookResult mapped = conf.map("({call: m.callId, coaches: m.callIdsToCoach.length})").apply(c);
        assertEquals(List.of("call", "coaches"), mapped.mapped().headers());
        assertEquals(Map.of("call", MUTED, "coaches", 1), mapped.mapped().get(0));
        assertEquals("0", mapped.mapped().cell(1, "coaches"));

        try (Hooks alerting = conf.hooks().module("count", "export function alert(c) {"
                + " return {level: 'warning', message: c.activeMembers.length + ' members'}; }")) {
            HookResult r = alerting.apply(c);
            assertEquals(1, r.alerts().size());
            assertEquals("2 members", r.alerts().get(0).message());
            assertEquals("count", r.alerts().get(0).hook());
        }
    }

    @Test
    void hookFilesAreTheCommandLinesHookFiles() {
        HookResult r = conf.hooks("scripts/muted-members.js").apply(conf.conference(SEED));
        assertEquals(1, r.members().size());
        assertTrue(r.toString().startsWith("1 of 2 members of myconf kept"), r.toString());
    }

    @Test
    void aHookThatThrowsFailsTheCellNamingTheHookAndTheMember() {
        HookFailure f = assertThrows(HookFailure.class,
                () -> conf.filter("m.nothing.here").apply(conf.conference(SEED)));
        assertTrue(f.getMessage().contains("--filter"), f.getMessage());
        assertTrue(f.getMessage().contains(MUTED), f.getMessage());
    }

    @Test
    void skipFailuresReportsThemAndKeepsGoing() {
        HookResult r = conf.filter("m.mute ? m.nothing.here : true").skipFailures().apply(conf.conference(SEED));
        assertEquals(List.of(OTHER), r.members().stream().map(ConferenceMember::callId).toList());
        assertEquals(1, r.failures().size());
        assertTrue(r.toString().contains("hook failures skipped"), r.toString());
    }

    @Test
    void aHookThatLoopsForeverIsStoppedAtItsTimeout() {
        HookFailure f = assertThrows(HookFailure.class, () -> conf.filter("(() => { while (true) {} })()")
                .timeout(Duration.ofMillis(200)).apply(conf.conference(SEED)));
        assertTrue(f.getMessage().contains("still running after 200ms"), f.getMessage());
        assertTrue(f.getMessage().contains("A longer limit: Hooks.timeout(Duration), or options.timeout"),
                "the hint names the Java API, not a command-line option: " + f.getMessage());
    }

    @Test
    void aBackgroundWatchSeesWhatHappensBetweenStartAndStop() throws Exception {
        try (Conf own = Conf.simulator()) {
            Watch w = own.watch(SEED).every(Duration.ofMillis(100)).start();
            Thread.sleep(400);
            String caller = own.sim().world().join(SEED, "+19195550142");
            Thread.sleep(400);
            own.mute(SEED, caller, true);
            Thread.sleep(400);
            WatchResult seen = w.stop();
            assertEquals(List.of("conferenceSeen", "memberJoined", "muted"),
                    seen.events().stream().map(Event::type).toList());
            assertEquals(caller, seen.events().get(2).callId());
            assertTrue(seen.toString().startsWith("3 events\ntime"), seen.toString());
            assertTrue(w.toString().startsWith("watch of " + SEED + " every 100ms: stopped, 3 events"), w.toString());
            assertEquals(seen.events().size(), w.stop().events().size(), "a stopped watch stays stopped");
        }
    }

    @Test
    void aWatchWithHooksCollectsTheirAlerts() {
        try (Hooks muted = conf.hooks().module("muted", "export function alert(c) { return c.activeMembers"
                + ".filter(m => m.mute).map(m => ({level: 'critical', message: m.callId + ' muted', key: m.callId})); }")) {
            WatchResult r = conf.watch(SEED).every(Duration.ofMillis(50)).hooks(muted).cycles(2);
            assertEquals(List.of("conferenceSeen"), r.events().stream().map(Event::type).toList());
            assertEquals(1, r.alerts().size(), "fired once, then de-duplicated: " + r.alerts());
            assertEquals("1 alert", r.alerts().title());
            assertEquals(MUTED + " muted", r.alerts().get(0).message());
        }
    }

    @Test
    void aWatchRunsEachEventThroughTheFilterAndOnEventOfItsHooks() throws Exception {
        try (Conf own = Conf.simulator();
                Hooks rules = own.hooks().module("rules", "export function filter(m) { return m.callId !== '"
                        + MUTED + "'; }\nexport function onEvent(e) { if (e.member) return {level: 'info', message:"
                        + " e.type + ' ' + e.member.callId}; }")) {
            Watch w = own.watch(SEED).every(Duration.ofMillis(50)).hooks(rules).start();
            long end = System.nanoTime() + 10_000_000_000L;
            while (w.result().events().stream().noneMatch(e -> e.type().equals("conferenceSeen"))
                    && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            own.mute(SEED, MUTED, false);
            own.mute(SEED, OTHER, true);
            while (w.result().events().stream().noneMatch(e -> e.type().equals("muted")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            WatchResult seen = w.stop();
            assertEquals(List.of("conferenceSeen", "muted"), seen.events().stream().map(Event::type).toList(),
                    "the filtered member's unmute is left out");
            assertEquals(List.of("muted " + OTHER), seen.alerts().stream().map(a -> a.message()).toList());
        }
    }

    @Test
    void aWatchOfEveryConferenceSeesThemAll() {
        WatchResult r = conf.watch().every(Duration.ofMillis(50)).run(Duration.ofMillis(50));
        assertEquals(4, r.events().stream().filter(e -> e.type().equals("conferenceSeen")).count(), r.toString());
    }

    @Test
    void aWatchOfAWrongIdFailsWithTheApisNotFound() {
        ApiException.NotFound e = assertThrows(ApiException.NotFound.class,
                () -> conf.watch("conf-does-not-exist").every(Duration.ofMillis(10)).cycles(2));
        assertTrue(e.getMessage().contains("conf-does-not-exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> conf.watch(SEED).run(Duration.ofSeconds(-1)));
    }

    @Test
    void aBackgroundWatchThatStopsOnItsOwnSaysWhyAndCanBeStartedAgain() throws Exception {
        java.io.PrintStream stderr = System.err;
        var said = new java.io.ByteArrayOutputStream();
        Watch w;
        try {
            // with no caller to throw to, it says so on the stderr the notebook shows
            System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
            w = conf.watch("conf-does-not-exist").every(Duration.ofMillis(10)).start();
            for (int i = 0; i < 500 && w.isRunning(); i++) {
                Thread.sleep(10);
            }
        } finally {
            System.setErr(stderr);
        }
        assertTrue(said.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("conf: the watch stopped: "),
                said.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(w.isRunning());
        assertTrue(w.failure() instanceof ApiException.NotFound, String.valueOf(w.failure()));
        assertTrue(w.result().problems().get(0).startsWith("the watch stopped: "), w.result().problems().toString());
        assertTrue(w.toString().contains("stopped by:"), w.toString());
        assertTrue(w.stop().toString().contains("the watch stopped"));
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            w.start();
            assertTrue(w.stop().problems().stream().anyMatch(p -> p.contains("conf-does-not-exist")));
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void closingConfStopsItsWatches() {
        Conf own = Conf.simulator();
        Watch w = own.watch(SEED).every(Duration.ofMillis(50)).start();
        assertTrue(w.isRunning());
        own.close();
        assertFalse(w.isRunning(), "no watch polls a closed simulator");
        assertEquals("conferenceSeen", w.result().events().get(0).type());
    }

    @Test
    void conferencesAndMembersReadAsOneLineInPlainJava() {
        assertEquals("Conference myconf (" + SEED + ", active, 2 members: 1 muted, 0 on hold)",
                conf.conference(SEED).toString());
        assertEquals("ConferenceMember " + MUTED + " (muted, not on hold, coaching " + OTHER + ")",
                conf.member(SEED, MUTED).toString());
    }

    @Test
    void anUnknownConferenceFailsWithTheApisNotFound() {
        ApiException.NotFound e = assertThrows(ApiException.NotFound.class, () -> conf.conference("conf-does-not-exist"));
        assertTrue(e.getMessage().contains("conf-does-not-exist"), e.getMessage());
    }

    @Test
    void connectingWithoutCredentialsSaysWhatToSetAndShowsNoSecret(@TempDir Path dir) throws Exception {
        Profiles empty = new Profiles(Map.of("CONF_CONFIG", dir.resolve("none").toString()));
        ConfException e = assertThrows(ConfException.class, () -> Conf.to(empty.resolve(null, null, null)));
        assertTrue(e.getMessage().contains("BW_CLIENT_ID"), e.getMessage());

        Path config = dir.resolve("config");
        Files.writeString(config, "[prod]\nusername = u\npassword = hunter2-secret\naccount = 9900001\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Conf prod = Conf.to(new Profiles(Map.of("CONF_CONFIG", config.toString())).resolve("prod", null, null));
        assertEquals("9900001", prod.account());
        assertFalse(prod.toString().contains("hunter2"), prod.toString());
        assertEquals("conf connected to account 9900001 at https://voice.bandwidth.com/api/v2", prod.toString());
    }

    @Test
    void theSimulatorsDescriptionNamesItsAddressButNoCredentials() {
        assertTrue(conf.toString().startsWith("conf connected to the simulator at http://127.0.0.1:"), conf.toString());
        assertFalse(conf.toString().contains(conf.sim().password()), conf.toString());
    }
}
