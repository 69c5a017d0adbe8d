package dev.mino.core.internal.cache;

import dev.mino.core.CacheGcResult;
import dev.mino.core.CacheInfo;
import dev.mino.core.HomeVolumeInfo;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanConflictException;
import dev.mino.core.PodmanException;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.VolumesApi;
import dev.mino.core.internal.sandbox.Labels;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Listing, garbage collection and clearing of cache volumes, home volumes and composed images.
 * Everything is found by Mino's labels, so nothing else of the user's is ever touched.
 */
public final class CacheManagement {
    private static final System.Logger LOG = System.getLogger(CacheManagement.class.getName());
    private final PodmanClient client;
    private final SidecarStore sidecars;
    private final Clock clock;

    CacheManagement(PodmanClient client, SidecarStore sidecars, Clock clock) {
        this.client = client;
        this.sidecars = sidecars;
        this.clock = clock;
    }

    /**
     * The management of the caches whose sidecars are under {@code stateDirectory}, on
     * {@code engine} as {@code runtime} reaches it.
     */
    public static CacheManagement at(Path stateDirectory, String engine, MinoRuntime runtime) {
        MinoPaths paths = new MinoPaths(stateDirectory, stateDirectory, stateDirectory);
        return new CacheManagement(runtime.client(engine),
            new SidecarStore(paths.cacheDir()), Clock.systemUTC());
    }

    /** Every labelled cache volume. */
    public List<CacheInfo> caches() {
        Map<String, Long> sizes = volumeSizes();
        List<CacheInfo> result = new ArrayList<>();
        for (VolumesApi.Volume volume : client.volumes().list(new Filters().label(CacheLabels.CACHE, "true"))) {
            Map<String, String> labels = volume.labels() == null ? Map.of() : volume.labels();
            Optional<Ecosystem> ecosystem = Ecosystem.fromLabel(labels.getOrDefault(CacheLabels.ECOSYSTEM, ""));
            String hash = labels.get(CacheLabels.HASH);
            if (ecosystem.isEmpty() || hash == null) {
                // Not a cache Mino understands (SPEC 9.4): leave it out, and alone.
                continue;
            }
            Instant created = parseOr(labels.get(CacheLabels.CREATED_AT), clock.instant());
            Optional<CacheSidecar> sidecar = sidecars.read(volume.name());
            CacheInfo.State state = publicState(CacheState.fromLabel(sidecar.map(CacheSidecar::state)
                .orElse(labels.get(CacheLabels.STATE))));
            Instant lastUsed = sidecar.map(CacheSidecar::lastUsedAt).orElse(created);
            List<Path> projects = sidecar.map(s -> s.projects().stream().map(Path::of).toList()).orElse(List.of());
            result.add(CacheInfo.builder().volume(volume.name()).ecosystem(ecosystem.get().label()).hash(hash)
                .state(state).sizeBytes(sizes.getOrDefault(volume.name(), 0L)).createdAt(created).lastUsedAt(lastUsed)
                .projects(projects).orphaned(isOrphaned(volume.name(), projects, Lockfile::detect)).build());
        }
        result.sort(Comparator.comparing(CacheInfo::volume));
        return result;
    }

    /**
     * A cache is orphaned when no project that used it would mount it now: each is gone or has a
     * different lockfile. Caches named by the lockfile alone (before caches were per project) are
     * used by no project any more, so they are orphaned once a project was recorded. Caches with
     * no recorded project (made by mino 1.6.0) are never called orphaned; age collects them.
     *
     * <p>A project's lockfiles are written by its sandboxes: one made unreadable must not fail the
     * listing (and with it gc and clear) of every cache. Its project counts as still using the
     * cache, which age collects in time.
     */
    static boolean isOrphaned(String volume, List<Path> projects, Function<Path, List<Lockfile>> lockfilesOf) {
        if (projects.isEmpty()) {
            return false;
        }
        for (Path project : projects) {
            if (!Files.isDirectory(project)) {
                continue;
            }
            try {
                if (lockfilesOf.apply(project).stream().anyMatch(l -> l.volumeName().equals(volume))) {
                    return false;
                }
            } catch (MinoException e) {
                LOG.log(System.Logger.Level.WARNING, "cache " + volume + " kept: " + e.describe());
                return false;
            }
        }
        return true;
    }

    /** The state a listing shows: a sidecar's or label's text read as mino 1.6.0 reads it (SPEC 9.4). */
    static CacheInfo.State publicState(CacheState state) {
        return CacheInfo.State.valueOf(state.name());
    }

    /** Every labelled home volume. */
    public List<HomeVolumeInfo> homeVolumes() {
        Map<String, Long> sizes = volumeSizes();
        List<HomeVolumeInfo> result = new ArrayList<>();
        for (VolumesApi.Volume volume : client.volumes().list(new Filters().label(CacheLabels.HOME, "true"))) {
            Map<String, String> labels = volume.labels() == null ? Map.of() : volume.labels();
            String project = labels.get(CacheLabels.HOME_PROJECT);
            if (project == null) {
                continue;
            }
            result.add(HomeVolumeInfo.builder().volume(volume.name()).project(Path.of(project))
                .createdAt(parseOr(labels.get(CacheLabels.HOME_CREATED_AT), clock.instant()))
                .sizeBytes(sizes.getOrDefault(volume.name(), 0L)).orphaned(!Files.isDirectory(Path.of(project)))
                .build());
        }
        result.sort(Comparator.comparing(HomeVolumeInfo::volume));
        return result;
    }

