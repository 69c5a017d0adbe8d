package dev.mino.core.testing;

import dev.mino.core.FirewallImage;
import dev.mino.core.MinoException;
import dev.mino.core.internal.podman.PodmanClient;
import java.nio.file.Path;

/**
 * Mino's firewall image for a test's state directory, built from {@link TestPodman#DEBIAN_IMAGE}:
 * it has nft and python3 already, so the build needs no network and takes a second or two.
 */
public final class TestFirewallImage {
    private TestFirewallImage() {
    }

    /** Builds and pins mino's firewall image for sandboxes of {@code stateDirectory} on the test Podman. */
    public static FirewallImage.Pinned pin(Path stateDirectory) {
        return FirewallImage.at(stateDirectory).engine(TestPodman.address().uri()).ensure(TestPodman.DEBIAN_IMAGE);
    }

    /** Removes a pinned image again (and containers still using it, the test's own). */
    public static void remove(PodmanClient podman, FirewallImage.Pinned pinned) {
        try {
            podman.images().remove(pinned.id(), true);
        } catch (MinoException e) {
            System.getLogger(TestFirewallImage.class.getName()).log(System.Logger.Level.WARNING,
                "could not remove firewall image " + pinned.id() + ": " + e.describe());
        }
    }
}
