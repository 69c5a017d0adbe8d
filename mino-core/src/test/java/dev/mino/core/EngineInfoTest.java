package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What EngineInfo makes of the engine's facts, without an engine. */
class EngineInfoTest {
    private static EngineInfo withStorage(String driver) {
        return new EngineInfo("unix:///run/podman/podman.sock", "4.3.1", "4.3.1", true, "v2", "linux/amd64",
            List.of("memory", "pids"), driver);
    }

    @Test
    void vfsStorageIsExplainedWithTheWayToAFastOne() {
        String advice = withStorage("vfs").slowStorage().orElseThrow();
        assertTrue(advice.contains("copies each image in full"), advice);
        assertTrue(advice.contains("fuse-overlayfs") && advice.contains("/dev/fuse"), advice);
        assertTrue(advice.contains("podman system reset"), advice);
    }

    @Test
    void overlayOrAnUnknownDriverIsNotCalledSlow() {
        assertEquals(Optional.empty(), withStorage("overlay").slowStorage());
        assertEquals(Optional.empty(), withStorage(null).slowStorage());
        assertEquals("", withStorage(null).storageDriver());
    }
}