    /** The caches the project's lockfiles select; a cache not created yet shows as {@code miss}. */
    public List<CacheInfo> forProject(Path project) {
        Map<String, CacheInfo> existing = new LinkedHashMap<>();
        caches().forEach(c -> existing.put(c.volume(), c));
        List<CacheInfo> result = new ArrayList<>();
        for (Lockfile lockfile : Lockfile.detect(project)) {
            CacheInfo known = existing.get(lockfile.volumeName());
            result.add(known != null ? known : CacheInfo.builder().volume(lockfile.volumeName())
                .ecosystem(lockfile.ecosystem().label()).hash(lockfile.hash()).state(CacheInfo.State.MISS)
                .createdAt(clock.instant()).lastUsedAt(clock.instant()).projects(List.of(project)).build());
        }
        return result;
    }

    /** See {@link dev.mino.core.Caches#gc}. */
    public CacheGcResult gc(Duration maxAge, long maxTotalBytes, boolean dryRun) {
        List<CacheInfo> caches = caches();
        Map<String, CacheGcResult.Removal> chosen = new LinkedHashMap<>();
        Instant cutoff = clock.instant().minus(maxAge);
        for (CacheInfo cache : caches) {
            if (cache.orphaned()) {
                chosen.put(cache.volume(), CacheGcResult.Removal.of(cache.volume(), CacheGcResult.Reason.ORPHANED,
                    cache.sizeBytes()));
            } else if (!maxAge.isZero() && cache.lastUsedAt().isBefore(cutoff)) {
                chosen.put(cache.volume(), CacheGcResult.Removal.of(cache.volume(), CacheGcResult.Reason.AGE,
                    cache.sizeBytes()));
            }
        }
        if (maxTotalBytes > 0) {
            long total = caches.stream().filter(c -> !chosen.containsKey(c.volume())).mapToLong(CacheInfo::sizeBytes)
                .sum();
            List<CacheInfo> leastRecentFirst = caches.stream().filter(c -> !chosen.containsKey(c.volume()))
                .sorted(Comparator.comparing(CacheInfo::lastUsedAt)).toList();
            for (CacheInfo cache : leastRecentFirst) {
                if (total <= maxTotalBytes) {
                    break;
                }
                chosen.put(cache.volume(), CacheGcResult.Removal.of(cache.volume(), CacheGcResult.Reason.SIZE,
                    cache.sizeBytes()));
                total -= cache.sizeBytes();
            }
        }
        List<String> homes = homeVolumes().stream().filter(HomeVolumeInfo::orphaned).map(HomeVolumeInfo::volume)
            .toList();
        List<String> skipped = new ArrayList<>();
        List<CacheGcResult.Removal> removed = new ArrayList<>();
        List<String> removedHomes = new ArrayList<>();
        if (dryRun) {
            removed.addAll(chosen.values());
            removedHomes.addAll(homes);
        } else {
            for (CacheGcResult.Removal removal : chosen.values()) {
                if (removeVolume(removal.volume())) {
                    sidecars.delete(removal.volume());
                    removed.add(removal);
                } else {
                    skipped.add(removal.volume());
                }
            }
            for (String home : homes) {
                if (removeVolume(home)) {
                    removedHomes.add(home);
                } else {
                    skipped.add(home);
                }
            }
        }
        long freed = removed.stream().mapToLong(CacheGcResult.Removal::sizeBytes).sum();
        return CacheGcResult.builder().caches(removed).homeVolumes(removedHomes).freedBytes(freed).skipped(skipped)
            .dryRun(dryRun).build();
    }

    /** See {@link dev.mino.core.Caches#clear}. */
    public List<String> clear(boolean cacheVolumes, boolean composedImages, boolean homeVolumes) {
        List<String> removed = new ArrayList<>();
        if (cacheVolumes) {
            for (CacheInfo cache : caches()) {
                if (removeVolume(cache.volume())) {
                    sidecars.delete(cache.volume());
                    removed.add(cache.volume());
                }
            }
        }
        if (composedImages) {
            for (ImagesApi.ImageSummary image : client.images().list(new Filters().label(Labels.MANAGED, "true"))) {
                if (image.labels().containsKey(Labels.FIREWALL_IMAGE_RECIPE)) {
                    // Mino's firewall image is no composed image: allowlists need it (mino setup makes it).
                    continue;
                }
                String ref = image.repoTags().isEmpty() ? image.id() : image.repoTags().get(0);
                try {
                    if (client.images().remove(image.id(), false)) {
                        removed.add(ref);
                    }
                } catch (PodmanConflictException e) {
                    // In use by a container: keep it.
                }
            }
        }
        if (homeVolumes) {
            for (HomeVolumeInfo home : homeVolumes()) {
                if (removeVolume(home.volume())) {
                    removed.add(home.volume());
                }
            }
        }
        return removed;
    }

    /**
     * Volume sizes from Podman's disk usage. Podman 4.3 fails the whole answer when a container
     * disappears while it counts (another sandbox closing), so it is asked again; when it keeps
     * failing, sizes are unknown (0) rather than the listing failing.
     */
    private Map<String, Long> volumeSizes() {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.system().df().volumeSizes();
            } catch (PodmanException e) {
                if (attempt == 3) {
                    LOG.log(System.Logger.Level.WARNING, "volume sizes unknown: " + e.describe());
                    return Map.of();
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return Map.of();
                }
            }
        }
    }

    /** Removes a volume unless a container uses it; true when it is gone. */
    private boolean removeVolume(String name) {
        try {
            client.volumes().remove(name, false);
            return true;
        } catch (PodmanConflictException e) {
            return false;
        }
    }

    private static Instant parseOr(String text, Instant fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Timestamps.parse(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
