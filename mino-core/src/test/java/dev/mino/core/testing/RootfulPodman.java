package dev.mino.core.testing;

import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The rootful Podman service that {@code scripts/test-podman.sh} starts beside the rootless one,
 * named by {@code MINO_TEST_ROOTFUL_HOST}: for what mino does on a rootful engine (user
 * namespaces, enforced cgroup limits). Without it a test is skipped, except under CI, where it fails.
 */
public final class RootfulPodman {
    private RootfulPodman() {
    }

    /** The rootful service's address; skips (or under CI fails) the calling test when there is none. */
    public static String requireAddress() {
        return require("MINO_TEST_ROOTFUL_HOST", "unix:///run/podman/podman.sock");
    }

    /**
     * The address of the rootful service whose userns=auto user has no subordinate ids, as on a
     * machine nobody set up; skips (or under CI fails) the calling test when there is none.
     */
    public static String requireAddressWithoutIds() {
        return require("MINO_TEST_ROOTFUL_NOIDS_HOST", "unix:///run/mino-test-noids/podman.sock");
    }

    private static String require(String variable, String example) {
        String value = System.getenv(variable);
        String problem = null;
        if (value == null || value.isBlank()) {
            problem = variable + " is not set; run 'sudo bash scripts/test-podman.sh' and export "
                + variable + "=" + example;
        } else {
            try (PodmanClient client = PodmanClient.create(EngineAddress.parse(value), Duration.ofSeconds(10))) {
                client.ping();
                if (client.info().path("host").path("security").path("rootless").asBoolean()) {
                    problem = variable + "=" + value + " names a rootless engine";
                }
            } catch (RuntimeException e) {
                problem = variable + "=" + value + " does not answer: " + e.getMessage();
            }
        }
        if (problem != null) {
            if (TestPodman.inCi()) {
                throw new AssertionError("CI=true and this test needs the rootful Podman, but " + problem);
            }
            Assumptions.abort(problem);
        }
        return value;
    }

    /** The first host uid (or gid) of the {@code containers} range in {@code /etc/subuid} (or subgid). */
    public static Optional<Long> containersRangeStart(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("containers:"))
                .map(l -> Long.parseLong(l.split(":")[1])).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
