package dev.mino.proxy;

import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * A test's need of the machine (root, openssl): skipped with the reason outside CI, failed in CI
 * ({@code CI} set to 1, true, yes or on), whose setup provides it, so that CI never passes a test
 * it did not run. The same rule as mino-core's {@code Prerequisites}, which this module's tests
 * cannot see (mino-core depends on mino-proxy).
 */
final class Prerequisite {
    /** The values of {@code CI} that mean "this is CI". */
    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

    private Prerequisite() {
    }

    /** Skips the calling test (outside CI) or fails it (in CI) unless {@code met}. */
    static void require(boolean met, String what) {
        if (met) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && TRUE.contains(ci.strip().toLowerCase(Locale.ROOT))) {
            throw new AssertionError("in CI (CI=" + ci + ") this test must run, but it needs " + what);
        }
        Assumptions.assumeTrue(false, "needs " + what);
    }
}
