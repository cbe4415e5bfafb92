package conftool.sim;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's JSON, written field by field from the official schemas with Jakarta JSON Processing, apart from
 * the client's Jackson mapping: a misspelt field on either side then shows up as a failing test instead of passing
 * silently. Non-nullable fields with no value are left out rather than sent as null.
 */
final class SimJson {

    static final JsonProvider JSON = JsonProvider.provider();

    private SimJson() {
    }

    static JsonObject conference(SimConference c, String baseUrl, String account, boolean withMembers) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("id", c.id)
                .add("name", c.name)
                .add("createdTime", time(c.createdTime));
        if (c.completedTime != null) {
            b.add("completedTime", time(c.completedTime));
        }
        addNullable(b, "conferenceEventUrl", c.eventUrl);
        addNullable(b, "conferenceEventMethod", c.eventMethod);
        addNullable(b, "tag", c.tag);
        if (withMembers) {
            JsonArrayBuilder members = JSON.createArrayBuilder();
            c.members.values().forEach(m -> members.add(member(c, m, baseUrl, account)));
            b.add("activeMembers", members);
        }
        return b.build();
    }

    static JsonObject member(SimConference c, SimMember m, String baseUrl, String account) {
        JsonArrayBuilder coach = JSON.createArrayBuilder();
        m.callIdsToCoach.forEach(coach::add);
        return JSON.createObjectBuilder()
                .add("callId", m.callId)
                .add("conferenceId", c.id)
                .add("memberUrl", baseUrl + "/accounts/" + account + "/conferences/" + c.id + "/members/" + m.callId)
                .add("mute", m.mute)
                .add("hold", m.hold)
                .add("callIdsToCoach", coach)
                .build();
    }

    static JsonObject recording(SimRecording r, String baseUrl, String account) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("accountId", account)
                .add("conferenceId", r.conferenceId())
                .add("name", r.name())
                .add("recordingId", r.recordingId());
        if (r.endTime() != null) {
            b.add("duration", Duration.between(r.startTime(), r.endTime()).toString());
        }
        b.add("channels", 1).add("startTime", time(r.startTime()));
        if (r.endTime() != null) {
            b.add("endTime", time(r.endTime()));
        }
        b.add("fileFormat", r.fileFormat()).add("status", r.status());
        if (r.downloadable()) {
            b.add("mediaUrl", baseUrl + "/accounts/" + account + "/conferences/" + r.conferenceId() + "/recordings/"
                    + r.recordingId() + "/media");
        } else {
            b.addNull("mediaUrl");
        }
        return b.add("recordingName", r.recordingId()).build();
    }

    static JsonObject error(String type, String description) {
        return JSON.createObjectBuilder().add("type", type).add("description", description).addNull("id").build();
    }

    static String write(JsonValue value) {
        StringWriter out = new StringWriter();
        try (var w = JSON.createWriter(out)) {
            w.write(value);
        }
        return out.toString();
    }

    static JsonValue read(String text) {
        try (var r = JSON.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }

    /** ISO 8601 UTC with milliseconds, as the API's examples show. */
    static String time(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    private static void addNullable(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
