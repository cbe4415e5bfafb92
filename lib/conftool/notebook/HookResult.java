package conftool.notebook;

import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import java.util.List;

/**
 * A conference after hooks ran over it.
 *
 * @param conference the conference with only the members every filter kept
 * @param members    those members, as a table
 * @param mapped     what the {@code map} hooks made of each kept member (maps and lists), or null when none maps
 * @param alerts     what {@code alert(conference, ctx)} raised
 * @param failures   hook failures skipped over (only with {@link Hooks#skipFailures()})
 */
public record HookResult(Conference conference, Table<ConferenceMember> members, Table<Object> mapped,
        Table<Alert> alerts, List<String> failures) {

    @Override
    public String toString() {
        String text = (mapped != null ? mapped : members).toString();
        if (!alerts.isEmpty()) {
            text += "\n\n" + alerts;
        }
        if (!failures.isEmpty()) {
            text += "\n\nhook failures skipped:\n" + String.join("\n", failures);
        }
        return text;
    }
}
