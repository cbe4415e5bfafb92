package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.Alert;
import conftool.output.Inert;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Writes alerts as readable lines ({@code [critical] member-count: 21 members in standup (call c-…)}), one line each
 * whatever the message holds ({@link Inert}), or as one JSON object per line for {@code --output ndjson}. Flushed
 * per alert.
 */
public final class StreamSink implements AlertSink {

    private final PrintWriter out;
    private final boolean ndjson;

    public StreamSink(PrintWriter out, boolean ndjson) {
        this.out = out;
        this.ndjson = ndjson;
    }

    @Override
    public void send(Alert a) {
        if (ndjson) {
            try {
                out.println(Inert.json(ApiJson.mapper().writeValueAsString(a)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            String level = a.level().toLowerCase(Locale.ROOT);
            StringBuilder line = new StringBuilder("[").append(a.isResolved() ? "resolved" : a.isPending()
                            ? "pending " + level : level).append("] ")
                    .append(a.hook()).append(": ").append(a.message());
            StringBuilder where = new StringBuilder();
            if (a.conferenceId() != null) {
                where.append("conference ").append(a.conferenceId());
            }
            if (a.callId() != null) {
                where.append(where.length() > 0 ? ", " : "").append("call ").append(a.callId());
            }
            if (a.isPending() && a.pendingFor() != null) {
                where.append(where.length() > 0 ? ", " : "").append("fires once raised for ")
                        .append(conftool.model.Durations.format(a.pendingFor()));
            }
            if (where.length() > 0) {
                line.append(" (").append(where).append(')');
            }
            // everything in it but the level came from a hook: one line, escapes visible, whatever it holds
            out.println(Inert.text(line.toString()));
        }
        out.flush();
    }
}
