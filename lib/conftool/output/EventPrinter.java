package conftool.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints watch events as they happen, flushed one by one: readable lines on a terminal, NDJSON (the event's fields:
 * type, time, conferenceId, conferenceName, member, previous, patch, …) when piped or with {@code -o ndjson/json}.
 */
public final class EventPrinter implements Consumer<Event> {

    private final PrintWriter out;
    private final boolean json;

    public EventPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public void accept(Event e) {
        synchronized (out) {
            out.println(json ? Inert.json(toJson(e)) : Inert.text(line(e)));
            out.flush();
        }
    }

    static String toJson(Event e) {
        try {
            return ApiJson.mapper().writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    static String line(Event e) {
        StringBuilder s = new StringBuilder()
                .append(e.time()).append("  ")
                .append(String.format("%-19s", e.type())).append("  ")
                .append(e.conferenceName() == null ? e.conferenceId() : e.conferenceName());
        if (e.callId() != null) {
            s.append("  ").append(e.callId());
        }
        ConferenceMember m = e.member();
        switch (e.type()) {
            // a webhook may lack what a poll always has (a member, the conference): print what there is
            case "memberJoined" -> s.append(m != null && m.isMuted() ? "  (muted)" : "")
                    .append(m != null && m.isHeld() ? "  (on hold)" : "");
            case "coachingChanged" -> s.append("  coaching: ").append(m.coaching().isEmpty() ? "nobody"
                    : String.join(" ", m.coaching()));
            case "gap" -> s.append("  ").append(e.missedPolls()).append(" poll(s) missed: changes that came and went"
                    + " in between cannot be seen");
            case "conferenceSeen" -> s.append("  ").append(e.conferenceId()).append(e.conference() == null ? ""
                    : ", " + e.conference().members().size() + " members");
            default -> {
                // the type says it all
            }
        }
        return s.toString();
    }
}
