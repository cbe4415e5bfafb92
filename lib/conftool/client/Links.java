package conftool.client;

import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads RFC 8288 {@code Link} headers, as the list endpoint uses them for paging. */
final class Links {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private Links() {
    }

    /** The {@code rel="next"} target, resolved against {@code base}; null on the last page. */
    static URI next(Map<String, Collection<String>> headers, URI base) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey() == null || !entry.getKey().equalsIgnoreCase("Link")) {
                continue;
            }
            for (String value : entry.getValue()) {
                Matcher m = LINK.matcher(value);
                while (m.find()) {
                    Matcher rel = REL_NEXT.matcher(m.group(2));
                    while (rel.find()) {
                        for (String r : rel.group(1).trim().split("\\s+")) {
                            if (r.equalsIgnoreCase("next")) {
                                return base.resolve(m.group(1).trim());
                            }
                        }
                    }
                }
            }
        }
        return null;
    }
}
