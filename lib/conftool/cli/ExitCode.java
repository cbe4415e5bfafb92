package conftool.cli;

/**
 * conf's exit codes: part of its contract with scripts, listed in README and in {@code conf --help}.
 */
public final class ExitCode {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** A failure conf did not foresee (a bug: please report it with --verbose output). */
    public static final int UNEXPECTED = 1;
    /** Bad command line or input: unknown option, malformed id, base URL or JSON Pointer; nothing was sent. */
    public static final int USAGE = 2;
    /** Credentials missing, unsafe (a config file others can read) or refused by the API (401/403). */
    public static final int AUTH = 3;
    /** The conference, member or recording does not exist (404). */
    public static final int NOT_FOUND = 4;
    /** Still rate limited (429) after honouring Retry-After. */
    public static final int RATE_LIMITED = 5;
    /** The API failed (5xx), could not be reached, timed out, or answered something unreadable. */
    public static final int UNAVAILABLE = 6;
    /** The API refused the request as sent (400, 405, 409, 415). */
    public static final int REJECTED = 7;
    /** A hook failed: syntax error, throw, timeout, memory, a forbidden operation, or a wrong return value. */
    public static final int HOOK_FAILED = 8;
    /** An alert at or above {@code --fail-on} fired. */
    public static final int ALERT = 9;
    /** A port to serve on (listen's, or --metrics-port) is already in use. */
    public static final int PORT_IN_USE = 10;
    /** A bulk member action failed for one member or more (each line says why); the others were done. */
    public static final int MEMBERS_FAILED = 11;

    private ExitCode() {
    }

    /** The list shown at the foot of {@code conf --help}. */
    static final String HELP = """
            Exit codes:
              0  success
              1  unexpected failure (a bug; rerun with --verbose and report it)
              2  usage error: bad option, id, base URL or JSON Pointer (nothing was sent)
              3  credentials missing, unsafe or refused (401/403)
              4  not found (404)
              5  rate limited (429) after retries
              6  API failure (5xx), network failure, timeout or unreadable answer
              7  request refused by the API (400/405/409/415)
              8  a hook failed (syntax error, throw, timeout, memory, sandbox, wrong return value)
              9  an alert at or above --fail-on fired
             10  a port to serve on (--port, --metrics-port) is already in use
             11  conf member on many members: one or more were not updated (the others were)
            conf check uses the monitoring-plugin codes instead: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.""";
}
