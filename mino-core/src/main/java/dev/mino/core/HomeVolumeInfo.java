package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One persistent home volume, as {@link Caches#homeVolumes()} reports it. Immutable;
 * {@link #builder()} and {@link #toBuilder()} make one. A final class rather than a record, so
 * that parts can be added without breaking callers: the accessors are named as a record's would
 * be.
 */
public final class HomeVolumeInfo {

    private final String volume;
    private final Path project;
    private final Instant createdAt;
    private final long sizeBytes;
    private final boolean orphaned;

    private HomeVolumeInfo(Builder b) {
        this.volume = b.volume;
        this.project = b.project;
        this.createdAt = b.createdAt;
        this.sizeBytes = b.sizeBytes;
        this.orphaned = b.orphaned;
    }

    /**
     * An empty builder; volume, project and creation time must be set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every part of this home volume, to make a copy that differs in some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.volume = volume;
        b.project = project;
        b.createdAt = createdAt;
        b.sizeBytes = sizeBytes;
        b.orphaned = orphaned;
        return b;
    }

    /**
     * The volume's name, {@code mino-home-<hash>}.
     *
     * @return the volume
     */
    public String volume() {
        return volume;
    }

    /**
     * The project it belongs to.
     *
     * @return the project folder
     */
    public Path project() {
        return project;
    }

    /**
     * When it was created.
     *
     * @return the creation time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * Its size as Podman reports it, 0 when unknown.
     *
     * @return the size in bytes
     */
    public long sizeBytes() {
        return sizeBytes;
    }

    /**
     * True when the project folder no longer exists.
     *
     * @return whether it is orphaned
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
        if (!(other instanceof HomeVolumeInfo that)) {
            return false;
        }
        return sizeBytes == that.sizeBytes && orphaned == that.orphaned && volume.equals(that.volume)
            && project.equals(that.project) && createdAt.equals(that.createdAt);
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(volume, project, createdAt, sizeBytes, orphaned);
    }

    /** Every part, for logs. */
    @Override
    public String toString() {
        return "HomeVolumeInfo[volume=" + volume + ", project=" + project + ", createdAt=" + createdAt + ", sizeBytes="
            + sizeBytes + ", orphaned=" + orphaned + "]";
    }

    /** Sets the parts of a {@link HomeVolumeInfo} one by one. Not thread-safe. */
    public static final class Builder {
        private String volume;
        private Path project;
        private Instant createdAt;
        private long sizeBytes;
        private boolean orphaned;

        private Builder() {
        }

        /**
         * Sets the volume.
         *
         * @param volume the volume's name, {@code mino-home-<hash>}
         * @return this builder
         */
        public Builder volume(String volume) {
            this.volume = volume;
            return this;
        }

        /**
         * Sets the project.
         *
         * @param project the project folder it belongs to
         * @return this builder
         */
        public Builder project(Path project) {
            this.project = project;
            return this;
        }

        /**
         * Sets the creation time.
         *
         * @param createdAt when it was created
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets the size (default 0, unknown).
         *
         * @param sizeBytes its size as Podman reports it, 0 when unknown
         * @return this builder
         */
        public Builder sizeBytes(long sizeBytes) {
            this.sizeBytes = sizeBytes;
            return this;
        }

        /**
         * Sets whether it is orphaned (default false).
         *
         * @param orphaned true when the project folder no longer exists
         * @return this builder
         */
        public Builder orphaned(boolean orphaned) {
            this.orphaned = orphaned;
            return this;
        }

        /**
         * The home volume.
         *
         * @return the home volume
         * @throws NullPointerException when the volume, the project or the creation time is missing
         */
        public HomeVolumeInfo build() {
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(createdAt, "createdAt");
            return new HomeVolumeInfo(this);
        }
    }
}
