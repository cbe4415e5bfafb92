package conftool.model;

import java.time.Instant;
import java.util.List;

/**
 * A conference as the Voice API returns it. Every field may be null: the API marks none as required, and
 * list results leave {@code activeMembers} out.
 */
public record Conference(
        String id,
        String name,
        Instant createdTime,
        Instant completedTime,
        String conferenceEventUrl,
        String conferenceEventMethod,
        String tag,
        List<ConferenceMember> activeMembers) {

    /** The members, never null: list results and completed conferences have none. */
    public List<ConferenceMember> members() {
        return activeMembers == null ? List.of() : activeMembers;
    }

    /** The same conference with these members; a conference without a member list keeps none. */
    public Conference withMembers(List<ConferenceMember> members) {
        return new Conference(id, name, createdTime, completedTime, conferenceEventUrl, conferenceEventMethod, tag,
                activeMembers == null ? null : members);
    }

    public boolean isCompleted() {
        return completedTime != null;
    }

    /** One line a person reads in JShell or a log: name, id, state and members, not every field. */
    @Override
    public String toString() {
        long muted = members().stream().filter(ConferenceMember::isMuted).count();
        long held = members().stream().filter(ConferenceMember::isHeld).count();
        return "Conference " + (name == null ? "" : name + " ") + "(" + id + ", "
                + (isCompleted() ? "completed " + completedTime : "active") + ", " + members().size() + " members: "
                + muted + " muted, " + held + " on hold)";
    }
}
