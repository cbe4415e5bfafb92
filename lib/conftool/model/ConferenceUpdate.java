package conftool.model;

/**
 * The body of a conference update ({@code UpdateConference}): either end it ({@code status: completed}) or
 * redirect it to new BXML. Null fields are left out of the request.
 */
public record ConferenceUpdate(
        String status,
        String redirectUrl,
        String redirectMethod,
        String username,
        String password,
        String redirectFallbackUrl,
        String redirectFallbackMethod,
        String fallbackUsername,
        String fallbackPassword) {

    public static ConferenceUpdate complete() {
        return new ConferenceUpdate("completed", null, null, null, null, null, null, null, null);
    }

    public static ConferenceUpdate redirect(String url, String method) {
        return new ConferenceUpdate("active", url, method, null, null, null, null, null, null);
    }

    /** Keeps the redirect passwords out of logs, stack traces and notebook output. */
    @Override
    public String toString() {
        return "ConferenceUpdate[status=" + status + ", redirectUrl=" + redirectUrl + ", redirectMethod="
                + redirectMethod + ", username=" + username + ", password=" + (password == null ? null : "***")
                + ", redirectFallbackUrl=" + redirectFallbackUrl + "]";
    }
}
