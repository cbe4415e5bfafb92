package conftool.hooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import conftool.client.ApiJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JavaScript values in Java, for {@link InlineExpression}: JavaScript's own rules (ECMAScript 2024) for what an inline
 * expression can do with them, and nothing more. {@code undefined} and {@code null} are {@link #UNDEFINED} and
 * {@link #NULL}; a boolean a {@link Boolean}; a number a {@link Double}; a string a {@link String}; an object a
 * {@link LinkedHashMap} and an array an {@link ArrayList}, compared by identity as JavaScript compares objects.
 *
 * <p>Whatever these rules do not cover exactly (a property a prototype provides, converting an object to a primitive,
 * a hexadecimal string read as a number, reading a property of undefined, which throws) raises {@link Unsupported}:
 * the caller then runs the expressions in GraalJS, which answers, or fails, as it always did.
 */
final class JsValues {

    enum Special { UNDEFINED, NULL }

    static final Object UNDEFINED = Special.UNDEFINED;
    static final Object NULL = Special.NULL;

    /** The names {@code Object.prototype} provides: reading one on an object is left to GraalJS. */
    static final Set<String> OBJECT_PROTOTYPE = Set.of("constructor", "__proto__", "__defineGetter__",
            "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "hasOwnProperty", "isPrototypeOf",
            "propertyIsEnumerable", "toLocaleString", "toString", "valueOf");

    /** Something outside what is evaluated in Java: GraalJS must run the expressions instead. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,5})?");

    private JsValues() {
    }

    // ---- JSON.parse ----

    /** What {@code JSON.parse(json)} makes of the JSON conf writes (numbers as doubles, keys in order). */
    static Object parse(String json) {
        try (JsonParser p = ApiJson.mapper().getFactory().createParser(json)) {
            Object v = value(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new Unsupported("more than one JSON value");
            }
            return v;
        } catch (IOException e) {
            throw new Unsupported("JSON the Java path cannot read: " + e.getMessage());
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new Unsupported("no JSON value");
        }
        switch (t) {
            case START_OBJECT -> {
                // JSON.parse defines each key once, where it first appears, with the last value given
                Map<String, Object> o = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    o.put(key, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                List<Object> a = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // the number's own text, rounded once, as JSON.parse does (not through a long or BigDecimal)
                return Double.parseDouble(p.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new Unsupported("JSON token " + t);
        }
    }

    // ---- conversions and operators ----

    /** ToBoolean. */
    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        return v != UNDEFINED && v != NULL;
    }

    /** {@code a === b}. */
    static boolean strictEquals(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof String || a instanceof Boolean) {
            return a.equals(b);
        }
        return a == b;
    }

    /** {@code a == b} (IsLooselyEqual); an object beside a string or number would be converted: GraalJS's part. */
    static boolean looseEquals(Object a, Object b) {
        if (sameType(a, b)) {
            return strictEquals(a, b);
        }
        boolean nullishA = a == UNDEFINED || a == NULL;
        boolean nullishB = b == UNDEFINED || b == NULL;
        if (nullishA || nullishB) {
            return nullishA && nullishB;
        }
        if (a instanceof Double && b instanceof String s) {
            return strictEquals(a, stringToNumber(s));
        }
        if (a instanceof String s && b instanceof Double) {
            return strictEquals(stringToNumber(s), b);
        }
        if (a instanceof Boolean x) {
            return looseEquals(x ? 1.0 : 0.0, b);
        }
        if (b instanceof Boolean y) {
            return looseEquals(a, y ? 1.0 : 0.0);
        }
        if (primitive(a) != primitive(b)) {
            throw new Unsupported("== between an object and a primitive");
        }
        return false;
    }

    private static boolean sameType(Object a, Object b) {
        return a instanceof Double ? b instanceof Double : a instanceof String ? b instanceof String
                : a instanceof Boolean ? b instanceof Boolean : a == UNDEFINED ? b == UNDEFINED
                : a == NULL ? b == NULL : !primitive(a) && !primitive(b);
    }

    private static boolean primitive(Object v) {
        return v instanceof Double || v instanceof String || v instanceof Boolean || v == UNDEFINED || v == NULL;
    }

    /** {@code a < b}, {@code a <= b}, {@code a > b}, {@code a >= b} (IsLessThan) on primitives. */
    static boolean compare(String op, Object a, Object b) {
        if (!primitive(a) || !primitive(b)) {
            throw new Unsupported("an object compared with " + op);
        }
        if (a instanceof String x && b instanceof String y) {
            int c = x.compareTo(y);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        double x = toNumber(a);
        double y = toNumber(b);
        // Java's double comparisons are JavaScript's: false with NaN, -0 equal to 0
        return switch (op) {
            case "<" -> x < y;
            case "<=" -> x <= y;
            case ">" -> x > y;
            default -> x >= y;
        };
    }

    /** ToNumber of a primitive. */
    static double toNumber(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return stringToNumber(s);
        }
        if (v == NULL) {
            return 0;
        }
        if (v == UNDEFINED) {
            return Double.NaN;
        }
        throw new Unsupported("an object converted to a number");
    }

    /**
     * StringToNumber for decimal text, Infinity and blanks; hexadecimal, octal and binary text and characters beyond
     * ASCII are GraalJS's part.
     */
    static double stringToNumber(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && whitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && whitespace(s.charAt(end - 1))) {
            end--;
        }
        String t = s.substring(start, end);
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) >= 0x80) {
                throw new Unsupported("a string with non-ASCII characters converted to a number");
            }
        }
        if (t.isEmpty()) {
            return 0;
        }
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        if (unsigned.length() > 1 && unsigned.charAt(0) == '0' && "xXoObB".indexOf(unsigned.charAt(1)) >= 0) {
            throw new Unsupported("a string with a radix prefix converted to a number");
        }
        if (unsigned.equals("Infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (DECIMAL.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        if (t.matches(".*[eE][+-]?[0-9]{6,}")) {
            throw new Unsupported("a number with a long exponent");
        }
        return Double.NaN;
    }

    /** StrWhiteSpaceChar: WhiteSpace and LineTerminator. */
    private static boolean whitespace(char c) {
        return c == '\t' || c == 0x0B || c == '\f' || c == ' ' || c == 0xA0 || c == 0xFEFF || c == '\n' || c == '\r'
                || c == 0x2028 || c == 0x2029 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    /** {@code o[key]} for a key that is already a string or a number. */
    static Object get(Object o, Object key) {
        String k = key instanceof String s ? s : key instanceof Double d ? numberToString(d) : null;
        if (k == null) {
            throw new Unsupported("a property key that is neither a string nor a number");
        }
        if (o instanceof Map<?, ?> object) {
            if (OBJECT_PROTOTYPE.contains(k)) {
                throw new Unsupported("a property Object.prototype provides");
            }
            Object v = object.get(k);
            return v == null ? UNDEFINED : v;
        }
        if (o instanceof List<?> array) {
            if (k.equals("length")) {
                return (double) array.size();
            }
            int i = index(k);
            return i < 0 ? UNDEFINED : i < array.size() ? array.get(i) : UNDEFINED;
        }
        if (o instanceof String s) {
            if (k.equals("length")) {
                return (double) s.length();
            }
            int i = index(k);
            return i < 0 ? UNDEFINED : i < s.length() ? String.valueOf(s.charAt(i)) : UNDEFINED;
        }
        // a property of undefined or null throws a TypeError; numbers and booleans have only their prototypes'
        throw new Unsupported("a property of " + (o == UNDEFINED ? "undefined" : o == NULL ? "null" : "a primitive"));
    }

    /**
     * The index a canonical numeric key names, -1 for one past any array's or string's length; anything else
     * (another name a prototype may provide) is GraalJS's part.
     */
    private static int index(String k) {
        boolean digits = !k.isEmpty() && k.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        if (!digits || (k.length() > 1 && k.charAt(0) == '0')) {
            throw new Unsupported("a property an array's or a string's prototype may provide");
        }
        return k.length() > 9 ? -1 : Integer.parseInt(k);
    }

    // ---- JSON.stringify ----

    /** {@code JSON.stringify(v)} for a value other than undefined. */
    static String stringify(Object v) {
        StringBuilder out = new StringBuilder();
        stringify(v, out);
        return out.toString();
    }

    private static void stringify(Object v, StringBuilder out) {
        if (v == NULL) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Double d) {
            out.append(Double.isFinite(d) ? numberToString(d) : "null");
        } else if (v instanceof String s) {
            quote(s, out);
        } else if (v instanceof List<?> array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object e = array.get(i);
                if (e == UNDEFINED) {
                    out.append("null");
                } else {
                    stringify(e, out);
                }
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> object) {
            out.append('{');
            boolean first = true;
            for (String k : keys(object)) {
                Object e = object.get(k);
                if (e == UNDEFINED) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(k, out);
                out.append(':');
                stringify(e, out);
            }
            out.append('}');
        } else {
            throw new Unsupported("JSON.stringify of " + v);
        }
    }

    /** OrdinaryOwnPropertyKeys: array indexes in ascending order first, then the other keys as they were made. */
    private static List<String> keys(Map<?, ?> object) {
        List<String> indexes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Object key : object.keySet()) {
            String k = (String) key;
            (arrayIndex(k) ? indexes : names).add(k);
        }
        indexes.sort((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));
        indexes.addAll(names);
        return indexes;
    }

    /** Whether {@code k} is an array index: the canonical text of an integer from 0 to 2^32 - 2. */
    private static boolean arrayIndex(String k) {
        if (k.isEmpty() || k.length() > 10 || (k.length() > 1 && k.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            if (k.charAt(i) < '0' || k.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(k) <= 4294967294L;
    }

    /** QuoteJSONString, lone surrogates escaped as JSON.stringify has done since ES2019. */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    boolean lone = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || lone) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- Number::toString ----

    /** Number::toString(10): the shortest decimal that reads back as {@code d}, in JavaScript's layout. */
    static String numberToString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (d == 0) {
            return "0";
        }
        if (d < 0) {
            return "-" + numberToString(-d);
        }
        if (Double.isInfinite(d)) {
            return "Infinity";
        }
        if (d < 9007199254740992.0 && d == Math.rint(d)) {
            // every digit of an integer below 2^53 is needed to read it back
            return Long.toString((long) d);
        }
        BigDecimal shortest = shortest(d);
        String s = shortest.unscaledValue().toString();
        int k = s.length();
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            return s + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return s.substring(0, n) + "." + s.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + s;
        }
        int e = n - 1;
        String exponent = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
        return k == 1 ? s + exponent : s.charAt(0) + "." + s.substring(1) + exponent;
    }

    /**
     * The fewest significant digits that read back as {@code d} (positive, finite), the closest to it when two
     * of that length do; without trailing zeros.
     */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downOk = Double.parseDouble(down.toString()) == d;
            boolean upOk = Double.parseDouble(up.toString()) == d;
            if (downOk || upOk) {
                BigDecimal pick;
                if (downOk && upOk) {
                    int c = exact.subtract(down).compareTo(up.subtract(exact));
                    pick = c < 0 ? down : c > 0 ? up
                            : down.unscaledValue().testBit(0) ? up : down;
                } else {
                    pick = downOk ? down : up;
                }
                return pick.stripTrailingZeros();
            }
        }
        throw new IllegalStateException("no 17-digit decimal reads back as " + d);
    }
}
