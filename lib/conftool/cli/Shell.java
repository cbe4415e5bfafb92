package conftool.cli;

/** Quotes a word for POSIX shells, only when it needs it. */
final class Shell {

    private Shell() {
    }

    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
