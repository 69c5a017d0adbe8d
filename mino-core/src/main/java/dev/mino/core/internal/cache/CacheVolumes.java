package dev.mino.core.internal.cache;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanConflictException;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.Labels;
import dev.mino.core.internal.state.Timestamps;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prepares the cache volumes of a project before a run (SPEC 9.5): one volume per detected
 * lockfile, created when missing, its state read from the sidecar; and marks them complete after
 * a run that exited cleanly (SPEC 9.6).
 */
public final class CacheVolumes {
    private static final System.Logger LOG = System.getLogger(CacheVolumes.class.getName());

    private final PodmanClient client;
    private final SidecarStore sidecars;
    private final Clock clock;

    public CacheVolumes(PodmanClient client, SidecarStore sidecars, Clock clock) {
        this.client = client;
        this.sidecars = sidecars;
        this.clock = clock;
    }

    /**
     * The cache mounts and env of {@code project} as {@link #prepare} makes them ready, and the
     * caches still to be marked complete, read from the sidecars: changes nothing.
     *
     * @param fresh start each cache from a really empty volume (so each is still to be completed)
     */
    public PreparedVolumes plan(Path project, boolean fresh) {
        List<Lockfile> lockfiles = Lockfile.detect(project);
        if (lockfiles.isEmpty()) {
            return PreparedVolumes.NONE;
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> toFinalize = new ArrayList<>();
        for (Lockfile lockfile : lockfiles) {
            String volume = lockfile.volumeName();
            // A fresh start deletes the sidecar: the cache is building again.
            boolean complete = !fresh && sidecars.read(volume).map(s -> s.cacheState() == CacheState.COMPLETE)
                .orElse(false);
            if (!complete) {
                toFinalize.add(volume);
            }
            mounts.put(volume, lockfile.ecosystem().mountPath());
            // The first ecosystem to set a variable keeps it (npm before yarn, as in SPEC 9.2).
            lockfile.ecosystem().env().forEach(env::putIfAbsent);
        }
        env.put("XDG_CACHE_HOME", lockfiles.get(0).ecosystem().mountPath() + "/xdg");
        return new PreparedVolumes(mounts, env, toFinalize, null);
    }

    /**
     * Makes the cache volumes of {@code project} ready for a start (SPEC 9.5): each created when
     * missing (removed first when {@code fresh}), its sidecar recording this use.
     */
    public void prepare(Path project, boolean fresh) {
        for (Lockfile lockfile : Lockfile.detect(project)) {
            String volume = lockfile.volumeName();
            if (fresh) {
                removeForFreshStart(volume);
            }
            ensureVolume(lockfile, project);
            CacheSidecar sidecar = sidecars.read(volume)
                .orElseGet(() -> CacheSidecar.building(lockfile, clock.instant()))
                .usedBy(project.toString(), clock.instant());
            try {
                sidecars.write(sidecar);
            } catch (MinoException e) {
                LOG.log(Level.WARNING, "cache " + volume + ": " + e.describe());
            }
        }
    }

    private void removeForFreshStart(String volume) {
        try {
            client.volumes().remove(volume, false);
        } catch (PodmanConflictException e) {
            throw new MinoException("cache volume " + volume + " is in use by a running sandbox, so it cannot start "
                + "fresh", "stop the other sandbox of this project first, or run without a fresh cache");
        }
        sidecars.delete(volume);
    }

    private void ensureVolume(Lockfile lockfile, Path project) {
        String volume = lockfile.volumeName();
        if (client.volumes().exists(volume)) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(CacheLabels.CACHE, "true");
        labels.put(CacheLabels.ECOSYSTEM, lockfile.ecosystem().label());
        labels.put(CacheLabels.HASH, lockfile.hash());
        labels.put(CacheLabels.PROJECT, project.toString());
        labels.put(CacheLabels.STATE, CacheState.BUILDING.label());
        labels.put(CacheLabels.CREATED_AT, Timestamps.formatWithOffset(clock.instant()));
        try {
            client.volumes().create(volume, labels);
        } catch (PodmanConflictException e) {
            // Another sandbox of the same project created it a moment ago: use that one.
        }
    }

    /** Marks caches complete after a run that exited with 0 (SPEC 9.6); failures are logged only. */
    public void markComplete(List<String> volumes) {
        for (String volume : volumes) {
            Optional<CacheSidecar> sidecar = sidecars.read(volume);
            if (sidecar.isEmpty()) {
                LOG.log(Level.WARNING, "No sidecar found for cache " + volume + ", skipping finalization");
                continue;
            }
            try {
                sidecars.write(sidecar.get().completed(clock.instant()));
            } catch (MinoException e) {
                LOG.log(Level.WARNING, "could not mark cache " + volume + " complete: " + e.describe());
            }
        }
    }

    /** Parses the list of caches a container carries in {@link CacheLabels#TO_FINALIZE}. */
    public static List<String> pendingOf(Map<String, String> containerLabels) {
        String value = containerLabels.getOrDefault(CacheLabels.TO_FINALIZE, "");
        List<String> volumes = new ArrayList<>();
        for (String v : value.split(",")) {
            if (!v.isBlank()) {
                volumes.add(v.strip());
            }
        }
        return volumes;
    }

}
