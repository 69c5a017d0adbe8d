package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One recorded session, as {@link Sessions#list()} reports it after checking it against Podman.
 * Immutable; {@link #builder()} and {@link #toBuilder()} make one. A final class rather than a
 * record, so that parts can be added without breaking callers: the accessors are named as a
 * record's would be.
 */
public final class SessionInfo {

    /** Where a session is in its life. */
    public enum Status {
        /** Recorded, container not started yet. */
        STARTING,
        /** Its container runs. */
        RUNNING,
        /** Its command ended or the sandbox was closed. */
        STOPPED,
        /** It could not be started, or its owner died. */
        FAILED
    }

    private final String name;
    private final Status status;
    private final String containerId;
    private final Integer exitCode;
    private final Path projectDir;
    private final String image;
    private final List<String> command;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final String error;
    private final String id;
    private final List<String> cloudProviders;
    private final String homeVolume;
    private final boolean detached;

    private SessionInfo(Builder b) {
        this.name = b.name;
        this.status = b.status;
        this.containerId = b.containerId;
        this.exitCode = b.exitCode;
        this.projectDir = b.projectDir;
        this.image = b.image;
        this.command = List.copyOf(b.command);
        this.createdAt = b.createdAt;
        this.updatedAt = b.updatedAt;
        this.error = b.error;
        this.id = b.id;
        this.cloudProviders = List.copyOf(b.cloudProviders);
        this.homeVolume = b.homeVolume;
        this.detached = b.detached;
    }

    /**
     * An empty builder; name, status, project folder and both times must be set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every part of this session, to make a copy that differs in some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.status = status;
        b.containerId = containerId;
        b.exitCode = exitCode;
        b.projectDir = projectDir;
        b.image = image;
        b.command = command;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.error = error;
        b.id = id;
        b.cloudProviders = cloudProviders;
        b.homeVolume = homeVolume;
        b.detached = detached;
        return b;
    }

    /**
     * The session name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Starting, running, stopped or failed.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * The container's id, or null when none was created.
     *
     * @return the container id
     */
    public String containerId() {
        return containerId;
    }

    /**
     * The command's exit code when known, else null.
     *
     * @return the exit code
     */
    public Integer exitCode() {
        return exitCode;
    }

    /**
     * The project folder.
     *
     * @return the project dir
     */
    public Path projectDir() {
        return projectDir;
    }

    /**
     * The image it ran; null in records written by mino 1.6.0.
     *
     * @return the image
     */
    public String image() {
        return image;
    }

    /**
     * The command it ran (empty: the image's default).
     *
     * @return the command
     */
    public List<String> command() {
        return command;
    }

    /**
     * When the session was created.
     *
     * @return the created at
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * When its record last changed.
     *
     * @return the updated at
     */
    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * Why it failed, or null.
     *
     * @return the error
     */
    public String error() {
        return error;
    }

    /**
     * The session's random UUID (the {@code id} of its record), or null when the value was not read
     * from a record.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The names of the credential providers whose credentials were injected into the sandbox,
     * lowercase as the providers name themselves ({@code aws}, {@code github}); a provider that
     * failed without stopping the start is not among them; empty when none were (and in records
     * written by mino 1.6.0, which never fills them in).
     *
     * @return the cloud providers
     */
    public List<String> cloudProviders() {
        return cloudProviders;
    }

    /**
     * The name of the persistent home volume mounted at {@code /home/developer} ({@code
     * mino-home-...}), or null when the sandbox had none.
     *
     * @return the home volume
     */
    public String homeVolume() {
        return homeVolume;
    }

    /**
     * True when the sandbox was started to outlive the JVM that started it ({@link
     * SandboxBuilder#detached(boolean)}, {@code mino run -d}); false in records written by mino
     * 1.6.0.
     *
     * @return the detached
     */
    public boolean detached() {
        return detached;
    }

    /**
     * The exit code, when known.
     *
     * @return the exit code
     */
    public OptionalInt exit() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** Equal when every part is equal. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SessionInfo that)) {
            return false;
        }
        return detached == that.detached && name.equals(that.name) && status == that.status
            && Objects.equals(containerId, that.containerId) && Objects.equals(exitCode, that.exitCode)
            && projectDir.equals(that.projectDir) && Objects.equals(image, that.image) && command.equals(that.command)
            && createdAt.equals(that.createdAt) && updatedAt.equals(that.updatedAt)
            && Objects.equals(error, that.error) && Objects.equals(id, that.id)
            && cloudProviders.equals(that.cloudProviders) && Objects.equals(homeVolume, that.homeVolume);
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(name, status, containerId, exitCode, projectDir, image, command, createdAt, updatedAt,
            error, id, cloudProviders, homeVolume, detached);
    }

    /** Every part, for logs (a session holds no secret). */
    @Override
    public String toString() {
        return "SessionInfo[name=" + name + ", status=" + status + ", containerId=" + containerId + ", exitCode="
            + exitCode + ", projectDir=" + projectDir + ", image=" + image + ", command=" + command + ", createdAt="
            + createdAt + ", updatedAt=" + updatedAt + ", error=" + error + ", id=" + id + ", cloudProviders="
            + cloudProviders + ", homeVolume=" + homeVolume + ", detached=" + detached + "]";
    }

    /**
     * Sets the parts of a {@link SessionInfo} one by one. Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private Status status;
        private String containerId;
        private Integer exitCode;
        private Path projectDir;
        private String image;
        private List<String> command = List.of();
        private Instant createdAt;
        private Instant updatedAt;
        private String error;
        private String id;
        private List<String> cloudProviders = List.of();
        private String homeVolume;
        private boolean detached;

        private Builder() {
        }

        /**
         * Sets the name.
         *
         * @param name the session name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the status.
         *
         * @param status starting, running, stopped or failed
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        /**
         * Sets the container id.
         *
         * @param containerId the container's id, or null when none was created
         * @return this builder
         */
        public Builder containerId(String containerId) {
            this.containerId = containerId;
            return this;
        }

        /**
         * Sets the exit code.
         *
         * @param exitCode the command's exit code when known, else null
         * @return this builder
         */
        public Builder exitCode(Integer exitCode) {
            this.exitCode = exitCode;
            return this;
        }

        /**
         * Sets the project dir.
         *
         * @param projectDir the project folder
         * @return this builder
         */
        public Builder projectDir(Path projectDir) {
            this.projectDir = projectDir;
            return this;
        }

        /**
         * Sets the image.
         *
         * @param image the image it ran; null in records written by mino 1.6.0
         * @return this builder
         */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /**
         * Sets the command.
         *
         * @param command the command it ran (empty: the image's default)
         * @return this builder
         */
        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        /**
         * Sets the created at.
         *
         * @param createdAt when the session was created
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets the updated at.
         *
         * @param updatedAt when its record last changed
         * @return this builder
         */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /**
         * Sets the error.
         *
         * @param error why it failed, or null
         * @return this builder
         */
        public Builder error(String error) {
            this.error = error;
            return this;
        }

        /**
         * Sets the id.
         *
         * @param id the session's random UUID (the {@code id} of its record), or null when the
         *     value was not read from a record
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the cloud providers.
         *
         * @param cloudProviders the names of the credential providers whose credentials were
         *     injected into the sandbox, lowercase as the providers name themselves ({@code aws},
         *     {@code github}); a provider that failed without stopping the start is not among them;
         *     empty when none were (and in records written by mino 1.6.0, which never fills them
         *     in)
         * @return this builder
         */
        public Builder cloudProviders(List<String> cloudProviders) {
            this.cloudProviders = cloudProviders;
            return this;
        }

        /**
         * Sets the home volume.
         *
         * @param homeVolume the name of the persistent home volume mounted at {@code
         *     /home/developer} ({@code mino-home-...}), or null when the sandbox had none
         * @return this builder
         */
        public Builder homeVolume(String homeVolume) {
            this.homeVolume = homeVolume;
            return this;
        }

        /**
         * Sets the detached.
         *
         * @param detached true when the sandbox was started to outlive the JVM that started it
         *     ({@link SandboxBuilder#detached(boolean)}, {@code mino run -d}); false in records
         *     written by mino 1.6.0
         * @return this builder
         */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        /**
         * The session.
         *
         * @return the session
         * @throws NullPointerException when the name, status, project folder, a time or a list is missing
         */
        public SessionInfo build() {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(projectDir, "projectDir");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(cloudProviders, "cloudProviders");
            return new SessionInfo(this);
        }
    }
}
