package conftool.hooks;

import conftool.hooks.JsValues.Unsupported;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An inline {@code --filter}/{@code --map} expression evaluated in Java, with JavaScript's semantics, when it stays
 * within a small part of the language: property reads ({@code m.mute}, {@code m["x"]}, {@code c.activeMembers.length}),
 * {@code !}, {@code &&}, {@code ||}, {@code ? :}, {@code === !== == != < <= > >=}, string, number, boolean, null and
 * undefined literals, parentheses, object and array literals. {@link #parse} gives null for anything else (a call,
 * arithmetic, a template, {@code ?.}, a comment, a syntax error...), which GraalJS then runs as before; so does a
 * value the rules of {@link JsValues} leave to GraalJS, when the expression meets one.
 */
final class InlineExpression {

    /** A part of the expression: its value for member {@code m} of conference {@code c}. */
    private interface Node {
        Object eval(Object m, Object c);
    }

    private static final int MAX_DEPTH = 64;
    /** Longer expressions go to GraalJS: evaluation recurses once per operator. */
    private static final int MAX_LENGTH = 2000;

    private final String text;
    private int pos;
    private int depth;
    private Node root;

    private InlineExpression(String text) {
        this.text = text;
    }

    /** The expression, or null when it is not within the part of JavaScript evaluated in Java. */
    static InlineExpression parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return null;
        }
        InlineExpression e = new InlineExpression(text);
        try {
            e.root = e.conditional();
            e.skipSpace();
            return e.pos == text.length() ? e : null;
        } catch (Unsupported outside) {
            return null;
        }
    }

    /** The value for member {@code m} of conference {@code c}; {@link Unsupported} when GraalJS must answer. */
    Object eval(Object m, Object c) {
        return root.eval(m, c);
    }

    // ---- grammar: conditional > or > and > equality > relational > unary > member > primary ----

    private Node conditional() {
        if (++depth > MAX_DEPTH) {
            throw new Unsupported("nested too deeply");
        }
        Node test = or();
        if (!eat("?")) {
            depth--;
            return test;
        }
        if (peek('.') || peek('?')) {
            throw new Unsupported("?. or ??");
        }
        Node then = conditional();
        expect(":");
        Node otherwise = conditional();
        depth--;
        return (m, c) -> JsValues.truthy(test.eval(m, c)) ? then.eval(m, c) : otherwise.eval(m, c);
    }

    private Node or() {
        Node left = logical("||", this::and, true);
        if (peek('?') && at("??")) {
            throw new Unsupported("??");
        }
        return left;
    }

    private Node and() {
        return logical("&&", this::equality, false);
    }

    /** {@code a || b}, {@code a && b}: the left value when it decides (truthy for ||, falsy for &&), else the right. */
    private Node logical(String op, Supplier<Node> operand, boolean leftWhenTruthy) {
        Node left = operand.get();
        while (eat(op)) {
            Node l = left;
            Node r = operand.get();
            left = (m, c) -> {
                Object v = l.eval(m, c);
                return JsValues.truthy(v) == leftWhenTruthy ? v : r.eval(m, c);
            };
        }
        return left;
    }

    private Node equality() {
        Node left = relational();
        while (true) {
            Node l = left;
            if (eat("===")) {
                Node r = relational();
                left = (m, c) -> JsValues.strictEquals(l.eval(m, c), r.eval(m, c));
            } else if (eat("!==")) {
                Node r = relational();
                left = (m, c) -> !JsValues.strictEquals(l.eval(m, c), r.eval(m, c));
            } else if (eat("==")) {
                Node r = relational();
                left = (m, c) -> JsValues.looseEquals(l.eval(m, c), r.eval(m, c));
            } else if (eat("!=")) {
                Node r = relational();
                left = (m, c) -> !JsValues.looseEquals(l.eval(m, c), r.eval(m, c));
            } else {
                return left;
            }
        }
    }

    private Node relational() {
        Node left = unary();
        while (true) {
            skipSpace();
            String op = at("<=") ? "<=" : at(">=") ? ">=" : at("<") && !at("<<") ? "<"
                    : at(">") && !at(">>") ? ">" : null;
            if (op == null) {
                return left;
            }
            pos += op.length();
            Node l = left;
            Node r = unary();
            left = (m, c) -> {
                // both sides are evaluated before either is converted, as in JavaScript
                Object a = l.eval(m, c);
                Object b = r.eval(m, c);
                return JsValues.compare(op, a, b);
            };
        }
    }

    private Node unary() {
        skipSpace();
        if (at("!") && !at("!=")) {
            pos++;
            if (++depth > MAX_DEPTH) {
                throw new Unsupported("nested too deeply");
            }
            Node operand = unary();
            depth--;
            return (m, c) -> !JsValues.truthy(operand.eval(m, c));
        }
        if (at("-") && !at("--")) {
            // only a negative number: minus on anything else converts it to a number first
            pos++;
            skipSpace();
            Object v = -number();
            return (m, c) -> v;
        }
        return member(primary());
    }

    private Node member(Node object) {
        Node o = object;
        while (true) {
            skipSpace();
            if (at("..")) {
                throw new Unsupported("..");
            }
            if (eat(".")) {
                skipSpace();
                String name = identifier();
                if (name == null) {
                    throw new Unsupported("a property name that is not a plain identifier");
                }
                Node of = o;
                o = (m, c) -> JsValues.get(of.eval(m, c), name);
            } else if (eat("[")) {
                Node key = conditional();
                expect("]");
                Node of = o;
                o = (m, c) -> {
                    Object target = of.eval(m, c);
                    return JsValues.get(target, key.eval(m, c));
                };
            } else {
                if (at("(") || at("`")) {
                    throw new Unsupported("a call");
                }
                return o;
            }
        }
    }

    private Node primary() {
        skipSpace();
        if (pos >= text.length()) {
            throw new Unsupported("the end of the expression");
        }
        char ch = text.charAt(pos);
        if (ch == '(') {
            pos++;
            Node inner = conditional();
            expect(")");
            return inner;
        }
        if (ch == '{') {
            return object();
        }
        if (ch == '[') {
            return array();
        }
        if (ch == '"' || ch == '\'') {
            String s = string();
            return (m, c) -> s;
        }
        if ((ch >= '0' && ch <= '9') || ch == '.') {
            Object n = number();
            return (m, c) -> n;
        }
        String name = identifier();
        if (name == null) {
            throw new Unsupported("an operator or character outside the subset");
        }
        return switch (name) {
            case "m" -> (m, c) -> m;
            case "c" -> (m, c) -> c;
            case "true" -> (m, c) -> Boolean.TRUE;
            case "false" -> (m, c) -> Boolean.FALSE;
            case "null" -> (m, c) -> JsValues.NULL;
            // read-only globals: no script can change what they name
            case "undefined" -> (m, c) -> JsValues.UNDEFINED;
            case "NaN" -> (m, c) -> Double.NaN;
            case "Infinity" -> (m, c) -> Double.POSITIVE_INFINITY;
            default -> throw new Unsupported("the name " + name);
        };
    }

    private Node object() {
        pos++;
        List<String> keys = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        skipSpace();
        if (!eat("}")) {
            do {
                skipSpace();
                String key = peek('"') || peek('\'') ? string() : identifier();
                // __proto__: sets the prototype, it is no property
                if (key == null || key.equals("__proto__")) {
                    throw new Unsupported("a property key outside the subset");
                }
                expect(":");
                keys.add(key);
                values.add(conditional());
            } while (eat(","));
            expect("}");
        }
        return (m, c) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                o.put(keys.get(i), values.get(i).eval(m, c));
            }
            return o;
        };
    }

    private Node array() {
        pos++;
        List<Node> elements = new ArrayList<>();
        skipSpace();
        if (!eat("]")) {
            do {
                skipSpace();
                if (peek(',') || peek(']') || at("...")) {
                    throw new Unsupported("a hole or a spread in an array");
                }
                elements.add(conditional());
            } while (eat(","));
            expect("]");
        }
        return (m, c) -> {
            List<Object> a = new ArrayList<>();
            for (Node e : elements) {
                a.add(e.eval(m, c));
            }
            return a;
        };
    }

    // ---- tokens ----

    private void skipSpace() {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private boolean at(String s) {
        return text.startsWith(s, pos);
    }

    private boolean peek(char ch) {
        return pos < text.length() && text.charAt(pos) == ch;
    }

    private boolean eat(String s) {
        skipSpace();
        if (at(s)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!eat(s)) {
            throw new Unsupported("expected " + s);
        }
    }

    /** An ASCII IdentifierName (reserved words included, as after a dot), or null. */
    private String identifier() {
        int start = pos;
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            boolean part = ch == '_' || ch == '$' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
                    || (pos > start && ch >= '0' && ch <= '9');
            if (!part) {
                break;
            }
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) >= 0x80 || text.charAt(pos) == '\\')) {
            throw new Unsupported("a name beyond ASCII or with escapes");
        }
        return pos == start ? null : text.substring(start, pos);
    }

    /** A decimal NumericLiteral: no leading zero, separator, or other radix (strict mode refuses some of those). */
    private double number() {
        int start = pos;
        int intDigits = digits();
        if (intDigits > 1 && text.charAt(start) == '0') {
            throw new Unsupported("a number with a leading zero");
        }
        int fraction = 0;
        if (peek('.')) {
            pos++;
            fraction = digits();
        }
        if (intDigits == 0 && fraction == 0) {
            throw new Unsupported("a number without digits");
        }
        if (peek('e') || peek('E')) {
            pos++;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (digits() == 0) {
                throw new Unsupported("an exponent without digits");
            }
        }
        if (pos < text.length()) {
            char ch = text.charAt(pos);
            if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch == '\\' || ch >= 0x80) {
                throw new Unsupported("a number followed by a name");
            }
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    /**
     * A string literal with the plain escapes; octal escapes, braced code points and line continuations are
     * GraalJS's.
     */
    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new Unsupported("an unterminated string");
            }
            char ch = text.charAt(pos++);
            if (ch == quote) {
                return s.toString();
            }
            if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                throw new Unsupported("a control character in a string");
            }
            if (ch != '\\') {
                s.append(ch);
                continue;
            }
            if (pos >= text.length()) {
                throw new Unsupported("an unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'v' -> s.append('\u000B');
                case '\'', '"', '\\' -> s.append(e);
                case '0' -> {
                    if (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                        throw new Unsupported("an octal escape");
                    }
                    s.append('\0');
                }
                case 'x' -> s.append((char) hex(2));
                case 'u' -> s.append((char) hex(4));
                default -> throw new Unsupported("the escape \\" + e);
            }
        }
    }

    private int hex(int count) {
        if (pos + count > text.length()) {
            throw new Unsupported("a short escape");
        }
        int v = 0;
        for (int i = 0; i < count; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0 || text.charAt(pos - 1) >= 0x80) {
                throw new Unsupported("a bad escape");
            }
            v = v * 16 + d;
        }
        return v;
    }
}
