package conftool.output;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints rows as left-aligned columns separated by two spaces; the last column is not padded. The header is printed
 * even without rows, so that an empty result still says what it would have held.
 */
public final class TextTable {

    private TextTable() {
    }

    public static <T> void print(PrintWriter out, List<Column<T>> columns, List<T> rows) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = clean(columns.get(i).header()).length();
            for (T row : rows) {
                width[i] = Math.max(width[i], clean(columns.get(i).shown(row)).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            cell(line, clean(columns.get(i).header()), width[i], i == columns.size() - 1);
        }
        out.println(line.toString().stripTrailing());
        for (T row : rows) {
            line.setLength(0);
            for (int i = 0; i < columns.size(); i++) {
                cell(line, clean(columns.get(i).shown(row)), width[i], i == columns.size() - 1);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static void cell(StringBuilder line, String text, int width, boolean last) {
        line.append(text);
        if (!last) {
            line.append(" ".repeat(width - text.length() + 2));
        }
    }

    /** Control characters from the API must not move the cursor, recolour the terminal or break a row. */
    static String clean(String s) {
        return Inert.text(s);
    }
}
