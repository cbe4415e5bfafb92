package conftool.watch;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.model.PatchOp;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns two polls of a conference into member events. Jakarta JSON Processing computes the JSON Patch between the
 * two states, with members keyed by call id (so a join does not shift everyone's index), and each operation becomes
 * an event: members joined, left, muted, unmuted, held, unheld, coaching changed, and the conference completed.
 */
final class Differ {

    private static final JsonProvider JSON = JsonProvider.provider();

    private Differ() {
    }

    /** The watched state of a conference as JSON: what events are made of. */
    static JsonObject state(Conference c) {
        JsonObjectBuilder members = JSON.createObjectBuilder();
        for (ConferenceMember m : c.members()) {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            if (m.mute() != null) {
                b.add("mute", m.mute());
            }
            if (m.hold() != null) {
                b.add("hold", m.hold());
            }
            var coach = JSON.createArrayBuilder();
            m.coaching().forEach(coach::add);
            members.add(m.callId(), b.add("callIdsToCoach", coach));
        }
        JsonObjectBuilder state = JSON.createObjectBuilder().add("members", members);
        if (c.completedTime() != null) {
            state.add("completedTime", c.completedTime().toString());
        }
        return state.build();
    }

    /**
     * The events from {@code before} to {@code after}, in a stable order: joins, then changes of members in the
     * order they are listed, then departures, then completion.
     */
    static List<Event> events(Conference before, Conference after, Instant time) {
        if (unchanged(before, after)) {
            // most polls of most conferences: no JSON state, no patch, nothing to allocate
            return List.of();
        }
        JsonArray patch = JSON.createDiff(state(before), state(after)).toJsonArray();
        Map<String, List<PatchOp>> byMember = new LinkedHashMap<>();
        List<PatchOp> completion = new ArrayList<>();
        for (JsonValue v : patch) {
            JsonObject op = v.asJsonObject();
            PatchOp p = new PatchOp(op.getString("op"), op.getString("path"), op.containsKey("value")
                    ? plain(op.get("value")) : null);
            String[] parts = p.path().split("/", -1);
            if (parts.length >= 3 && parts[1].equals("members")) {
                byMember.computeIfAbsent(unescape(parts[2]), k -> new ArrayList<>()).add(p);
            } else if (parts.length == 2 && parts[1].equals("completedTime") && !p.op().equals("remove")) {
                completion.add(p);
            }
        }
        Map<String, ConferenceMember> old = index(before);
        Map<String, ConferenceMember> now = index(after);
        List<Event> joined = new ArrayList<>();
        List<Event> changed = new ArrayList<>();
        List<Event> left = new ArrayList<>();
        for (String callId : order(before, after)) {
            List<PatchOp> ops = byMember.get(callId);
            if (ops == null) {
                continue;
            }
            ConferenceMember was = old.get(callId);
            ConferenceMember is = now.get(callId);
            if (was == null) {
                joined.add(event("memberJoined", time, after, is, null, ops));
                continue;
            }
            if (is == null) {
                // the member as last seen, in member as in every member event (a Kubernetes watch's DELETED does the
                // same), and in previous as before
                left.add(event("memberLeft", time, after, was, was, ops));
                continue;
            }
            List<PatchOp> coaching = new ArrayList<>();
            for (PatchOp p : ops) {
                String field = p.path().split("/", -1)[3];
                switch (field) {
                    case "mute" -> changed.add(event(Boolean.TRUE.equals(is.mute()) ? "muted" : "unmuted", time, after,
                            is, was, List.of(p)));
                    case "hold" -> changed.add(event(Boolean.TRUE.equals(is.hold()) ? "held" : "unheld", time, after,
                            is, was, List.of(p)));
                    case "callIdsToCoach" -> coaching.add(p);
                    default -> {
                        // a field the watch does not track
                    }
                }
            }
            if (!coaching.isEmpty()) {
                changed.add(event("coachingChanged", time, after, is, was, coaching));
            }
        }
        List<Event> events = new ArrayList<>(joined);
        events.addAll(changed);
        events.addAll(left);
        if (!completion.isEmpty()) {
            events.add(event("conferenceCompleted", time, after, null, null, completion));
        }
        return events;
    }

    /**
     * Whether nothing the events are made of changed: the same members in the same order, each with the same mute,
     * hold and coaching, and the same completion. A reordering alone is left to the patch, which keys members by id.
     */
    static boolean unchanged(Conference before, Conference after) {
        if (before == after) {
            return true;
        }
        if (!Objects.equals(before.completedTime(), after.completedTime())) {
            return false;
        }
        List<ConferenceMember> was = before.members();
        List<ConferenceMember> is = after.members();
        if (was.size() != is.size()) {
            return false;
        }
        for (int i = 0; i < was.size(); i++) {
            ConferenceMember a = was.get(i);
            ConferenceMember b = is.get(i);
            if (!Objects.equals(a.callId(), b.callId()) || !Objects.equals(a.mute(), b.mute())
                    || !Objects.equals(a.hold(), b.hold()) || !a.coaching().equals(b.coaching())) {
                return false;
            }
        }
        return true;
    }

    static Event event(String type, Instant time, Conference c, ConferenceMember member, ConferenceMember previous,
            List<PatchOp> patch) {
        return new Event(type, time, c.id(), c.name(), member, previous, patch, null, null);
    }

    private static Map<String, ConferenceMember> index(Conference c) {
        Map<String, ConferenceMember> map = new LinkedHashMap<>();
        c.members().forEach(m -> map.put(m.callId(), m));
        return map;
    }

    /** Members as listed now, then those who left, as listed before. */
    private static List<String> order(Conference before, Conference after) {
        List<String> ids = new ArrayList<>();
        after.members().forEach(m -> ids.add(m.callId()));
        before.members().forEach(m -> {
            if (!ids.contains(m.callId())) {
                ids.add(m.callId());
            }
        });
        return ids;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** A JSON value as plain Java: strings, booleans, numbers, lists, maps, null. */
    static Object plain(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).isIntegral() ? (Object) ((JsonNumber) v).longValue()
                    : ((JsonNumber) v).doubleValue();
            case TRUE -> true;
            case FALSE -> false;
            case NULL -> null;
            case ARRAY -> v.asJsonArray().stream().map(Differ::plain).toList();
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                v.asJsonObject().forEach((k, x) -> m.put(k, plain(x)));
                yield m;
            }
        };
    }
}
