package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CacheInfo, HomeVolumeInfo and CacheGcResult as values, and the words of cache states and gc reasons that listings and JSON show. */
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
        assertThrows(NullPointerException.class, () -> CacheGcResult.Removal.of("v", null, 0));
    }

    @Test
    void homeVolumesAndGcResultsAreValuesWithBuilders() {
        HomeVolumeInfo home = HomeVolumeInfo.builder().volume("mino-home-0123456789ab").project(Path.of("/p"))
            .createdAt(T).sizeBytes(7).build();
        assertThrows(NullPointerException.class, () -> home.toBuilder().project(null).build());
        assertEquals(home, home.toBuilder().build());
        assertEquals(home.hashCode(), home.toBuilder().build().hashCode());
        assertNotEquals(home, home.toBuilder().orphaned(true).build());

        List<CacheGcResult.Removal> removals = new ArrayList<>(List.of(
            CacheGcResult.Removal.of("mino-cache-npm-a", CacheGcResult.Reason.AGE, 5)));
        CacheGcResult gc = CacheGcResult.builder().caches(removals).freedBytes(5).dryRun(true).build();
        removals.clear();
        assertEquals(1, gc.caches().size(), "a copy");
        assertEquals(List.of(), gc.homeVolumes());
        assertEquals(gc, gc.toBuilder().build());
        assertEquals(gc.hashCode(), gc.toBuilder().build().hashCode());
        assertNotEquals(gc, gc.toBuilder().dryRun(false).build());
        assertEquals(CacheGcResult.Removal.of("mino-cache-npm-a", CacheGcResult.Reason.AGE, 5), gc.caches().get(0));
    }
}
