package conftool.output;

/**
 * Text from a hook or from the network, made safe for a terminal or a log line: every character that a terminal
 * would act on rather than show is written as a visible escape ({@code \n}, {@code \x1b}, {@code \u2028}). Such text
 * can then neither start a forged line (a newline, a carriage return, U+2028, NEL) nor move the cursor, recolour or
 * clear the screen (ESC, CSI, C1 controls), nor reorder what follows it (bidi overrides and isolates).
 *
 * <p>Every line conf writes for a person passes what it quotes through here: alert lines, {@code check}'s output,
 * hooks' console lines, event lines, listen's log, warnings and errors, table and CSV cells. JSON and NDJSON need
 * none of it: JSON escaping already writes such characters as escapes, and those formats keep the exact value.
 */
public final class Inert {

    private Inert() {
    }

    /** {@code s} on one line, with nothing a terminal would interpret; null stays null. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !active(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (active(c)) {
                escape(b, c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * JSON text with the same values and nothing a terminal would act on: JSON escaping already writes C0 controls
     * as escapes, but leaves DEL, C1 controls, line separators and bidi controls raw. Those can only stand inside
     * strings, where {@code \\uXXXX} means the same character: a program reading the JSON gets the exact value.
     */
    public static String json(String json) {
        int i = 0;
        while (i < json.length() && !(json.charAt(i) >= 0x7f && active(json.charAt(i)))) {
            i++;
        }
        if (i == json.length()) {
            return json;
        }
        StringBuilder b = new StringBuilder(json.length() + 16).append(json, 0, i);
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x7f && active(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Whether a terminal would act on {@code c} rather than show it. */
    static boolean active(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)                  // C0, DEL, C1 (NEL U+0085, CSI U+009B)
                || c == '\u2028' || c == '\u2029'                       // line and paragraph separators
                || (c >= '\u202a' && c <= '\u202e')                     // bidi embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069')                     // bidi isolates
                || c == '\u200e' || c == '\u200f' || c == '\u061c';     // bidi marks
    }

    private static void escape(StringBuilder b, char c) {
        switch (c) {
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case 0x0b -> b.append("\\v");
            default -> b.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        }
    }
}
