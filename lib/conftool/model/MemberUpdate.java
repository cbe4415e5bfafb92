package conftool.model;

import java.util.List;

/**
 * The body of a member update ({@code UpdateConferenceMember}). A null field is left out of the request, and the
 * API leaves that setting unchanged; an empty {@code callIdsToCoach} stops coaching.
 */
public record MemberUpdate(Boolean mute, Boolean hold, List<String> callIdsToCoach) {

    public boolean isEmpty() {
        return mute == null && hold == null && callIdsToCoach == null;
    }
}
