package conftool.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One column of a table or CSV: its header and how to read a row's cell. A missing value (null) is {@link #NONE} in
 * a table and an empty field in CSV; JSON keeps {@code null}.
 */
public record Column<T>(String header, Function<T, Object> value) {

    /** How a table shows a missing value. */
    public static final String NONE = "-";

    /** The cell as text: "" for null, items joined by spaces for a list of plain values, JSON for nested values. */
    public String text(T row) {
        Object v = value.apply(row);
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list && list.stream().noneMatch(i -> i instanceof Map || i instanceof List)) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        if (v instanceof Map || v instanceof List) {
            try {
                return ApiJson.mapper().writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }

    /** The cell as a table shows it: {@link #NONE} for a missing value. */
    public String shown(T row) {
        return value.apply(row) == null ? NONE : text(row);
    }
}
