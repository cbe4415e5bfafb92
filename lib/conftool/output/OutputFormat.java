package conftool.output;

import java.util.Locale;

/** How results are printed: a table for people, JSON (the API's field names), NDJSON or CSV for programs. */
public enum OutputFormat {
    TABLE, JSON, NDJSON, CSV;

    /** The asked-for format, or table on a terminal and JSON when piped. */
    public static OutputFormat resolve(String asked, boolean terminal) {
        if (asked == null || asked.isBlank()) {
            return terminal ? TABLE : JSON;
        }
        try {
            return valueOf(asked.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new conftool.client.ConfException.InvalidInput("unknown output format \"" + asked
                    + "\": use table, json, ndjson or csv");
        }
    }
}
