package dev.mino.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team: a hostile sandbox of one project against the caches and homes of others. It chooses
 * its lockfiles' bytes and every name inside its project, never the project's own path.
 */
class CacheScopeAttackTest {
    private static final String LOCK = "{\"lockfileVersion\":3}\n";

    @TempDir
    Path dir;

    private static String cacheOf(Path project) {
        List<Lockfile> found = Lockfile.detect(project);
        assertEquals(1, found.size());
        return found.get(0).volumeName();
    }

    @Test
    void aProjectWhosePathExtendsAnothersGetsCachesAndAHomeOfItsOwn() throws Exception {
        Path a = Files.createDirectory(dir.resolve("app"));
        Path b = Files.createDirectory(dir.resolve("app2"));
        Path nested = Files.createDirectory(a.resolve("app"));
        for (Path project : List.of(a, b, nested)) {
            Files.writeString(project.resolve("package-lock.json"), LOCK);
        }
        assertNotEquals(cacheOf(a), cacheOf(b));
        assertNotEquals(cacheOf(a), cacheOf(nested));
        assertNotEquals(HomeVolumes.nameOf(a), HomeVolumes.nameOf(b));
        assertNotEquals(HomeVolumes.nameOf(a), HomeVolumes.nameOf(nested));
    }

    @Test
    void aLinkToAProjectFindsThatProjectsCachesAndNoOther() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.writeString(a.resolve("package-lock.json"), LOCK);
        Path link = Files.createSymbolicLink(dir.resolve("link-to-a"), a);
        assertEquals(cacheOf(a), cacheOf(link), "positive control: the same folder, the same cache");
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(b.resolve("package-lock.json"), LOCK);
        assertNotEquals(cacheOf(a), cacheOf(b), "a copied lockfile does not select another project's cache");
    }

    /**
     * A sandbox can make its project's lockfile unreadable to the host user ({@code chmod 000}).
     * That used to fail the listing of every cache, and so {@code cache gc} and {@code cache clear}
     * for all projects: the disk its caches fill could not be given back.
     */
    @Test
    void anUnreadableLockfileInOneProjectDoesNotStopTheJudgementOfCaches() throws Exception {
        Path hostile = Files.createDirectory(dir.resolve("hostile"));
        Path gone = dir.resolve("gone");
        String volume = "mino-cache-npm-000000000000-000000000000";
        assertFalse(CacheManagement.isOrphaned(volume, List.of(hostile), project -> {
            throw new MinoException("IO error: reading lockfile " + project, "check it");
        }), "a cache whose project cannot be read now is kept, not removed, and the listing goes on");
        assertTrue(CacheManagement.isOrphaned(volume, List.of(gone), Lockfile::detect),
            "positive control: a cache whose only project is gone is orphaned");
        assertTrue(CacheManagement.isOrphaned(volume, List.of(hostile), Lockfile::detect),
            "positive control: a project without that lockfile no longer uses the cache");
    }
}
