package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CacheInfo as a value, and the words of cache states and gc reasons that listings and JSON show. */
class CacheInfoTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static CacheInfo.Builder cache() {
        return CacheInfo.builder().volume("mino-cache-npm-a1b2c3d4e5f6-0123456789ab").ecosystem("npm")
            .hash("a1b2c3d4e5f6").state(CacheInfo.State.BUILDING).createdAt(T).lastUsedAt(T);
    }

    @Test
    void theBuilderRefusesMissingPartsAndToBuilderGivesAnEqualCopy() {
        assertThrows(NullPointerException.class, () -> cache().state(null).build());
        assertThrows(NullPointerException.class, () -> cache().volume(null).build());
        assertThrows(NullPointerException.class, () -> cache().lastUsedAt(null).build());
        List<Path> projects = new ArrayList<>(List.of(Path.of("/p")));
        CacheInfo info = cache().sizeBytes(42).projects(projects).orphaned(true).build();
        projects.add(Path.of("/q"));
        assertEquals(List.of(Path.of("/p")), info.projects(), "a copy");
        assertEquals(info, info.toBuilder().build());
        assertEquals(info.hashCode(), info.toBuilder().build().hashCode());
        assertNotEquals(info, info.toBuilder().state(CacheInfo.State.COMPLETE).build());
    }

    @Test
    void statesAndReasonsShowTheWordsOfMino160() {
        assertEquals(List.of("miss", "building", "complete"),
            List.of(CacheInfo.State.values()).stream().map(CacheInfo.State::label).toList());
        assertEquals(List.of("age", "size", "orphaned"),
            List.of(CacheGcResult.Reason.values()).stream().map(CacheGcResult.Reason::label).toList());
        assertThrows(NullPointerException.class, () -> new CacheGcResult.Removal("v", null, 0));
    }
}
