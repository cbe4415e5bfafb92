package conftool.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import conftool.client.ApiJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints results in the chosen {@link OutputFormat}. JSON is the API's own field names; lists stream item by item
 * in JSON, NDJSON and CSV, so a long listing starts printing with its first page. With {@code --select}, each result
 * is replaced by the value its JSON Pointer selects.
 */
public final class Printer {

    private final PrintWriter out;
    private final OutputFormat format;
    private final JsonSelect select;
    // Made at the first output: the shared mapper sets up meanwhile, beside the request (ConferenceClient).
    private ObjectWriter pretty;

    public Printer(PrintWriter out, OutputFormat format, JsonSelect select) {
        this.out = out;
        this.format = format;
        this.select = select;
    }

    private static ObjectMapper mapper() {
        return ApiJson.mapper();
    }

    private ObjectWriter pretty() {
        if (pretty == null) {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            pretty = mapper().writer(pp);
        }
        return pretty;
    }

    public OutputFormat format() {
        return format;
    }

    /** How a single result looks in a table; {@code wide} with every field, however long. */
    @FunctionalInterface
    public interface View {
        void print(boolean wide);
    }

    /**
     * A list result; returns how many items were printed.
     *
     * @param columns every column: for CSV, wide tables, and tables
     */
    public <T> long list(Stream<T> items, List<Column<T>> columns) {
        return list(items, columns, columns);
    }

    /**
     * A list result whose table leaves out long columns ({@code -o wide} shows them); returns how many items were
     * printed.
     *
     * @param table the columns of a table
     * @param all   every column: for CSV and wide tables
     */
    public <T> long list(Stream<T> items, List<Column<T>> table, List<Column<T>> all) {
        Iterator<T> it = items.iterator();
        long n = 0;
        List<Column<T>> columns = format == OutputFormat.TABLE ? table : all;
        switch (format) {
            case TABLE, WIDE -> {
                if (select != null) {
                    while (it.hasNext()) {
                        out.println(forTable(select.apply(compact(it.next()))));
                        n++;
                    }
                    return n;
                }
                List<T> rows = new ArrayList<>();
                it.forEachRemaining(rows::add);
                TextTable.print(out, columns, rows);
                return rows.size();
            }
            case CSV -> {
                if (select == null) {
                    Csv.header(out, columns);
                }
                while (it.hasNext()) {
                    T item = it.next();
                    if (select == null) {
                        Csv.row(out, columns, item);
                    } else {
                        out.println(forCsv(select.apply(compact(item))));
                    }
                    n++;
                }
                return n;
            }
            case NDJSON -> {
                while (it.hasNext()) {
                    out.println(Inert.json(selected(compact(it.next()))));
                    out.flush();
                    n++;
                }
                return n;
            }
            default -> {
                out.print("[");
                while (it.hasNext()) {
                    String item = select == null ? prettyJson(it.next()) : selected(compact(it.next()));
                    out.print((n == 0 ? "\n  " : ",\n  ") + Inert.json(item).replace("\n", "\n  "));
                    n++;
                }
                out.println(n == 0 ? "]" : "\n]");
                return n;
            }
        }
    }

    /**
     * A single result.
     *
     * @param table      how a person sees it
     * @param csvColumns the CSV columns of its rows
     * @param csvRows    its rows in CSV (e.g. a conference's members)
     */
    public <T, R> void one(T item, View table, List<Column<R>> csvColumns, List<R> csvRows) {
        if (select != null) {
            var value = select.apply(compact(item));
            out.println(format == OutputFormat.JSON ? Inert.json(prettyJson(readTree(value.toString())))
                    : format == OutputFormat.NDJSON ? Inert.json(value.toString())
                    : format == OutputFormat.CSV ? forCsv(value) : forTable(value));
            return;
        }
        switch (format) {
            case TABLE -> table.print(false);
            case WIDE -> table.print(true);
            case CSV -> {
                Csv.header(out, csvColumns);
                csvRows.forEach(r -> Csv.row(out, csvColumns, r));
            }
            case NDJSON -> out.println(Inert.json(compact(item)));
            default -> out.println(Inert.json(prettyJson(item)));
        }
    }

    /**
     * Values a hook made (JSON text each), e.g. by {@code --map}. A table or CSV gets one column per field of the
     * objects, in order of first appearance; other values print one per line.
     */
    public void values(List<String> jsonValues) {
        List<String> values = select == null ? jsonValues
                : jsonValues.stream().map(v -> select.apply(v).toString()).toList();
        switch (format) {
            case NDJSON -> values.forEach(v -> {
                out.println(Inert.json(v));
                out.flush();
            });
            case JSON -> {
                out.print("[");
                for (int i = 0; i < values.size(); i++) {
                    out.print((i == 0 ? "\n  " : ",\n  ")
                            + Inert.json(prettyJson(readTree(values.get(i)))).replace("\n", "\n  "));
                }
                out.println(values.isEmpty() ? "]" : "\n]");
            }
            default -> {
                List<jakarta.json.JsonValue> parsed = values.stream().map(JsonSelect::parse).toList();
                if (!parsed.isEmpty() && parsed.stream().allMatch(v -> v instanceof jakarta.json.JsonObject)) {
                    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
                    parsed.forEach(v -> keys.addAll(((jakarta.json.JsonObject) v).keySet()));
                    List<Column<jakarta.json.JsonValue>> columns = keys.stream()
                            .map(k -> new Column<jakarta.json.JsonValue>(k, v -> {
                                jakarta.json.JsonValue x = ((jakarta.json.JsonObject) v).get(k);
                                return x == null || x.getValueType() == jakarta.json.JsonValue.ValueType.NULL ? null
                                        : JsonSelect.raw(x);
                            })).toList();
                    if (format == OutputFormat.CSV) {
                        Csv.header(out, columns);
                        parsed.forEach(v -> Csv.row(out, columns, v));
                    } else {
                        TextTable.print(out, columns, parsed);
                    }
                } else {
                    parsed.forEach(v -> out.println(format == OutputFormat.CSV ? forCsv(v) : forTable(v)));
                }
            }
        }
        out.flush();
    }

    /** A JSON value in a table: strings bare, null as {@link Column#NONE}, the rest as JSON. */
    private static String forTable(jakarta.json.JsonValue v) {
        return v.getValueType() == jakarta.json.JsonValue.ValueType.NULL ? Column.NONE
                : TextTable.clean(JsonSelect.raw(v));
    }

    /** A JSON value as a CSV field: null as an empty field, as in CSV rows. */
    private static String forCsv(jakarta.json.JsonValue v) {
        return v.getValueType() == jakarta.json.JsonValue.ValueType.NULL ? "" : Csv.field(JsonSelect.raw(v));
    }

    private Object readTree(String json) {
        try {
            return mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String selected(String json) {
        return select == null ? json : select.apply(json).toString();
    }

    private String compact(Object o) {
        try {
            return mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String prettyJson(Object o) {
        try {
            return pretty().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
