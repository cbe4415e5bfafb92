package conftool.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.Conference;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Java evaluator of inline expressions ({@link InlineHooks}) against real GraalJS ({@link HookSession}), on
 * generated expressions and members: wherever Java answers, its answer (members kept, JSON printed) is GraalJS's, byte
 * for byte; wherever GraalJS fails (a syntax error, a TypeError), Java gives no answer, so that GraalJS runs and fails
 * as before. Seeded: a failure names its seed, expression and member, and happens again.
 */
class InlineExpressionDifferentialTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    /** Only activeMembers' size counts for the session (callIds in messages); the JSON carries the members. */
    private static final Conference NO_MEMBERS = new Conference("conf-d", null, null, null, null, null, null, null);
    private static final long SEED = Long.getLong("differential.seed", 20260105L);
    private static final int EXPRESSIONS = Integer.getInteger("differential.expressions", 160);
    private static final int CONFERENCES = 6;

    private static final String[] KEYS = {"mute", "hold", "callId", "n", "s", "t", "o", "arr", "1", "0", "a b",
        "then", "__proto__", "constructor", "length"};
    private static final String[] NUMBERS_JSON = {"0", "-0", "1", "-1", "1.5", "0.1", "1e21", "1e-7", "1E3",
        "123456789012345680000", "5e-324", "1.7976931348623157e308", "2e308", "0.000001", "1.0", "100",
        "9007199254740993", "0.30000000000000004", "-2.5e-8", "1152921504606846976", "4294967295"};
    private static final String[] STRINGS = {"", "0", "1", " 1 ", "1e3", "abc", "0x10", "\t", "Infinity", "-0",
        "true", "null", "a\"b", "\u0001", "\ud800", "é", "😀", " ", "\u00a0 5", "1_000", ".5", "5.", "+5",
        "1e999999", "10", "9", "-Infinity", "\n12\n", "c-a", "c-b", "\u2028", "0o7", "\u000b3"};
    private static final String[] NUMBER_LITERALS = {"0", "1", "-1", "1.5", ".5", "5.", "1e21", "1e-7", "-0", "0.1",
        "NaN", "Infinity", "100", "2e308", "1E3", "0.000001", "123456789012345680000", "5.e3", "9"};
    private static final String[] STRING_LITERALS = {"'a'", "\"\"", "'0'", "'1'", "' 1 '", "'\\n'", "'\\x41'",
        "'\\u00e9'", "'\\0'", "'c-a'", "\"it's\"", "'10'", "'9'", "'Infinity'", "'\\t5\\t'", "'\\ud83d'", "'true'"};
    /** Beyond the subset: GraalJS must run these, and they must still work. */
    private static final String[] OUTSIDE = {"m.s + 1", "m.n * 2", "m.s?.length", "`${m.s}`", "m.n ?? 1",
        "typeof m.s", "m.callId.startsWith('c')", "m.arr.at(0)", "m.n | 0", "-m.n", "(m.n, m.s)", "void 0",
        "m.s instanceof Object", "'a' in m", "m.arr.map(x => x)", "{...m}", "[, 1]", "({a: 1,})", "m.n ** 2",
        "/a/.test(m.s)", "m.hasOwnProperty('s')", "({m})", "010", "1_0", "0x1f", "'\\1'", "m['a' + 'b']"};
    /** Not JavaScript: both refuse them (GraalJS with a syntax error, Java by leaving them to it). */
    private static final String[] BROKEN = {"m.a &&", "(m.a", "{a:}", "m.a) || (m.b", "m..a", "m.a = 1", "'abc",
        "1a", "m.a ? m.b", "m.a <!-- m.b", "!", "m.a === === m.b", "{'a' 1}"};

    private final StringWriter console = new StringWriter();

    private HookSession graalJs(HookSpec spec) {
        return HookSession.open(List.of(spec), new HookSession.Settings(Duration.ofSeconds(5), null,
                HookSession.OnError.FAIL, 512L * 1024 * 1024), new PrintWriter(console));
    }

    /** GraalJS's outcome (kept, mapped), or the failure's message. */
    private static String outcome(HookSession s, String json) {
        try {
            HookSession.Outcome o = s.apply(NO_MEMBERS, json, NOW);
            return o.kept() + " " + o.mapped();
        } catch (HookFailure f) {
            return "failure: " + f.getMessage();
        }
    }

    private static String java(InlineHooks h, String json) {
        InlineHooks.Outcome o = h.apply(json);
        return o == null ? null : o.kept() + " " + o.mapped();
    }

    /** What the comparison saw, so that a run that compared nothing cannot pass. */
    private static final class Tally {
        int answeredInJava;
        int leftToGraalJs;
        int graalJsFailed;
        int parsedInJava;
        int refusedByParser;
    }

    /**
     * Compares the two paths on one expression, as a filter and as a map, over {@code conferences}: where Java
     * answers, it must answer as GraalJS did; where GraalJS failed, Java must have left the run to it.
     */
    private void compare(String expression, List<String> conferences, Tally tally, String context) {
        for (boolean asMap : new boolean[] {false, true}) {
            HookSpec spec = asMap ? HookSpec.map(expression) : HookSpec.filter(expression);
            InlineHooks java = asMap ? InlineHooks.of(List.of(), List.of(expression))
                    : InlineHooks.of(List.of(expression), List.of());
            HookSession session;
            try {
                session = graalJs(spec);
            } catch (HookFailure loadFailure) {
                assertNull(java, context + ": Java parsed " + expression + ", which GraalJS refuses: "
                        + loadFailure.getMessage());
                tally.refusedByParser++;
                continue;
            }
            if (java == null) {
                tally.refusedByParser++;
            } else {
                tally.parsedInJava++;
            }
            try (session) {
                for (String json : conferences) {
                    String expected = outcome(session, json);
                    if (expected.startsWith("failure: ")) {
                        tally.graalJsFailed++;
                    }
                    String actual = java == null ? null : java(java, json);
                    if (actual == null && System.getProperty("differential.trace") != null) {
                        System.err.println("left to GraalJS: " + (asMap ? "--map " : "--filter ") + expression
                                + " -> " + expected);
                    }
                    if (actual == null) {
                        tally.leftToGraalJs++;
                        continue;
                    }
                    tally.answeredInJava++;
                    assertEquals(expected, actual, context + ": " + (asMap ? "--map " : "--filter ") + expression
                            + " over " + json);
                }
            }
        }
    }

    @Test
    void generatedExpressionsGiveGraalJsOutputOrGoToGraalJs() {
        Random r = new Random(SEED);
        Tally tally = new Tally();
        for (int i = 0; i < EXPRESSIONS; i++) {
            String e = expression(r, 1 + r.nextInt(4));
            List<String> conferences = new ArrayList<>();
            for (int j = 0; j < CONFERENCES; j++) {
                conferences.add(conference(r));
            }
            compare(e, conferences, tally, "seed " + SEED + ", expression " + i);
        }
        System.out.printf("differential, seed %d: %d expression runs, %d answered in Java and equal to GraalJS, %d left"
                + " to GraalJS (%d of them GraalJS failures); %d parsed in Java, %d refused by its parser%n", SEED,
                tally.answeredInJava + tally.leftToGraalJs, tally.answeredInJava, tally.leftToGraalJs,
                tally.graalJsFailed, tally.parsedInJava, tally.refusedByParser);
        // the comparison must have compared: many answers from Java, and the fallback exercised too
        assertTrue(tally.answeredInJava > EXPRESSIONS * CONFERENCES / 2, "Java answered only "
                + tally.answeredInJava + " times");
        assertTrue(tally.leftToGraalJs > 0 && tally.graalJsFailed > 0, "no fallback or no failure was exercised: "
                + tally.leftToGraalJs + ", " + tally.graalJsFailed);
    }

    @Test
    void expressionsOutsideTheSubsetOrBrokenAreLeftToGraalJs() {
        Random r = new Random(SEED + 1);
        List<String> conferences = List.of(conference(r), conference(r), conference(r));
        for (String e : OUTSIDE) {
            assertNull(InlineHooks.of(List.of(e), List.of()), e);
            assertNull(InlineHooks.of(List.of(), List.of(e)), e);
        }
        for (String e : BROKEN) {
            assertNull(InlineHooks.of(List.of(e), List.of()), e);
            Tally tally = new Tally();
            compare(e, conferences, tally, "broken");
            assertEquals(2, tally.refusedByParser, e + " loaded in GraalJS");
        }
    }

    /** The semantics where a hand-written evaluator is most easily wrong, each beside what GraalJS answers. */
    @Test
    void trickySemanticsAreJavaScripts() {
        String member = "{\"callId\":\"c-a\",\"mute\":true,\"hold\":false,\"z\":0,\"nz\":-0,\"e\":\"\","
                + "\"sp\":\" \\t\\n\","
                + "\"n\":null,\"ten\":\"10\",\"nine\":\"9\",\"big\":1e21,\"tiny\":1e-7,\"arr\":[1,null,\"x\"],"
                + "\"o\":{\"b\":1,\"1\":2,\"a\":3,\"0\":4}}";
        String json = "{\"id\":\"conf-1\",\"activeMembers\":[" + member + "]}";
        List<String> maps = List.of("m.z || 'x'", "m.e || m.n", "m.mute && m.callId", "m.z && m.callId",
                "m.missing || m.n", "null == undefined", "m.n == m.missing", "m.n === m.missing", "'1' == 1",
                "'' == 0", "m.sp == 0", "NaN == NaN", "-0 === 0", "-0", "m.nz", "m.big", "m.tiny", "1e21",
                "123456789012345680000", "0.1", "[undefined, m.missing, NaN, Infinity]", "({a: undefined, b: m.n})",
                "({b: 1, '1': 2, a: 3, '0': 4, b: 5})", "m.o", "m.ten < m.nine", "m.ten < 9", "null >= 0",
                "undefined >= 0", "m.n == 0", "true == 1", "true == '1'", "m.arr.length", "m.arr[2]", "[m.arr[3]]",
                "m.callId[0]", "m.callId.length", "({x: m['a b']})", "c.activeMembers[0] === m", "m === m", "m == m.o",
                "({}) === ({})", "m.mute ? m.callId : m.hold", "!m.e", "!!m.arr", "'\\u00e9\\n\\x01'", "'\\ud83d'",
                "m.mute != m.hold", "m.mute !== true", "m.z <= m.nz", "m.o[1]", "'b' > 'a' && 'B' < 'a'",
                "m.arr[1] == null");
        Tally tally = new Tally();
        for (String e : maps) {
            compare(e, List.of(json), tally, "tricky");
        }
        assertEquals(maps.size() * 2, tally.answeredInJava,
                "every tricky case is answered in Java, and as GraalJS does");
        // a property of undefined throws in GraalJS; Java leaves it to it, which reports it as always
        for (String e : List.of("m.missing.x", "m.n.x", "m.missing")) {
            Tally t = new Tally();
            compare(e, List.of(json), t, "failing");
        }
        InlineHooks undefinedProperty = InlineHooks.of(List.of("m.missing.x"), List.of());
        assertNotNull(undefinedProperty);
        assertNull(undefinedProperty.apply(json), "a TypeError is GraalJS's to report");
        assertNull(InlineHooks.of(List.of(), List.of("m.missing")).apply(json),
                "map returning undefined fails in GraalJS");
    }

    @Test
    void numbersPrintAsJavaScriptPrintsThem() {
        Random r = new Random(SEED + 2);
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(r.nextLong());
                case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(44) - 22);
                case 2 -> Math.scalb(1.0, r.nextInt(2000) - 1000);
                default -> (double) r.nextInt(100000) / Math.pow(10, r.nextInt(12));
            };
            if (Double.isFinite(d)) {
                // Java's own text reads back as the same double: the literal is exact
                literals.add(Double.toString(d).replace("E", "e"));
            }
        }
        Tally tally = new Tally();
        // in arrays of 50: a longer expression goes to GraalJS
        for (int i = 0; i < literals.size(); i += 50) {
            String map = "[" + String.join(", ", literals.subList(i, Math.min(literals.size(), i + 50))) + "]";
            compare(map, List.of("{\"activeMembers\":[{}]}"), tally, "numbers");
        }
        assertEquals(2 * ((literals.size() + 49) / 50), tally.answeredInJava);
    }

    @Test
    void theJavaPathKnowsEveryNameObjectPrototypeHas() {
        HookSession s = graalJs(HookSpec.map("Object.getOwnPropertyNames(Object.prototype)"));
        try (s) {
            String names = s.apply(NO_MEMBERS, "{\"activeMembers\":[{}]}", NOW).mapped().get(0);
            Set<String> graalJs = new HashSet<>(List.of(names.replaceAll("[\\[\\]\"]", "").split(",")));
            assertEquals(JsValues.OBJECT_PROTOTYPE, graalJs);
        }
    }

    @Test
    void theExpressionsAreNamedAsGraalJsNamesThem() {
        List<String> filters = List.of("m.mute", "!m.hold", "m.callId");
        List<String> maps = List.of("m", "m.callId");
        List<HookSpec> specs = new ArrayList<>();
        filters.forEach(e -> specs.add(HookSpec.filter(e)));
        maps.forEach(e -> specs.add(HookSpec.map(e)));
        try (HookSession s = HookSession.open(specs, HookSession.Settings.defaults(), new PrintWriter(console))) {
            assertEquals(s.names(), InlineHooks.of(filters, maps).names());
        }
    }

    // ---- generators ----

    private static String expression(Random r, int depth) {
        if (depth <= 0) {
            return leaf(r);
        }
        int k = r.nextInt(20);
        return switch (k) {
            case 0, 1, 2 -> leaf(r);
            case 3 -> "!" + expression(r, depth - 1);
            case 4, 5, 6, 7, 8 -> {
                String[] ops = {"&&", "||", "===", "!==", "==", "!=", "<", "<=", ">", ">="};
                String op = ops[r.nextInt(ops.length)];
                String a = expression(r, depth - 1);
                String b = expression(r, depth - 1);
                // without parentheses half the time: precedence must be JavaScript's
                yield r.nextBoolean() ? "(" + a + " " + op + " " + b + ")" : a + " " + op + " " + b;
            }
            case 9 -> expression(r, depth - 1) + " ? " + expression(r, depth - 1) + " : " + expression(r, depth - 1);
            case 10 -> "(" + expression(r, depth - 1) + ")";
            case 11 -> {
                int n = r.nextInt(4);
                List<String> props = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String key = r.nextInt(4) == 0 ? "'" + KEYS[r.nextInt(KEYS.length)] + "'"
                            : new String[] {"a", "b", "call", "muted", "if", "a"}[r.nextInt(6)];
                    props.add(key + ": " + expression(r, depth - 1));
                }
                yield "({" + String.join(", ", props) + "})";
            }
            case 12 -> {
                int n = r.nextInt(3);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(expression(r, depth - 1));
                }
                yield "[" + String.join(", ", items) + "]";
            }
            case 13 -> "(" + expression(r, depth - 1) + ")" + (r.nextBoolean() ? ".length" : "[0]");
            case 14 -> "m[" + expression(r, depth - 1) + "]";
            case 15 -> OUTSIDE[r.nextInt(OUTSIDE.length)];
            default -> property(r);
        };
    }

    private static String leaf(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> NUMBER_LITERALS[r.nextInt(NUMBER_LITERALS.length)];
            case 1 -> STRING_LITERALS[r.nextInt(STRING_LITERALS.length)];
            case 2 -> new String[] {"true", "false", "null", "undefined", "m", "c"}[r.nextInt(6)];
            default -> property(r);
        };
    }

    private static String property(Random r) {
        String key = KEYS[r.nextInt(KEYS.length)];
        boolean name = key.matches("[a-z_]+");
        return switch (r.nextInt(8)) {
            case 0 -> "m['" + key + "']";
            case 1 -> "m.o." + new String[] {"a", "b", "mute", "length"}[r.nextInt(4)];
            case 2 -> "c.activeMembers.length";
            case 3 -> "m.s.length";
            case 4 -> "m.arr[" + r.nextInt(3) + "]";
            default -> name ? "m." + key : "m[\"" + key + "\"]";
        };
    }

    private static String conference(Random r) {
        int n = r.nextInt(6) == 0 ? 2 : 1;
        List<String> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(object(r, 2));
        }
        return "{\"id\":\"conf-d\",\"name\":" + value(r, 0) + ",\"activeMembers\":[" + String.join(",", members)
                + "]}";
    }

    private static String object(Random r, int depth) {
        List<String> keys = new ArrayList<>(List.of(KEYS));
        Collections.shuffle(keys, r);
        List<String> fields = new ArrayList<>();
        for (String k : keys) {
            // most fields present, some missing: a missing one is undefined, and reading through it throws
            if (r.nextInt(5) > 0) {
                fields.add(quote(k) + ":" + value(r, depth));
            }
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String value(Random r, int depth) {
        int k = r.nextInt(depth > 0 ? 9 : 7);
        return switch (k) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2, 3 -> NUMBERS_JSON[r.nextInt(NUMBERS_JSON.length)];
            case 4, 5, 6 -> quote(STRINGS[r.nextInt(STRINGS.length)]);
            case 7 -> object(r, depth - 1);
            default -> {
                List<String> items = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    items.add(value(r, depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
        };
    }

    /** JSON text of a string, lone surrogates escaped (a JSON text is Unicode). */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20 || Character.isSurrogate(ch)) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
