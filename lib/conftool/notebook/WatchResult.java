package conftool.notebook;

import conftool.model.Alert;
import conftool.model.Event;
import java.util.List;

/**
 * What a watch saw.
 *
 * @param events   the events, in the order they happened
 * @param alerts   alerts from the hooks' {@code onEvent} and {@code alert}, with their resolved notices
 * @param problems hook failures and failed polls, as messages
 */
public record WatchResult(Table<Event> events, Table<Alert> alerts, List<String> problems) {

    @Override
    public String toString() {
        String text = events.toString();
        if (!alerts.isEmpty()) {
            text += "\n\n" + alerts;
        }
        if (!problems.isEmpty()) {
            text += "\n\nproblems:\n" + String.join("\n", problems);
        }
        return text;
    }
}
