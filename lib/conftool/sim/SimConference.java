package conftool.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The simulator's own, mutable view of a conference. */
final class SimConference {
    final String id;
    final String name;
    final Instant createdTime;
    Instant completedTime;
    final String eventUrl;
    final String eventMethod;
    final String tag;
    /** Living conferences change on their own as the clock moves; the seed conference stays as documented. */
    final boolean living;
    final Map<String, SimMember> members = new LinkedHashMap<>();
    /** Basic-auth credentials for the conference's webhooks, as the creating {@code <Conference>} verb set them. */
    String eventUsername;
    String eventPassword;

    SimConference(String id, String name, Instant createdTime, String eventUrl, String eventMethod, String tag,
            boolean living) {
        this.id = id;
        this.name = name;
        this.createdTime = createdTime;
        this.eventUrl = eventUrl;
        this.eventMethod = eventMethod;
        this.tag = tag;
        this.living = living;
    }

    boolean active() {
        return completedTime == null;
    }
}
