package dev.mino.core;

import java.util.List;

/**
 * What {@link Caches#gc} removed, or would remove in a dry run.
 *
 * @param caches the cache volumes, with why each was chosen
 * @param homeVolumes the orphaned home volumes
 * @param freedBytes their total size
 * @param skipped volumes chosen but kept because a running sandbox uses them
 * @param dryRun true when nothing was removed
 */
public record CacheGcResult(List<Removal> caches, List<String> homeVolumes, long freedBytes, List<String> skipped,
                            boolean dryRun) {

    /** Copies the lists. */
    public CacheGcResult {
        caches = List.copyOf(caches);
        homeVolumes = List.copyOf(homeVolumes);
        skipped = List.copyOf(skipped);
    }

    /**
     * One cache chosen for removal.
     *
     * @param volume the volume's name
     * @param reason {@code age}, {@code size} or {@code orphaned}
     * @param sizeBytes its size
     */
    public record Removal(String volume, String reason, long sizeBytes) {
    }
}
