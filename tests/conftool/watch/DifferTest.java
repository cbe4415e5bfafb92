package conftool.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The watch skips the JSON Patch when two polls hold the same members: that shortcut must say "unchanged" only when
 * the patch would be empty, whatever the members' values (null, false, true, coaching lists, order).
 */
class DifferTest {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final List<String> CALLS = List.of("c-1", "c-2", "c-3", "c-4");

    private static Boolean flag(Random r) {
        int i = r.nextInt(3);
        return i == 0 ? null : i == 1;
    }

    private static Conference random(Random r) {
        List<String> ids = new ArrayList<>(CALLS.subList(0, r.nextInt(CALLS.size() + 1)));
        if (r.nextInt(4) == 0) {
            Collections.shuffle(ids, r);
        }
        List<ConferenceMember> members = new ArrayList<>();
        for (String id : ids) {
            List<String> coach = switch (r.nextInt(4)) {
                case 0 -> null;
                case 1 -> List.of();
                case 2 -> List.of("c-9");
                default -> List.of("c-9", "c-8");
            };
            members.add(new ConferenceMember(id, "conf-1", "https://x/" + r.nextInt(2), flag(r), flag(r), coach));
        }
        Instant completed = r.nextInt(5) == 0 ? T0.plusSeconds(r.nextInt(2)) : null;
        return new Conference("conf-1", "n", T0, completed, null, null, null, members);
    }

    @Test
    void unchangedOnlyWhenThePatchIsEmptyAndThenNoEvents() {
        Random r = new Random(16);
        int unchanged = 0;
        int changed = 0;
        for (int i = 0; i < 20_000; i++) {
            Conference a = random(r);
            Conference b = r.nextInt(3) == 0 ? a : random(r);
            if (r.nextInt(3) == 0) {
                // the same states as fresh objects, as a new poll brings them
                b = new Conference(a.id(), a.name(), a.createdTime(), a.completedTime(), null, null, null,
                        a.members().stream().map(m -> new ConferenceMember(m.callId(), m.conferenceId(),
                                m.memberUrl() + "?", m.mute(), m.hold(), m.callIdsToCoach() == null ? null
                                : new ArrayList<>(m.callIdsToCoach()))).toList());
            }
            boolean emptyPatch = JSON.createDiff(Differ.state(a), Differ.state(b)).toJsonArray().isEmpty();
            if (Differ.unchanged(a, b)) {
                unchanged++;
                assertTrue(emptyPatch, "said unchanged, but the patch is not empty:\n" + a.members() + "\n"
                        + b.members());
                assertEquals(List.of(), Differ.events(a, b, T0));
            } else {
                changed++;
            }
        }
        assertTrue(unchanged > 1000 && changed > 1000, "both sides tried: " + unchanged + " / " + changed);
    }

    @Test
    void everyTrackedFieldCountsAsAChange() {
        ConferenceMember m = new ConferenceMember("c-1", "conf-1", "u", false, false, List.of());
        Conference before = new Conference("conf-1", "n", T0, null, null, null, null, List.of(m));
        for (ConferenceMember other : List.of(
                new ConferenceMember("c-1", "conf-1", "u", true, false, List.of()),
                new ConferenceMember("c-1", "conf-1", "u", null, false, List.of()),
                new ConferenceMember("c-1", "conf-1", "u", false, true, List.of()),
                new ConferenceMember("c-1", "conf-1", "u", false, false, List.of("c-2")),
                new ConferenceMember("c-2", "conf-1", "u", false, false, List.of()))) {
            Conference after = new Conference("conf-1", "n", T0, null, null, null, null, List.of(other));
            assertTrue(!Differ.unchanged(before, after), other.toString());
            assertTrue(!Differ.events(before, after, T0).isEmpty(), other.toString());
        }
        Conference completed = new Conference("conf-1", "n", T0, T0, null, null, null, List.of(m));
        assertEquals("conferenceCompleted", Differ.events(before, completed, T0).get(0).type());
        assertTrue(Differ.unchanged(before, new Conference("conf-1", "n", T0, null, "https://e", "POST", "t",
                List.of(new ConferenceMember("c-1", "conf-1", "other-url", false, false, null)))),
                "fields no event is made of, and null coaching as none, change nothing");
    }
}
