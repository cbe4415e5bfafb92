package conftool.output;

import java.util.Locale;

/**
 * How results are printed: a table for people (WIDE: every field, as wide as that takes), JSON (the API's field
 * names), NDJSON or CSV for programs.
 */
public enum OutputFormat {
    TABLE, WIDE, JSON, NDJSON, CSV;

    /** The asked-for format, or table on a terminal and JSON when piped. */
    public static OutputFormat resolve(String asked, boolean terminal) {
        if (asked == null || asked.isBlank()) {
            return terminal ? TABLE : JSON;
        }
        try {
            return valueOf(asked.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new conftool.client.ConfException.InvalidInput("unknown output format \"" + asked
                    + "\": use table, wide, json, ndjson or csv");
        }
    }

    /** Whether a person reads it: a table, narrow or wide. */
    public boolean forPeople() {
        return this == TABLE || this == WIDE;
    }
}
