package conftool.notebook;

import conftool.output.Column;
import conftool.output.TextTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.AbstractList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rows with named columns: a plain, unmodifiable {@link List} of records that prints as a text table and renders as
 * an HTML table in a notebook. Stream it, index it, pass it on like any list; {@link #where} keeps the columns.
 */
public final class Table<T> extends AbstractList<T> {

    private final String title;
    private final List<Column<T>> columns;
    private final List<T> rows;

    public Table(String title, List<Column<T>> columns, List<T> rows) {
        this.title = title;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    /** A map hook's null, in a list that cannot hold null. */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A table of what {@code map} hooks returned: one column per key seen, in the order first seen. */
    static Table<Object> ofValues(String title, List<Object> values) {
        Set<String> keys = new LinkedHashSet<>();
        boolean allMaps = !values.isEmpty();
        for (Object v : values) {
            if (v instanceof Map<?, ?> m) {
                m.keySet().forEach(k -> keys.add(String.valueOf(k)));
            } else {
                allMaps = false;
            }
        }
        List<Column<Object>> columns = allMaps
                ? keys.stream().map(k -> new Column<Object>(k, v -> ((Map<?, ?>) v).get(k))).toList()
                : List.of(new Column<>("value", v -> v == NULL ? null : v));
        // a row cannot be null in a List.copyOf: a null value is held as NULL and shown as any missing value
        return new Table<>(title, columns, values.stream().map(v -> v == null ? NULL : v).toList());
    }

    @Override
    public T get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    /** What the table shows, such as "3 conferences"; may be null. */
    public String title() {
        return title;
    }

    public List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }

    /** Column {@code header} of row {@code index}, as the table shows it. */
    public String cell(int index, String header) {
        return columns.stream().filter(c -> c.header().equals(header)).findFirst()
                .map(c -> c.shown(rows.get(index)))
                .orElseThrow(() -> new IllegalArgumentException("no column " + header + "; columns: " + headers()));
    }

    /** The rows that match, with the same columns. */
    public Table<T> where(Predicate<? super T> test) {
        List<T> kept = rows.stream().filter(test).toList();
        String keptTitle = title == null ? null : title + " (" + kept.size() + " of " + rows.size() + ")";
        return new Table<>(keptTitle, columns, kept);
    }

    List<Column<T>> columns() {
        return columns;
    }

    /** The table as text, as {@code conf} prints it on a terminal. */
    @Override
    public String toString() {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        if (title != null) {
            out.println(title);
        }
        if (rows.isEmpty()) {
            out.println("(none)");
        } else {
            TextTable.print(out, columns, rows);
        }
        out.flush();
        return s.toString().stripTrailing();
    }

    /** The table as an HTML fragment, every value escaped. */
    public String html() {
        return Html.table(this);
    }
}
