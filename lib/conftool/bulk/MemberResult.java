package conftool.bulk;

/**
 * What a bulk action did to one member: one line of its output.
 *
 * @param callId the member
 * @param action what was asked, e.g. {@code mute} or {@code unmute, hold}
 * @param result {@link #DONE}, {@link #UNCHANGED}, {@link #DRY_RUN}, {@link #FAILED} or {@link #NOT_SENT}
 * @param error  why it failed or was not sent; null otherwise
 */
public record MemberResult(String callId, String action, String result, String error) {

    /** The API took the update. */
    public static final String DONE = "done";
    /** The member was already so when listed: nothing was sent. */
    public static final String UNCHANGED = "unchanged";
    /** --dry-run: the update would have been sent. */
    public static final String DRY_RUN = "dry-run";
    /** The update was sent and failed, or the member is not in the conference. */
    public static final String FAILED = "failed";
    /** Stopped (Ctrl-C, SIGTERM) before the update was sent. */
    public static final String NOT_SENT = "not-sent";

    /** Whether the member did not get what was asked. */
    public boolean missed() {
        return result.equals(FAILED) || result.equals(NOT_SENT);
    }
}
