package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.EngineImages;
import dev.mino.core.PodmanException;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EngineImages} on the real Podman: an image the engine has exists and its "pull" returns
 * its id without fetching anything (the positive control of the pull path); a pull from a
 * registry that is not there fails with the engine's reason, after relaying the engine's first
 * progress line, and leaves no image. No registry answers where these tests run; a pull that
 * copies layers, from a stand-in registry on loopback, is in the CLI's PullProgressIT.
 */
@RequiresPodman
@Timeout(120)
class EngineImagesIT {
    private final EngineImages images = EngineImages.at(TestPodman.address().uri());

    @Test
    void anImageTheEngineHasExistsAndPullsAsItsOwnIdWithoutFetching() {
        assertTrue(images.exists(TestPodman.BUSYBOX_IMAGE));
        List<String> progress = new CopyOnWriteArrayList<>();
        String id = images.pull(TestPodman.BUSYBOX_IMAGE, progress::add);
        try (PodmanClient podman = TestPodman.newClient()) {
            assertEquals(podman.images().id(TestPodman.BUSYBOX_IMAGE).orElseThrow(), id);
        }
        assertEquals(List.of(), progress, "nothing was fetched, so nothing was reported");
    }

    @Test
    void aPullFromARegistryThatIsNotThereFailsWithTheEnginesReasonAndLeavesNothing() {
        String missing = "registry.example.invalid/mino/missing-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        assertFalse(images.exists(missing));
        List<String> progress = new CopyOnWriteArrayList<>();
        PodmanException e = assertThrows(PodmanException.class, () -> images.pull(missing, progress::add));
        assertTrue(e.podmanCause().contains("registry.example.invalid"), e.podmanCause());
        assertEquals(List.of("Trying to pull " + missing + "..."), progress, "the engine's own line, relayed");
        assertFalse(images.exists(missing));
    }
}
