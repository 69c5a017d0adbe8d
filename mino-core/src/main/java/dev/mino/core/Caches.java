package dev.mino.core;

import dev.mino.core.internal.cache.CacheManagement;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.state.MinoPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The dependency caches and home volumes on a Podman service: list, clean up by age, size and
 * orphanhood, clear. Only volumes and images carrying Mino's labels are ever touched.
 * {@link Mino#caches()} gives those of a Mino's state directory and engine, through its
 * connections.
 */
public final class Caches {
    private final MinoRuntime runtime;
    private final Path stateDirectory;
    private final String engine;

    Caches(MinoRuntime runtime, Path stateDirectory, String engine) {
        this.runtime = runtime;
        this.stateDirectory = stateDirectory;
        this.engine = engine;
    }

    /** The caches whose state lives in the platform's state directory. */
    public static Caches inDefaultLocation() {
        return new Caches(MinoRuntime.shared(), MinoPaths.defaults().stateDir(), null);
    }

    /** The caches whose state lives in {@code stateDirectory}. */
    public static Caches at(Path stateDirectory) {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (!stateDirectory.isAbsolute()) {
            throw new InvalidSpecException("state directory '" + stateDirectory + "' is relative",
                "pass an absolute path");
        }
        return new Caches(MinoRuntime.shared(), stateDirectory, null);
    }

    /** The same caches on this Podman service instead of a discovered one. */
    public Caches engine(String containerHost) {
        return new Caches(runtime, stateDirectory, Objects.requireNonNull(containerHost, "containerHost"));
    }

    private CacheManagement management() {
        return CacheManagement.at(stateDirectory, engine, runtime);
    }

    /** Every cache volume, with state, size and whether it is orphaned. */
    public List<CacheInfo> list() {
        return management().caches();
    }

    /** Every home volume. */
    public List<HomeVolumeInfo> homeVolumes() {
        return management().homeVolumes();
    }

    /** The caches the project's current lockfiles select (present or not yet created). */
    public List<CacheInfo> forProject(Path project) {
        return management().forProject(project);
    }

    /**
     * Removes caches not used for {@code maxAge} (zero: none by age), then the least recently used
     * until the total is at most {@code maxTotalBytes} (zero: no limit), plus orphaned caches and
     * home volumes whose project is gone. Volumes in use by a running sandbox are kept.
     */
    public CacheGcResult gc(Duration maxAge, long maxTotalBytes, boolean dryRun) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxTotalBytes < 0) {
            throw new InvalidSpecException("gc limits must not be negative", "pass 0 to disable a limit");
        }
        return management().gc(maxAge, maxTotalBytes, dryRun);
    }

    /**
     * Removes all cache volumes, composed images and/or home volumes made by Mino.
     *
     * @return the names of what was removed
     */
    public List<String> clear(boolean cacheVolumes, boolean composedImages, boolean homeVolumes) {
        return management().clear(cacheVolumes, composedImages, homeVolumes);
    }
}
