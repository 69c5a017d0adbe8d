package dev.mino.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
     * @param reason why it was chosen
     * @param sizeBytes its size
     */
    public record Removal(String volume, Reason reason, long sizeBytes) {
        /** Checks that the volume and the reason are there. */
        public Removal {
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why gc chose a cache. */
    public enum Reason {
        /** Not used for longer than the age limit. */
        AGE,
        /** Among the least recently used while the total was over the size limit. */
        SIZE,
        /** No project that used it has its lockfile any more. */
        ORPHANED;

        /**
         * The word listings and JSON use: {@code age}, {@code size} or {@code orphaned}.
         *
         * @return the word
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
