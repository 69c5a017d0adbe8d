package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One dependency cache volume, as {@link Caches#list()} reports it. Immutable; {@link #builder()}
 * and {@link #toBuilder()} make one. A final class rather than a record, so that parts can be
 * added without breaking callers: the accessors are named as a record's would be.
 */
public final class CacheInfo {

    /** Where a cache is in its life (SPEC 9.5). */
    public enum State {
        /** No volume yet: the next run creates it. */
        MISS,
        /** Being filled: no run using it has exited cleanly yet. */
        BUILDING,
        /** Filled by a run that exited cleanly. */
        COMPLETE;

        /**
         * The word listings, labels and JSON use: {@code miss}, {@code building} or {@code complete}.
         *
         * @return the word
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String volume;
    private final String ecosystem;
    private final String hash;
    private final State state;
    private final long sizeBytes;
    private final Instant createdAt;
    private final Instant lastUsedAt;
    private final List<Path> projects;
    private final boolean orphaned;

    private CacheInfo(Builder b) {
        this.volume = b.volume;
        this.ecosystem = b.ecosystem;
        this.hash = b.hash;
        this.state = b.state;
        this.sizeBytes = b.sizeBytes;
        this.createdAt = b.createdAt;
        this.lastUsedAt = b.lastUsedAt;
        this.projects = List.copyOf(b.projects);
        this.orphaned = b.orphaned;
    }

    /**
     * An empty builder; volume, ecosystem, hash, state and both times must be set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every part of this cache, to make a copy that differs in some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.volume = volume;
        b.ecosystem = ecosystem;
        b.hash = hash;
        b.state = state;
        b.sizeBytes = sizeBytes;
        b.createdAt = createdAt;
        b.lastUsedAt = lastUsedAt;
        b.projects = projects;
        b.orphaned = orphaned;
        return b;
    }

    /**
     * The volume's name, {@code mino-cache-<ecosystem>-<hash>-<project>} (the project part: 12 hex
     * digits of the SHA-256 of the project's real path).
     *
     * @return the volume
     */
    public String volume() {
        return volume;
    }

    /**
     * Npm, yarn, pnpm, cargo, pip, poetry, uv or go.
     *
     * @return the ecosystem
     */
    public String ecosystem() {
        return ecosystem;
    }

    /**
     * The lockfile hash the cache belongs to.
     *
     * @return the hash
     */
    public String hash() {
        return hash;
    }

    /**
     * {@link State#BUILDING} until a run using it exited cleanly, then {@link State#COMPLETE};
     * {@link State#MISS} for a cache that {@link Caches#forProject} selects but that was not
     * created yet.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * The volume's size as Podman reports it, 0 when unknown.
     *
     * @return the size bytes
     */
    public long sizeBytes() {
        return sizeBytes;
    }

    /**
     * When the cache was created.
     *
     * @return the created at
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * When a sandbox last mounted it.
     *
     * @return the last used at
     */
    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    /**
     * The projects that used it.
     *
     * @return the projects
     */
    public List<Path> projects() {
        return projects;
    }

    /**
     * True when no recorded project still has the lockfile it was made for.
     *
     * @return the orphaned
     */
    public boolean orphaned() {
        return orphaned;
    }

    /** Equal when every part is equal. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CacheInfo that)) {
            return false;
        }
        return sizeBytes == that.sizeBytes && orphaned == that.orphaned && volume.equals(that.volume)
            && ecosystem.equals(that.ecosystem) && hash.equals(that.hash) && state == that.state
            && createdAt.equals(that.createdAt) && lastUsedAt.equals(that.lastUsedAt) && projects.equals(that.projects);
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(volume, ecosystem, hash, state, sizeBytes, createdAt, lastUsedAt, projects, orphaned);
    }

    /** Every part, for logs. */
    @Override
    public String toString() {
        return "CacheInfo[volume=" + volume + ", ecosystem=" + ecosystem + ", hash=" + hash + ", state=" + state
            + ", sizeBytes=" + sizeBytes + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt + ", projects="
            + projects + ", orphaned=" + orphaned + "]";
    }

    /** Sets the parts of a {@link CacheInfo} one by one. Not thread-safe. */
    public static final class Builder {
        private String volume;
        private String ecosystem;
        private String hash;
        private State state;
        private long sizeBytes;
        private Instant createdAt;
        private Instant lastUsedAt;
        private List<Path> projects = List.of();
        private boolean orphaned;

        private Builder() {
        }

        /**
         * Sets the volume.
         *
         * @param volume the volume's name, {@code mino-cache-<ecosystem>-<hash>-<project>} (the
         *     project part: 12 hex digits of the SHA-256 of the project's real path)
         * @return this builder
         */
        public Builder volume(String volume) {
            this.volume = volume;
            return this;
        }

        /**
         * Sets the ecosystem.
         *
         * @param ecosystem npm, yarn, pnpm, cargo, pip, poetry, uv or go
         * @return this builder
         */
        public Builder ecosystem(String ecosystem) {
            this.ecosystem = ecosystem;
            return this;
        }

        /**
         * Sets the hash.
         *
         * @param hash the lockfile hash the cache belongs to
         * @return this builder
         */
        public Builder hash(String hash) {
            this.hash = hash;
            return this;
        }

        /**
         * Sets the state.
         *
         * @param state {@link State#BUILDING} until a run using it exited cleanly, then {@link
         *     State#COMPLETE}; {@link State#MISS} for a cache that {@link Caches#forProject}
         *     selects but that was not created yet
         * @return this builder
         */
        public Builder state(State state) {
            this.state = state;
            return this;
        }

        /**
         * Sets the size bytes.
         *
         * @param sizeBytes the volume's size as Podman reports it, 0 when unknown
         * @return this builder
         */
        public Builder sizeBytes(long sizeBytes) {
            this.sizeBytes = sizeBytes;
            return this;
        }

        /**
         * Sets the created at.
         *
         * @param createdAt when the cache was created
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets the last used at.
         *
         * @param lastUsedAt when a sandbox last mounted it
         * @return this builder
         */
        public Builder lastUsedAt(Instant lastUsedAt) {
            this.lastUsedAt = lastUsedAt;
            return this;
        }

        /**
         * Sets the projects.
         *
         * @param projects the projects that used it
         * @return this builder
         */
        public Builder projects(List<Path> projects) {
            this.projects = projects;
            return this;
        }

        /**
         * Sets the orphaned.
         *
         * @param orphaned true when no recorded project still has the lockfile it was made for
         * @return this builder
         */
        public Builder orphaned(boolean orphaned) {
            this.orphaned = orphaned;
            return this;
        }

        /**
         * The cache.
         *
         * @return the cache
         * @throws NullPointerException when the volume, ecosystem, hash, state, a time or the projects are missing
         */
        public CacheInfo build() {
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(lastUsedAt, "lastUsedAt");
            Objects.requireNonNull(projects, "projects");
            return new CacheInfo(this);
        }
    }
}
