package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What EngineInfo makes of the engine's facts, without an engine. */
class EngineInfoTest {
    private static EngineInfo withStorage(String driver) {
        return EngineInfo.builder().address("unix:///run/podman/podman.sock").version("4.3.1").apiVersion("4.3.1")
            .rootless(true).cgroupVersion("v2").os("linux/amd64").cgroupControllers(List.of("memory", "pids"))
            .storageDriver(driver).build();
    }

    @Test
    void theBuilderRefusesMissingPartsAndToBuilderGivesAnEqualCopy() {
        EngineInfo info = withStorage("overlay");
        assertThrows(NullPointerException.class, () -> info.toBuilder().address(null).build());
        assertThrows(NullPointerException.class, () -> info.toBuilder().cgroupVersion(null).build());
        List<String> controllers = new ArrayList<>(List.of("memory"));
        EngineInfo copied = info.toBuilder().cgroupControllers(controllers).build();
        controllers.add("cpu");
        assertEquals(List.of("memory"), copied.cgroupControllers(), "a copy");
        assertEquals(info, info.toBuilder().build());
        assertEquals(info.hashCode(), info.toBuilder().build().hashCode());
        assertNotEquals(info, info.toBuilder().rootless(false).build());
        assertTrue(info.toString().contains("storageDriver=overlay"), info.toString());
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
