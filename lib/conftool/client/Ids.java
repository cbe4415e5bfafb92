package conftool.client;

/**
 * Checks ids before they become part of a URL path. Bandwidth ids are {@code conf-…}, {@code c-…} and {@code r-…}
 * with hex digits and dashes; anything that could change the path ({@code /}, {@code ..}), break the request line
 * (spaces, control characters) or be read as a query or fragment is refused, never sent. An id made only of dots
 * is a path step ({@code .}, {@code ..}) to a URL, and refused too; {@code ~} alone is an ordinary unreserved
 * character of a path segment (RFC 3986), so the API is asked and answers 404.
 */
public final class Ids {

    private static final int MAX_LENGTH = 256;

    private Ids() {
    }

    /** Returns the id unchanged, or throws {@link ConfException.InvalidInput} saying what is wrong with it. */
    public static String check(String what, String id) {
        if (id == null || id.isEmpty()) {
            throw new ConfException.InvalidInput(what + " is missing");
        }
        String problem = problem(id);
        if (problem != null) {
            throw new ConfException.InvalidInput("%s \"%s\" is not a valid id: %s. Ids are letters, digits, '-', '_',"
                    .formatted(what, printable(id), problem) + " '.' and '~', e.g. " + example(what));
        }
        return id;
    }

    private static String example(String what) {
        return what.startsWith("conference") ? "conf-04c62a3d-1cd6-4bb9-8c91-27ed04140964"
                : what.startsWith("recording") ? "r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d"
                : what.startsWith("account") ? "9900000"
                : "c-95ac8d8d-b81437f5-4586-4d5b-9b46-29f8b3fe0aaf";
    }

    private static String problem(String id) {
        if (id.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (id.replace(".", "").isEmpty()) {
            return "it is only dots, which a URL reads as a step in the path";
        }
        if (id.contains("..")) {
            return "it contains \"..\"";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return "it contains a control character";
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "it contains a space";
            }
            if (c == '/' || c == '\\') {
                return "it contains '" + c + "'";
            }
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (!allowed) {
                return "it contains '" + c + "'";
            }
        }
        return null;
    }

    /** Shows control characters as escapes so that an error message cannot rewrite the terminal. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return s.codePointCount(0, s.length()) > 80 ? out + "…" : out.toString();
    }
}
