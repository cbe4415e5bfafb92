package conftool.client;

/**
 * The root of every failure conf reports to a user. The message says what was wrong and what to do; it never holds a
 * secret. The command line maps each subtype to its own exit code.
 */
public class ConfException extends RuntimeException {

    public ConfException(String message) {
        super(message);
    }

    public ConfException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether this failure is about the credentials themselves (refused by the API or the token endpoint, or
     * missing): trying again with the same ones cannot help, so a long-running command stops on it.
     */
    public static boolean aboutCredentials(Throwable e) {
        return e instanceof ApiException.Unauthenticated || e instanceof ApiException.Forbidden
                || e instanceof CredentialsRefused || e instanceof MissingCredentials;
    }

    /** Input conf refused before sending anything: a malformed id, option or base URL. */
    public static class InvalidInput extends ConfException {
        public InvalidInput(String message) {
            super(message);
        }
    }

    /** A port conf was asked to serve on is taken by another program (or not ours to use). */
    public static class PortInUse extends InvalidInput {
        public PortInUse(String message) {
            super(message);
        }
    }

    /** No usable credentials: none configured, or a config file that others can read. */
    public static class MissingCredentials extends ConfException {
        public MissingCredentials(String message) {
            super(message);
        }
    }

    /** The token endpoint refused the client id and secret: wrong, revoked, or for another token URL. */
    public static class CredentialsRefused extends ConfException {
        public CredentialsRefused(String message) {
            super(message);
        }
    }

    /** The API could not be reached, or the connection broke or timed out before a whole answer arrived. */
    public static class NetworkFailure extends ConfException {
        public NetworkFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The API answered, but not with something conf could read (malformed JSON, wrong types). */
    public static class UnreadableAnswer extends ConfException {
        public UnreadableAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
