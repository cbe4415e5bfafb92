package conftool.notebook;

import conftool.model.Alert;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.output.Column;
import conftool.output.Views;
import java.util.List;

/** The notebook's columns for members, events and alerts; the rest are the command line's {@code Views}. */
final class Columns {

    private Columns() {
    }

    /** Members in a notebook: the command line's table, without memberUrl, which would take half the width. */
    static final List<Column<ConferenceMember>> MEMBERS = Views.MEMBERS_TABLE;

    static final List<Column<Event>> EVENTS = List.of(
            new Column<>("time", Event::time),
            new Column<>("type", Event::type),
            new Column<>("conference", e -> e.conferenceName() == null ? e.conferenceId() : e.conferenceName()),
            new Column<>("callId", Event::callId),
            new Column<>("detail", Columns::detail));

    static final List<Column<Alert>> ALERTS = List.of(
            new Column<>("time", Alert::time),
            new Column<>("level", Alert::level),
            new Column<>("status", Alert::status),
            new Column<>("message", Alert::message),
            new Column<>("conferenceId", Alert::conferenceId),
            new Column<>("callId", Alert::callId),
            new Column<>("hook", Alert::hook));

    /** "1 event", "2 events". */
    static String count(int n, String noun) {
        return Views.count(n, noun);
    }


    private static String detail(Event e) {
        ConferenceMember m = e.member();
        return switch (e.type()) {
            case "memberJoined" -> (m.isMuted() ? "muted " : "") + (m.isHeld() ? "on hold" : "");
            case "coachingChanged" -> "coaching: "
                    + (m.coaching().isEmpty() ? "nobody" : String.join(" ", m.coaching()));
            case "gap" -> Views.count(e.missedPolls(), "poll") + " missed";
            case "conferenceSeen" -> e.conference() == null ? "" : Views.count(e.conference().members().size(), "member")
                    + (e.conference().isCompleted() ? ", completed " + e.conference().completedTime() : "");
            default -> "";
        };
    }
}
