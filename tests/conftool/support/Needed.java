package conftool.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs (Prism, Jupyter, a Java kernel). On a developer's machine a missing one skips the test, saying
 * why; in CI ({@code CI} set, as {@code .ci/run} and CI services do) it fails it, so that no test skips unseen.
 */
public final class Needed {

    private Needed() {
    }

    /** Whether this run is CI's: the environment variable {@code CI} is set and not "false". */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    /** Skips the test (fails it in CI) unless {@code present}. */
    public static void tool(boolean present, String whatIsMissing) {
        if (inCi()) {
            Assertions.assertTrue(present, "CI must run this test, but " + whatIsMissing);
        } else {
            Assumptions.assumeTrue(present, whatIsMissing);
        }
    }
}
