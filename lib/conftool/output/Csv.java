package conftool.output;

import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV: a header line, then one line per row; fields quoted when they need it. */
public final class Csv {

    private Csv() {
    }

    public static <T> void header(PrintWriter out, List<Column<T>> columns) {
        out.println(String.join(",", columns.stream().map(c -> field(c.header())).toList()));
    }

    public static <T> void row(PrintWriter out, List<Column<T>> columns, T row) {
        out.println(String.join(",", columns.stream().map(c -> field(c.text(row))).toList()));
    }

    static String field(String raw) {
        // a cell is read on a terminal as often as by a program: controls show as escapes there too (JSON keeps them)
        String s = Inert.text(raw);
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
