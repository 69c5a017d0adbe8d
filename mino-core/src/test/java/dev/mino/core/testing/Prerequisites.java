package dev.mino.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine besides Podman: root, tmux, {@code script(1)}, a tool on
 * the path. Where it is missing the test is skipped with the reason, except in CI
 * ({@link TestPodman#inCi()}), where it fails: CI, whose setup provides all of these, must never
 * go green by skipping the test that proves something.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    /**
     * Skips the calling test (outside CI) or fails it (in CI) unless {@code met}.
     *
     * @param met whether the machine has what the test needs
     * @param what what the test needs, for the message, e.g. "tmux for a real terminal"
     */
    public static void require(boolean met, String what) {
        require(met, what, TestPodman.inCi());
    }

    static void require(boolean met, String what, boolean inCi) {
        if (met) {
            return;
        }
        if (inCi) {
            throw new AssertionError("in CI (CI=" + System.getenv("CI") + ") this test must run, but it needs " + what);
        }
        Assumptions.assumeTrue(false, "needs " + what);
    }

    /** Requires that this JVM runs as root. */
    public static void requireRoot(String why) {
        require("root".equals(System.getProperty("user.name")), "root: " + why);
    }

    /** Requires an executable file at {@code path}. */
    public static void requireExecutable(String path, String why) {
        require(Files.isExecutable(Path.of(path)), path + ": " + why);
    }
}
