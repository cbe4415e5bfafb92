package conftool.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.client.ApiJson;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook contract, version 1, and every way a hook can fail. Real GraalJS, real files. */
class HookSessionTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    private static final Conference CONF = new Conference("conf-1", "standup", Instant.parse("2026-01-05T09:00:00Z"),
            null, null, null, "t", List.of(
                    new ConferenceMember("c-a", "conf-1", "http://x/a", true, false, List.of("c-b")),
                    new ConferenceMember("c-b", "conf-1", "http://x/b", false, false, List.of()),
                    new ConferenceMember("c-c", "conf-1", "http://x/c", true, true, null)));

    @TempDir
    Path dir;
    private final StringWriter console = new StringWriter();
    private final List<HookSession> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(HookSession::close);
    }

    private HookSpec hook(String name, String source) throws Exception {
        Path file = dir.resolve(name + ".js");
        Files.writeString(file, source);
        return HookSpec.file(file);
    }

    /**
     * A session whose calls may take 2 s: a first call compiles in GraalJS's interpreter, which on a busy machine
     * takes more than the tight limit the loop tests need ({@link #tight}).
     */
    private HookSession session(HookSession.OnError onError, HookSpec... specs) {
        return session(Duration.ofSeconds(2), onError, specs);
    }

    /** A session whose calls may take 400 ms, for tests of loops stopped at their limit. */
    private HookSession tight(HookSession.OnError onError, HookSpec... specs) {
        return session(Duration.ofMillis(400), onError, specs);
    }

    private HookSession session(Duration limit, HookSession.OnError onError, HookSpec... specs) {
        HookSession s = HookSession.open(List.of(specs),
                new HookSession.Settings(limit, null, onError, 256L * 1024 * 1024), new PrintWriter(console, true));
        open.add(s);
        return s;
    }

    private HookSession session(HookSpec... specs) {
        return session(HookSession.OnError.FAIL, specs);
    }

    private static HookSession.Outcome apply(HookSession s, Conference c) throws Exception {
        return s.apply(c, new ObjectMapper().findAndRegisterModules().writeValueAsString(c), NOW);
    }

    private static HookSession.Outcome apply(HookSession s) throws Exception {
        return s.apply(CONF, ApiJson.mapper().writeValueAsString(CONF), NOW);
    }

    @Test
    void aLoopSkippedOnOneMemberDoesNotLeaveTheNextMemberWithoutItsTimeLimit() throws Exception {
        HookSession s = tight(HookSession.OnError.SKIP, hook("loop", "export function filter(m) { while (true) {} }"));
        for (int round = 0; round < 5; round++) {
            // 3 members at 400 ms each; a call left unwatched ran on until the previous interrupt gave up, 5 s later
            var o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> apply(s),
                    "a looping filter must be stopped on every member at its limit, round " + round);
            assertEquals(List.of(), o.kept());
            assertEquals(3, o.failures().size(), "each of the 3 members stopped at its limit: " + o.failures());
        }
    }

    @Test
    void filterAloneKeepsTheMembersItFindsTruthy() throws Exception {
        var o = apply(session(hook("muted", "export function filter(member, conference) { return member.mute ? 1 : ''; }")));
        assertEquals(List.of(0, 2), o.kept());
        assertNull(o.mapped());
        assertTrue(o.alerts().isEmpty());
    }

    @Test
    void mapAloneReplacesEachMemberWithAnyJsonValue() throws Exception {
        var o = apply(session(hook("m", """
                export function map(m, c) {
                  if (m.callId === 'c-a') return {call: m.callId, conf: c.name};
                  if (m.callId === 'c-b') return null;
                  return [m.mute, 1.5, 'x'];
                }""")));
        assertEquals(List.of(0, 1, 2), o.kept());
        assertEquals(List.of("{\"call\":\"c-a\",\"conf\":\"standup\"}", "null", "[true,1.5,\"x\"]"), o.mapped());
    }

    @Test
    void alertSeesTheWholeConferenceWhateverTheFiltersKept() throws Exception {
        var o = apply(session(hook("h", """
                export function filter(m) { return false; }
                export function alert(c, ctx) {
                  return [{level: 'warning', message: c.activeMembers.length + ' members', callId: 'c-a',
                           labels: {n: c.activeMembers.length, who: 'x', up: true, none: null, deep: {a: [1]}}},
                          {level: 'info', message: 'now ' + ctx.now, key: 'k1'}];
                }""")));
        assertEquals(List.of(), o.kept());
        Alert first = o.alerts().get(0);
        assertEquals("warning", first.level());
        assertEquals("3 members", first.message());
        assertEquals("c-a", first.callId());
        assertEquals(3, ((Number) first.labels().get("n")).intValue(), "numbers stay numbers");
        assertEquals("x", first.labels().get("who"));
        assertEquals(true, first.labels().get("up"));
        assertTrue(first.labels().containsKey("none") && first.labels().get("none") == null, "null stays null");
        assertEquals("{\"a\":[1]}", first.labels().get("deep"), "labels are flat: a nested value is its JSON text");
        assertEquals("h", first.hook());
        assertEquals("conf-1", first.conferenceId());
        assertEquals("now 2026-01-05T10:00:00Z", o.alerts().get(1).message());
        assertEquals("k1", o.alerts().get(1).key());
    }

    @Test
    void alertMayReturnNothingOneAlertOrAnArray() throws Exception {
        var none = session(hook("none", "export function alert() {}"));
        assertTrue(apply(none).alerts().isEmpty());
        var one = session(hook("one", "export function alert() { return {level: 'critical', message: 'x'}; }"));
        assertEquals(1, apply(one).alerts().size());
        assertEquals(Alert.Level.CRITICAL, apply(one).alerts().get(0).severity());
    }

    @Test
    void filtersRunInOrderThenMapsEachFedTheLastOnesValue() throws Exception {
        HookSpec first = hook("first", """
                globalThis.calls = [];
                export function filter(m) { calls.push('f1:' + m.callId); return m.callId !== 'c-c'; }
                export function map(m) { calls.push('m1:' + m.callId); return {id: m.callId, n: 1}; }""");
        HookSpec second = hook("second", """
                export function filter(m) { calls.push('f2:' + m.callId); return m.callId !== 'c-b'; }
                export function map(v) { calls.push('m2:' + v.id); return {id: v.id, n: v.n + 1}; }
                export function alert() { return {level: 'info', message: calls.join(' ')}; }""");
        var o = apply(session(first, second));
        assertEquals(List.of(0), o.kept());
        assertEquals(List.of("{\"id\":\"c-a\",\"n\":2}"), o.mapped());
        assertEquals("f1:c-a f2:c-a m1:c-a m2:c-a f1:c-b f2:c-b f1:c-c", o.alerts().get(0).message());
    }

    @Test
    void inlineExpressionsSeeTheMemberAsMAndTheConferenceAsC() throws Exception {
        var o = apply(session(HookSpec.filter("m.mute && !m.hold"), HookSpec.map("({call: m.callId, in: c.name})")));
        assertEquals(List.of(0), o.kept());
        assertEquals(List.of("{\"call\":\"c-a\",\"in\":\"standup\"}"), o.mapped());
    }

    @Test
    void inlineSyntaxErrorsSpeakOfTheExpressionNotOfConfsWrapping() {
        String[][] cases = {
                {"m.mute &&", "SyntaxError: Expected an operand at the end of the expression"},
                {"(m.mute", "SyntaxError: Expected ) at the end of the expression"},
                {"m.mute)", "SyntaxError: an unmatched closing bracket"},
                {"while (true) {}", "takes one JavaScript expression over m and c"}};
        for (String[] c : cases) {
            var e = assertThrows(HookFailure.class, () -> session(HookSpec.filter(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(!e.getMessage().contains("found )") && !e.getMessage().contains("found ;"), e.getMessage());
        }
    }

    @Test
    void reachingForJavaSaysHooksAreSandboxed() throws Exception {
        var e = assertThrows(HookFailure.class, () -> apply(session(HookSpec.filter("java.lang.System.exit(1)"))));
        assertTrue(e.getMessage().contains("hooks run sandboxed"), e.getMessage());
    }

    @Test
    void inlineExpressionsAreStrictModeAndLeaveNoGlobals() throws Exception {
        var sloppy = assertThrows(HookFailure.class, () -> apply(session(HookSpec.filter("(undeclared = 1)"))));
        assertTrue(sloppy.getMessage().contains("undeclared"), sloppy.getMessage());
        var o = apply(session(HookSpec.filter("this === undefined && typeof filter === 'undefined'")));
        assertEquals(List.of(0, 1, 2), o.kept());
    }

    @Test
    void ctxStateLastsBetweenCallsAndCanBeSavedAndRestored() throws Exception {
        HookSpec spec = hook("counter", """
                export function alert(c, ctx) {
                  ctx.state.seen = (ctx.state.seen ?? 0) + 1;
                  return {level: 'info', message: 'seen ' + ctx.state.seen};
                }""");
        var s = session(spec);
        apply(s);
        assertEquals("seen 2", apply(s).alerts().get(0).message());
        var restored = session(spec);
        restored.restoreState(s.state());
        assertEquals("seen 3", apply(restored).alerts().get(0).message());
    }

    @Test
    void hooksSeePlainJavaScriptValuesNeverJavaObjects() throws Exception {
        var o = apply(session(hook("plain", """
                export function filter(m, c) {
                  return Object.getPrototypeOf(m) === Object.prototype && Array.isArray(c.activeMembers)
                      && Array.isArray(m.callIdsToCoach ?? []) && typeof m.mute === 'boolean'
                      && typeof c.createdTime === 'string' && JSON.stringify(m).startsWith('{"callId"')
                      && Object.keys(m).join() === 'callId,conferenceId,memberUrl,mute,hold,callIdsToCoach';
                }""")));
        assertEquals(List.of(0, 1, 2), o.kept());
    }

    @Test
    void consoleGoesToStderrPrefixedWithTheHooksName() throws Exception {
        apply(session(hook("chatty", """
                export const options = {name: 'talker'};
                export function filter(m) { console.log('saw', m.callId); console.error('oops'); return true; }""")));
        assertTrue(console.toString().contains("[talker] saw c-a\n"), console.toString());
        assertTrue(console.toString().contains("[talker] oops\n"), console.toString());
    }

    @Test
    void objectsAndArraysAreLoggedAsJson() throws Exception {
        apply(session(hook("shows", """
                export function filter(m) { console.log('member', {call: m.callId, mute: m.mute}, [1, 2], null, 3);
                  return true; }""")));
        assertTrue(console.toString().contains("[shows] member {\"call\":\"c-a\",\"mute\":true} [1,2] null 3\n"),
                console.toString());
    }

    @Test
    void aHookCannotPrintWithoutItsPrefix() throws Exception {
        apply(session(hook("sneaky", """
                console.log = (...a) => console.error(...a);
                print('loaded');
                export function filter(m) { console.log('line one\\nline two'); return true; }""")));
        String out = console.toString();
        assertTrue(out.contains("[sneaky] loaded\n"), out);
        // a line break inside one message stays in its line, shown as an escape
        assertTrue(out.contains("[sneaky] line one\\nline two\n"), out);
        assertTrue(out.lines().allMatch(l -> l.startsWith("[sneaky] ")), out);
    }

    @Test
    void anEndlessConsoleLineGoesOutInPrefixedPieces() throws Exception {
        apply(session(hook("long", """
                export function filter(m) { print('x'.repeat(200000)); return true; }""")));
        List<String> lines = console.toString().lines().toList();
        assertTrue(lines.size() >= 9, "3 members, in pieces of at most 64 KiB: " + lines.size());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("[long] ") && l.length() <= 64 * 1024 + 7));
    }

    @Test
    void optionsNameTheHookAndSetItsTimeLimit() throws Exception {
        var s = session(hook("file-name", """
                export const options = {name: 'nice-name', timeout: '100ms'};
                export function alert() { const t = Date.now(); while (Date.now() - t < 300) {} }"""));
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertEquals("nice-name", e.hook());
        assertTrue(e.getMessage().contains("after 100ms"), e.getMessage());
    }

    @Test
    void aTimeoutInMillisecondsIsANumber() throws Exception {
        var s = session(hook("ms", """
                export const options = {timeout: 150};
                export function alert() { const t = Date.now(); while (Date.now() - t < 600) {} }"""));
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertTrue(e.getMessage().contains("after 150ms"), e.getMessage());
    }

    @Test
    void aSyntaxErrorNamesTheFileLineAndColumn() throws Exception {
        HookSpec broken = hook("broken", "export function filter(m) {\n  return m.mute &&;\n}\n");
        var e = assertThrows(HookFailure.class, () -> session(broken));
        assertTrue(e.getMessage().contains(dir.resolve("broken.js") + ":2:"), e.getMessage());
        assertTrue(e.getMessage().contains("SyntaxError"), e.getMessage());
    }

    @Test
    void aThrowNamesTheFileLineFunctionAndMember() throws Exception {
        var s = session(hook("thrower", "export function map(m) {\n  if (m.hold) {\n    throw new Error('no held ones');\n  }\n  return 1;\n}\n"));
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertEquals("map", e.function());
        assertEquals("c-c", e.callId());
        assertTrue(e.getMessage().contains(dir.resolve("thrower.js") + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("no held ones"), e.getMessage());
    }

    @Test
    void anEndlessLoopIsStoppedAndTheSessionStaysUsable() throws Exception {
        var s = tight(HookSession.OnError.FAIL, hook("loop", """
                export function filter(m) { if (m.callId === 'c-b' && !globalThis.done) { globalThis.done = true; for (;;) {} } return true; }"""));
        long start = System.nanoTime();
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        assertTrue(e.getMessage().contains("still running after 400ms"), e.getMessage());
        assertEquals("c-b", e.callId());
        assertEquals(List.of(0, 1, 2), apply(s).kept(), "the next call works");
    }

    @Test
    void anEndlessLoopAtTheTopLevelIsStoppedWhileLoading() throws Exception {
        HookSpec spec = hook("toplevel", "while (true) {}\nexport function filter() { return true; }");
        var e = assertThrows(HookFailure.class, () -> session(spec));
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
    }

    @Test
    void javaTypeIsRefusedWithAClearMessage() throws Exception {
        var s = session(hook("java", "export function filter() { return Java.type('java.lang.Runtime').getRuntime(); }"));
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertTrue(e.getMessage().contains("Java is not defined"), e.getMessage());
        assertTrue(e.getMessage().contains("sandboxed"), e.getMessage());
    }

    @Test
    void importingAnotherFileIsRefused() throws Exception {
        hook("helper", "export const x = 1;");
        HookSpec spec = hook("importer", "import {x} from './helper.js';\nexport function filter() { return x; }");
        var e = assertThrows(HookFailure.class, () -> session(spec));
        assertTrue(e.getMessage().contains("helper.js"), e.getMessage());
        assertTrue(e.getMessage().contains("one self-contained file"), e.getMessage());
    }

    @Test
    void requireAndNetworkAndThreadsAreNotThere() throws Exception {
        for (String[] c : new String[][] {
                {"require('fs')", "require()"}, {"fetch('http://127.0.0.1/')", "no network"},
                {"new Worker('x.js')", "threads"}, {"load('/etc/passwd')", "read files"},
                {"Polyglot.eval('python', '1')", "sandboxed"}}) {
            var s = session(hook("bad" + Math.abs(c[0].hashCode()), "export function filter() { return " + c[0] + "; }"));
            var e = assertThrows(HookFailure.class, () -> apply(s), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void aHugeAllocationIsStoppedAndReported() throws Exception {
        var s = HookSession.open(List.of(hook("hog", "export function filter() { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }")),
                new HookSession.Settings(Duration.ofSeconds(20), null, HookSession.OnError.FAIL, 128L * 1024 * 1024),
                new PrintWriter(console, true));
        open.add(s);
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertTrue(e.getMessage().contains("MB of memory"), e.getMessage());
    }

    private HookSession budgeted(HookSession.OnError onError, long megabytes, HookSpec... specs) {
        HookSession s = HookSession.open(List.of(specs), new HookSession.Settings(Duration.ofSeconds(20), null,
                onError, megabytes * 1024 * 1024), new PrintWriter(console, true));
        open.add(s);
        return s;
    }

    private static long usedAfterCollection() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aHookThatKeepsGrowingAGlobalIsStoppedByNameAndItsMemoryFreed() throws Exception {
        // 16 MB more in a global on each call: no one call is over the budget, what the hook keeps soon is
        var s = budgeted(HookSession.OnError.FAIL, 64, hook("hoarder", """
                export const options = {name: 'hoarder'};
                const kept = [];
                export function alert(c, ctx) { kept.push(new Array(2e6).fill(0.5)); ctx.state.n = kept.length; }"""),
                hook("bystander", "export function alert(c, ctx) { ctx.state.polls = (ctx.state.polls ?? 0) + 1; }"));
        long before = usedAfterCollection();
        HookFailure stopped = null;
        for (int poll = 0; poll < 20 && stopped == null; poll++) {
            try {
                apply(s);
            } catch (HookFailure f) {
                stopped = f;
            }
        }
        assertTrue(stopped != null, "the hoarder was never stopped");
        assertEquals("hoarder", stopped.hook());
        assertTrue(stopped.getMessage().contains("more than 64 MB of memory"), stopped.getMessage());
        assertTrue(usedAfterCollection() < before + 48L * 1024 * 1024, "what it kept was freed");
        var again = apply(s);
        assertTrue(again.failures().isEmpty(), "the session is usable afterwards");
        var state = s.state();
        assertEquals("{\"n\":1}", state.get("hoarder"), "it starts afresh: " + state);
        int polls = Integer.parseInt(state.get("bystander").replaceAll("\\D", ""));
        assertTrue(polls > 2, "the others keep theirs: " + state);
    }

    @Test
    void underSkipAHoarderIsReportedAndTheRunGoesOn() throws Exception {
        var s = budgeted(HookSession.OnError.SKIP, 64, hook("hoarder", """
                const kept = [];
                export function filter(m) { kept.push(new Array(2e6).fill(0.5)); return true; }"""));
        long before = usedAfterCollection();
        List<HookFailure> failures = new ArrayList<>();
        for (int poll = 0; poll < 10; poll++) {
            var o = apply(s);
            assertEquals(3, o.kept().size() + o.failures().size(), "a member whose filter failed is reported");
            failures.addAll(o.failures());
        }
        assertTrue(!failures.isEmpty(), "never stopped");
        assertTrue(failures.stream().allMatch(f -> f.getMessage().contains("more than 64 MB of memory")), failures.toString());
        // about the budget (measured with the garbage there was at load, plus half a budget before a collection is
        // due, plus the call that passed it), where ten polls would hold 480 MB
        assertTrue(usedAfterCollection() < before + 240L * 1024 * 1024, "the hooks hold about their budget at most");
    }

    @Test
    void otherThreadsGarbageDoesNotCountAgainstAHook() throws Exception {
        var s = budgeted(HookSession.OnError.FAIL, 64, hook("patient", """
                export function filter(m) { const t = Date.now(); while (Date.now() - t < 400) {} return true; }"""));
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            List<long[]> garbage = new ArrayList<>();
            started.countDown();
            // a megabyte at a time, dropped in batches of 24: far more garbage than the hook's budget, never the hook's
            for (long end = System.nanoTime() + 900_000_000L; System.nanoTime() < end; ) {
                garbage.add(new long[128 * 1024]);
                if (garbage.size() == 24) {
                    garbage.clear();
                }
            }
        });
        other.start();
        started.await();
        try {
            assertEquals(List.of(0, 1, 2), apply(s).kept());
        } finally {
            other.join(10_000);
        }
    }

    @Test
    void deepRecursionIsReported() throws Exception {
        var s = session(hook("deep", "function r(n) { return r(n + 1) + 1; }\nexport function filter() { return r(0); }"));
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertTrue(e.getMessage().contains("call stack"), e.getMessage());
    }

    @Test
    void returnValuesOutsideTheContractAreReported() throws Exception {
        String[][] cases = {
                {"export function map(m) { m.x = 1; }", "map returned undefined"},
                {"export function map(m) { return () => 1; }", "map returned a function"},
                {"export function map(m) { const o = {}; o.self = o; return o; }", "circular"},
                {"export function alert() { return {level: 'bad', message: 'x'}; }", "not \"info\", \"warning\" or \"critical\""},
                {"export function alert() { return {level: 'info'}; }", "message"},
                {"export function alert() { return 'oops'; }", "an alert is an object"},
                {"export const filter = 42;", "must be a function"},
                {"export const options = 'fast';", "options` must be an object"},
                {"export const options = {timeout: 'soon'};", "options.timeout"},
                {"export const options = {timeout: {ms: 5}};", "options.timeout"},
                {"export const options = {timeout: NaN};", "options.timeout"},
                {"export const options = {name: {first: 'x'}};", "options.name must be a non-empty string"},
                {"export const options = {name: 7};", "options.name must be a non-empty string"},
                {"export const options = {get name() { throw new Error('no name'); }};", "no name"}};
        for (String[] c : cases) {
            var e = assertThrows(HookFailure.class, () -> apply(session(hook("c" + Math.abs(c[0].hashCode()), c[0]))), c[0]);
            assertTrue(e.getMessage().toLowerCase().contains(c[1].toLowerCase()), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void skipReportsTheFailureLeavesTheMemberOutAndGoesOn() throws Exception {
        var s = session(HookSession.OnError.SKIP, hook("picky", """
                export function map(m) { if (m.callId === 'c-b') throw new TypeError('not b'); return m.callId; }
                export function alert() { return {level: 'info', message: 'still here'}; }"""));
        var o = apply(s);
        assertEquals(List.of(0, 2), o.kept());
        assertEquals(List.of("\"c-a\"", "\"c-c\""), o.mapped());
        assertEquals(1, o.failures().size());
        assertEquals("c-b", o.failures().get(0).callId());
        assertEquals("still here", o.alerts().get(0).message());
    }

    @Test
    void asyncHooksAreRefusedRatherThanMisread() throws Exception {
        var filter = session(hook("async-filter", "export async function filter(m) { return false; }"));
        var e = assertThrows(HookFailure.class, () -> apply(filter), "a Promise is truthy: it must not keep everyone");
        assertTrue(e.getMessage().contains("returned a Promise"), e.getMessage());
        var alert = session(hook("async-alert", "export async function alert() { return {level: 'info', message: 'x'}; }"));
        assertTrue(assertThrows(HookFailure.class, () -> apply(alert)).getMessage().contains("synchronous"));
    }

    @Test
    void falseFromAlertMeansNoAlert() throws Exception {
        var s = session(hook("cond", "export function alert(c) { return c.activeMembers.length > 10 && {level: 'warning', message: 'big'}; }"));
        assertTrue(apply(s).alerts().isEmpty());
    }

    @Test
    void aHookThatReplacesBuiltinsCannotFoolConf() throws Exception {
        var s = session(hook("vandal", """
                JSON.stringify = () => '"forged"';
                JSON.parse = () => ({});
                Array.isArray = () => false;
                export function map(m) { return {id: m.callId}; }
                export function alert() { return [{level: 'info', message: 'ok'}]; }"""));
        var o = apply(s);
        assertEquals("{\"id\":\"c-a\"}", o.mapped().get(0));
        assertEquals("ok", o.alerts().get(0).message());
    }

    @Test
    void aPrototypeToJsonIsAHookFailureNotACrash() throws Exception {
        var s = session(hook("tojson", "Object.prototype.toJSON = () => 'pwned';\nexport function alert() { return []; }"));
        var e = assertThrows(HookFailure.class, () -> apply(s));
        assertTrue(e.getMessage().contains("toJSON"), e.getMessage());
    }

    @Test
    void prototypeTricksOnWhatAlertReturnsAreHookFailuresNeverCrashes() throws Exception {
        String[] tricks = {
                "Array.prototype.toJSON = function () { return [{level: 'critical', message: 42, labels: 7}]; };",
                "Array.prototype.toJSON = function () { return [{level: 'critical', message: 'x', labels: 'x'}]; };",
                "Array.prototype.toJSON = function () { return [{level: 'loud', message: 'x', labels: {}}]; };",
                "Array.prototype.toJSON = function () { return [{level: 'info', message: '', labels: {}}]; };",
                "Array.prototype.toJSON = function () { return [{level: 'info', message: 'x', key: 5, labels: {}}]; };",
                "Array.prototype.toJSON = function () { return [{level: 'info', message: 'x', callId: {}, labels: {}}]; };",
                "Array.prototype.toJSON = function () { return [{level: 'info', message: 'x', for: {}, labels: {}}]; };",
                "Array.prototype.toJSON = function () { return [7]; };",
                "Array.prototype.toJSON = function () { return {level: 'info', message: 'x'}; };",
                "Array.prototype.toJSON = function () { return [{message: 'x', labels: {}}]; };",
                "Object.prototype.toJSON = function () { return null; };",
                "Array.prototype.toJSON = function () { return undefined; };",
                "Object.prototype.toJSON = function () { return undefined; };",
                "Object.prototype.toJSON = function () { return [{level: 'critical', message: 'x', labels: null}]; };"};
        for (String trick : tricks) {
            String source = trick + "\nexport function alert() { return {level: 'info', message: 'fine'}; }\n"
                    + "export function onEvent() { return {level: 'info', message: 'fine'}; }";
            var fail = session(hook("t" + Math.abs(trick.hashCode()), source));
            var e = assertThrows(HookFailure.class, () -> apply(fail), trick);
            assertEquals("alert", e.function(), trick);
            // a toJSON that answers with more objects loops until JSON.stringify gives up: a failure all the same
            assertTrue(e.getMessage().contains("toJSON") || e.getMessage().contains("RangeError"),
                    trick + " -> " + e.getMessage());
            var skip = session(HookSession.OnError.SKIP, hook("s" + Math.abs(trick.hashCode()), source));
            List<HookFailure> failures = new ArrayList<>();
            assertEquals(List.of(), skip.onEvent("conf-1", "{\"type\":\"muted\"}", "c-a", NOW, failures), trick);
            assertEquals(1, failures.size(), trick);
        }
        // what a hook could return itself is an alert, however it was made: labels null are no labels
        var nullLabels = session(hook("null-labels", "Array.prototype.toJSON = function () { return [{level: 'critical',"
                + " message: 'x', labels: null}]; };\nexport function alert() { return []; }"));
        Alert a = apply(nullLabels).alerts().get(0);
        assertEquals("critical", a.level());
        assertEquals(java.util.Map.of(), a.labels());
    }

    @Test
    void aHookThatEmptiesTheMemberListDoesNotLoseTheOthers() throws Exception {
        var o = apply(session(hook("shrink", "export function filter(m, c) { c.activeMembers.length = 0; return true; }")));
        assertEquals(List.of(0, 1, 2), o.kept());
    }

    @Test
    void optionsThatNeverAnswerAreStopped() throws Exception {
        HookSpec spec = hook("sly", "export const options = { get name() { for (;;) {} } };\nexport function filter() { return true; }");
        var e = assertThrows(HookFailure.class, () -> session(spec));
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
    }

    @Test
    void anUnknownExportIsWarnedAbout() throws Exception {
        session(hook("typo", "export function fitler(m) { return true; }"));
        assertTrue(console.toString().contains("exports 'fitler'"), console.toString());
    }

    @Test
    void aConferenceWithoutMembersIsFine() throws Exception {
        Conference empty = new Conference("conf-2", "x", NOW, NOW, null, null, null, null);
        var o = apply(session(HookSpec.filter("true"), HookSpec.map("m.callId")), empty);
        assertEquals(List.of(), o.kept());
        assertEquals(List.of(), o.mapped());
    }
}
