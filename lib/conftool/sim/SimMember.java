package conftool.sim;

import java.util.ArrayList;
import java.util.List;

/** The simulator's own, mutable view of a member: kept apart from the client's records on purpose. */
final class SimMember {
    final String callId;
    final String from;
    final String to;
    boolean mute;
    boolean hold;
    List<String> callIdsToCoach;

    SimMember(String callId, String from, String to) {
        this.callId = callId;
        this.from = from;
        this.to = to;
        this.callIdsToCoach = new ArrayList<>();
    }
}
