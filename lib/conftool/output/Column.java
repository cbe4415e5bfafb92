package conftool.output;

import java.util.List;
import java.util.function.Function;

/** One column of a table or CSV: its header and how to read a row's cell. */
public record Column<T>(String header, Function<T, Object> value) {

    /** The cell as text: "" for null, items joined by spaces for lists. */
    public String text(T row) {
        Object v = value.apply(row);
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
