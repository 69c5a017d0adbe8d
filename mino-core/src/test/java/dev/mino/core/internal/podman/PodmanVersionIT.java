package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import org.junit.jupiter.api.Test;

@RequiresPodman
class PodmanVersionIT {

    @Test
    void readsTheVersionOfTheRealPodmanThroughTheLibpodApi() {
        try (PodmanClient client = TestPodman.newClient()) {
            String apiVersion = client.ping();
            PodmanVersion version = client.version();
            System.out.println("[mino] reached Podman " + version.version() + " (libpod API " + apiVersion
                + ", " + version.os() + "/" + version.arch() + ") at " + client.address().uri());

            assertTrue(version.version().matches("\\d+\\.\\d+\\.\\d+.*"), version.version());
            int major = Integer.parseInt(version.version().split("\\.")[0]);
            assertTrue(major >= 4, "Podman 4.0 or later is needed, found " + version.version());
            assertEquals("linux", version.os());
            assertTrue(apiVersion.startsWith(major + "."), "libpod API " + apiVersion + " vs " + version.version());
        }
    }
}
