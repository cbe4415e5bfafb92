package conftool.model;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO 8601 {@code PT5S}. */
public final class Durations {

    private Durations() {
    }

    /** The duration, or throws {@link IllegalArgumentException} naming the accepted forms. */
    public static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration: write e.g. 500ms, 5s, 2m or 1h");
    }

    /** Short and readable: 500ms, 2s, 1m30s, 1h. */
    public static String format(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        if (d.toMillis() % 1000 != 0) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        long s = d.toSeconds();
        if (s >= 3600) {
            long m = s / 60 % 60;
            return (s / 3600) + "h" + (m == 0 ? "" : m + "m") + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
}
