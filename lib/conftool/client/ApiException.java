package conftool.client;

import conftool.model.ApiError;
import java.time.Duration;

/**
 * The API answered with an error status. Carries the status, the API's own {@code type} and {@code description},
 * and the request line (method and URL, which hold no secret). One subtype per way a caller must react.
 */
public class ApiException extends ConfException {

    private final int status;
    private final ApiError error;
    private final String request;

    public ApiException(int status, ApiError error, String request, String advice) {
        super(message(status, error, request, advice));
        this.status = status;
        this.error = error;
        this.request = request;
    }

    private static String message(int status, ApiError error, String request, String advice) {
        String what = error != null && error.description() != null && !error.description().isBlank()
                ? error.description()
                : "no description given";
        // the API's own sentence may end with a full stop already: one is enough ("prolog.. Check")
        String said = advice == null ? what : what.replaceFirst("[.\\s]+$", "") + ". " + advice;
        return "%s answered %d: %s".formatted(request, status, said);
    }

    public int status() {
        return status;
    }

    /** The API's error body, or null when it sent none that could be read. */
    public ApiError error() {
        return error;
    }

    public String request() {
        return request;
    }

    /** 400, 405, 409, 415 and other 4xx: the API refused the request as sent. */
    public static class Rejected extends ApiException {
        public Rejected(int status, ApiError error, String request) {
            super(status, error, request, "Check the arguments against the API reference");
        }
    }

    /** 401: the username or password is wrong, or the API refused a fresh token. */
    public static class Unauthenticated extends ApiException {
        public Unauthenticated(int status, ApiError error, String request) {
            this(status, error, request,
                    "Check BW_USERNAME and BW_PASSWORD (or the profile's username and password): they are the"
                            + " account's API credentials, not the dashboard login");
        }

        public Unauthenticated(int status, ApiError error, String request, String advice) {
            super(status, error, request, advice);
        }
    }

    /** 403: the credentials are valid but may not act on this account or resource. */
    public static class Forbidden extends ApiException {
        public Forbidden(int status, ApiError error, String request) {
            super(status, error, request,
                    "Check the account id (BW_ACCOUNT_ID or --account) and that these credentials have the Voice role");
        }
    }

    /** 404: no such conference, member or recording in this account. */
    public static class NotFound extends ApiException {
        public NotFound(int status, ApiError error, String request) {
            super(status, error, request, "Check the id (`conf list` shows the account's conferences); a completed"
                    + " conference, a member who left and a recording still processing also answer 404");
        }
    }

    /** 429 that stayed so after the retries conf allows itself. */
    public static class RateLimited extends ApiException {
        private final Duration retryAfter;

        public RateLimited(int status, ApiError error, String request, Duration retryAfter) {
            super(status, error, request, retryAfter == null
                    ? "Slow down and try again later"
                    : "The API asks to wait " + retryAfter.toSeconds() + " s before trying again");
            this.retryAfter = retryAfter;
        }

        /** How long the API asked to wait, or null when it did not say. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** 5xx: the API failed; GETs were retried before this was raised. */
    public static class ServerError extends ApiException {
        public ServerError(int status, ApiError error, String request) {
            super(status, error, request, "The API failed; try again later");
        }
    }
}
