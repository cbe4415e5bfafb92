package conftool.top;

import conftool.model.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * What the person at {@code conf top} chose, apart from the polls: selection, text filter, sort, help, and the
 * lines of the status pane. Immutable; each key makes a new one.
 *
 * @param filter    the text filter in force ("" for none)
 * @param typing    the filter being typed after {@code /}, or null
 * @param sort      the order of members within a conference
 * @param selected  the selected member's {@link Board.Seat#key()}, or null
 * @param help      the help is shown instead of the members
 * @param status    the last message for the status line (an action's outcome, an API refusal), or null
 * @param alerts    the latest alerts, newest last
 */
public record Ui(String filter, String typing, Sort sort, String selected, boolean help, String status,
        List<Alert> alerts) {

    /** Alerts kept for the status pane. */
    static final int ALERTS = 3;

    /** The order of members within a conference, cycled by {@code s}. */
    public enum Sort {
        JOIN("join time"), CALL("call id"), STATE("state");

        final String label;

        Sort(String label) {
            this.label = label;
        }

        Sort next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    public static Ui start() {
        return new Ui("", null, Sort.JOIN, null, false, null, List.of());
    }

    /** Selects the member {@code delta} rows away among those shown (the first, when none is selected yet). */
    public Ui move(int delta, List<Board.Seat> shown) {
        if (shown.isEmpty()) {
            return withSelected(null);
        }
        int at = indexOf(selected, shown);
        int to = at < 0 ? 0 : Math.max(0, Math.min(shown.size() - 1, at + delta));
        return withSelected(shown.get(to).key());
    }

    /** Keeps the selection on a member shown: the same one when still there, else the first. */
    public Ui settle(List<Board.Seat> shown) {
        if (selected != null && indexOf(selected, shown) >= 0) {
            return this;
        }
        return withSelected(shown.isEmpty() ? null : shown.get(0).key());
    }

    private static int indexOf(String key, List<Board.Seat> shown) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    public Ui withSelected(String key) {
        return new Ui(filter, typing, sort, key, help, status, alerts);
    }

    /** {@code /}: starts typing a filter, from the one in force. */
    public Ui startTyping() {
        return new Ui(filter, filter, sort, selected, false, status, alerts);
    }

    public Ui type(String text) {
        return new Ui(filter, typing + text, sort, selected, help, status, alerts);
    }

    public Ui backspace() {
        return typing.isEmpty() ? this : new Ui(filter, typing.substring(0, typing.offsetByCodePoints(typing.length(),
                -1)), sort, selected, help, status, alerts);
    }

    /** {@code Enter}: the typed filter is in force, and the selection goes to the first member it shows. */
    public Ui acceptTyping() {
        return new Ui(typing.strip(), null, sort, null, help, status, alerts);
    }

    /** {@code Esc}: no filter (and no typing). */
    public Ui clearFilter() {
        return new Ui("", null, sort, selected, help, status, alerts);
    }

    public Ui nextSort() {
        return new Ui(filter, typing, sort.next(), selected, help, "sorted by " + sort.next().label, alerts);
    }

    public Ui toggleHelp() {
        return new Ui(filter, typing, sort, selected, !help, status, alerts);
    }

    public Ui withStatus(String line) {
        return new Ui(filter, typing, sort, selected, help, line, alerts);
    }

    public Ui withAlert(Alert a) {
        List<Alert> kept = new ArrayList<>(alerts);
        kept.add(a);
        while (kept.size() > ALERTS) {
            kept.remove(0);
        }
        return new Ui(filter, typing, sort, selected, help, status, List.copyOf(kept));
    }
}
