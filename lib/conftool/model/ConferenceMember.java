package conftool.model;

import java.util.List;

/** One active member of a conference; {@code callId} is also the member id in member URLs. */
public record ConferenceMember(
        String callId,
        String conferenceId,
        String memberUrl,
        Boolean mute,
        Boolean hold,
        List<String> callIdsToCoach) {

    public boolean isMuted() {
        return Boolean.TRUE.equals(mute);
    }

    public boolean isHeld() {
        return Boolean.TRUE.equals(hold);
    }

    /** The calls this member coaches, never null. */
    public List<String> coaching() {
        return callIdsToCoach == null ? List.of() : callIdsToCoach;
    }

    /** One line a person reads in JShell or a log: the call and its state, not its URL. */
    @Override
    public String toString() {
        return "ConferenceMember " + callId + " (" + (isMuted() ? "muted" : "unmuted") + ", "
                + (isHeld() ? "on hold" : "not on hold")
                + (coaching().isEmpty() ? "" : ", coaching " + String.join(" ", coaching())) + ")";
    }
}
