package dev.mino.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link Caches#gc} removed, or would remove in a dry run. Immutable; {@link #builder()}
 * makes one (for tests of code that shows a result). A final class rather than a record, so that
 * parts can be added without breaking callers: the accessors are named as a record's would be.
 */
public final class CacheGcResult {

    private final List<Removal> caches;
    private final List<String> homeVolumes;
    private final long freedBytes;
    private final List<String> skipped;
    private final boolean dryRun;

    private CacheGcResult(Builder b) {
        this.caches = List.copyOf(b.caches);
        this.homeVolumes = List.copyOf(b.homeVolumes);
        this.freedBytes = b.freedBytes;
        this.skipped = List.copyOf(b.skipped);
        this.dryRun = b.dryRun;
    }

    /**
     * An empty builder: no removals, nothing freed, not a dry run.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every part of this result, to make a copy that differs in some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder().caches(caches).homeVolumes(homeVolumes).freedBytes(freedBytes).skipped(skipped)
            .dryRun(dryRun);
    }

    /**
     * The cache volumes, with why each was chosen.
     *
     * @return the removals
     */
    public List<Removal> caches() {
        return caches;
    }

    /**
     * The orphaned home volumes.
     *
     * @return their names
     */
    public List<String> homeVolumes() {
        return homeVolumes;
    }

    /**
     * The total size of the cache volumes removed (or that would be).
     *
     * @return the bytes freed
     */
    public long freedBytes() {
        return freedBytes;
    }

    /**
     * Volumes chosen but kept because a running sandbox uses them.
     *
     * @return their names
     */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * True when nothing was removed.
     *
     * @return whether this was a dry run
     */
    public boolean dryRun() {
        return dryRun;
    }

    /** Equal when every part is equal. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CacheGcResult that)) {
            return false;
        }
        return freedBytes == that.freedBytes && dryRun == that.dryRun && caches.equals(that.caches)
            && homeVolumes.equals(that.homeVolumes) && skipped.equals(that.skipped);
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(caches, homeVolumes, freedBytes, skipped, dryRun);
    }

    /** Every part, for logs. */
    @Override
    public String toString() {
        return "CacheGcResult[caches=" + caches + ", homeVolumes=" + homeVolumes + ", freedBytes=" + freedBytes
            + ", skipped=" + skipped + ", dryRun=" + dryRun + "]";
    }

    /** Sets the parts of a {@link CacheGcResult} one by one. Not thread-safe. */
    public static final class Builder {
        private List<Removal> caches = List.of();
        private List<String> homeVolumes = List.of();
        private long freedBytes;
        private List<String> skipped = List.of();
        private boolean dryRun;

        private Builder() {
        }

        /**
         * Sets the cache volumes removed.
         *
         * @param caches the cache volumes, with why each was chosen
         * @return this builder
         */
        public Builder caches(List<Removal> caches) {
            this.caches = Objects.requireNonNull(caches, "caches");
            return this;
        }

        /**
         * Sets the home volumes removed.
         *
         * @param homeVolumes the orphaned home volumes
         * @return this builder
         */
        public Builder homeVolumes(List<String> homeVolumes) {
            this.homeVolumes = Objects.requireNonNull(homeVolumes, "homeVolumes");
            return this;
        }

        /**
         * Sets the bytes freed.
         *
         * @param freedBytes the total size of the cache volumes removed
         * @return this builder
         */
        public Builder freedBytes(long freedBytes) {
            this.freedBytes = freedBytes;
            return this;
        }

        /**
         * Sets the volumes kept.
         *
         * @param skipped volumes chosen but kept because a running sandbox uses them
         * @return this builder
         */
        public Builder skipped(List<String> skipped) {
            this.skipped = Objects.requireNonNull(skipped, "skipped");
            return this;
        }

        /**
         * Sets whether this was a dry run.
         *
         * @param dryRun true when nothing was removed
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * The result.
         *
         * @return the result
         */
        public CacheGcResult build() {
            return new CacheGcResult(this);
        }
    }

    /**
     * One cache chosen for removal. Immutable; {@link #of} makes one.
     */
    public static final class Removal {
        private final String volume;
        private final Reason reason;
        private final long sizeBytes;

        private Removal(String volume, Reason reason, long sizeBytes) {
            this.volume = Objects.requireNonNull(volume, "volume");
            this.reason = Objects.requireNonNull(reason, "reason");
            this.sizeBytes = sizeBytes;
        }

        /**
         * A cache chosen for removal.
         *
         * @param volume the volume's name
         * @param reason why it was chosen
         * @param sizeBytes its size
         * @return the removal
         * @throws NullPointerException when the volume or the reason is missing
         */
        public static Removal of(String volume, Reason reason, long sizeBytes) {
            return new Removal(volume, reason, sizeBytes);
        }

        /**
         * The volume's name.
         *
         * @return the volume
         */
        public String volume() {
            return volume;
        }

        /**
         * Why it was chosen.
         *
         * @return the reason
         */
        public Reason reason() {
            return reason;
        }

        /**
         * Its size.
         *
         * @return the size in bytes
         */
        public long sizeBytes() {
            return sizeBytes;
        }

        /** Equal when every part is equal. */
        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Removal that)) {
                return false;
            }
            return sizeBytes == that.sizeBytes && volume.equals(that.volume) && reason == that.reason;
        }

        /** A hash consistent with {@link #equals(Object)}. */
        @Override
        public int hashCode() {
            return Objects.hash(volume, reason, sizeBytes);
        }

        /** Every part, for logs. */
        @Override
        public String toString() {
            return "Removal[volume=" + volume + ", reason=" + reason + ", sizeBytes=" + sizeBytes + "]";
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
