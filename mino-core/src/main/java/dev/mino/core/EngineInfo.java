package dev.mino.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.PodmanVersion;
import dev.mino.core.internal.sandbox.EngineFacts;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.sandbox.UnenforcedLimits;
import dev.mino.core.internal.sandbox.UserNamespaces;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Podman service in use is: for status displays and bug reports. Immutable;
 * {@link #probe(String)} (or {@link Mino#engineInfo()}) asks an engine, and {@link #builder()}
 * makes one, for tests. A final class rather than a record, so that parts can be added without
 * breaking callers: the accessors are named as a record's would be.
 */
public final class EngineInfo {

    private final String address;
    private final String version;
    private final String apiVersion;
    private final boolean rootless;
    private final String cgroupVersion;
    private final String os;
    private final List<String> cgroupControllers;
    private final String storageDriver;

    private EngineInfo(Builder b) {
        this.address = b.address;
        this.version = b.version;
        this.apiVersion = b.apiVersion;
        this.rootless = b.rootless;
        this.cgroupVersion = b.cgroupVersion;
        this.os = b.os;
        this.cgroupControllers = List.copyOf(b.cgroupControllers);
        this.storageDriver = b.storageDriver == null ? "" : b.storageDriver;
    }

    /**
     * An empty builder; address, version, API version, cgroup version and operating system must
     * be set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every part of this engine's facts, to make a copy that differs in some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.address = address;
        b.version = version;
        b.apiVersion = apiVersion;
        b.rootless = rootless;
        b.cgroupVersion = cgroupVersion;
        b.os = os;
        b.cgroupControllers = cgroupControllers;
        b.storageDriver = storageDriver;
        return b;
    }

    /**
     * The service's address ({@code unix://...} or {@code tcp://...}).
     *
     * @return the address
     */
    public String address() {
        return address;
    }

    /**
     * Podman's version, for example {@code 4.3.1}.
     *
     * @return the version
     */
    public String version() {
        return version;
    }

    /**
     * The libpod API version it speaks.
     *
     * @return the API version
     */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * True when the service runs without root.
     *
     * @return whether it is rootless
     */
    public boolean rootless() {
        return rootless;
    }

    /**
     * {@code v1} or {@code v2}.
     *
     * @return the cgroup version
     */
    public String cgroupVersion() {
        return cgroupVersion;
    }

    /**
     * The engine's operating system and architecture, for example {@code linux/amd64}.
     *
     * @return the operating system
     */
    public String os() {
        return os;
    }

    /**
     * The cgroup controllers the engine may use (on cgroup v2, for a rootless engine, those
     * delegated to its user).
     *
     * @return the controllers
     */
    public List<String> cgroupControllers() {
        return cgroupControllers;
    }

    /**
     * The storage driver of the engine's image store, for example {@code overlay} or {@code vfs};
     * empty when the engine did not say.
     *
     * @return the storage driver
     */
    public String storageDriver() {
        return storageDriver;
    }

    /**
     * Why this engine's storage makes every sandbox slow to start, and how to get a fast one, or
     * empty when it is not known to be slow. The {@code vfs} driver copies every layer of an image
     * in full for each new container (seconds per run where overlay takes milliseconds); it is
     * what rootless Podman falls back to when neither the kernel's overlay for rootless users
     * (Linux 5.13 and later) nor fuse-overlayfs with a usable {@code /dev/fuse} is there.
     *
     * @return the advice, or empty
     */
    public Optional<String> slowStorage() {
        if (!storageDriver.equals("vfs")) {
            return Optional.empty();
        }
        return Optional.of("the vfs storage driver copies each image in full for every new sandbox (seconds per "
            + "run); use overlay: install fuse-overlayfs and make /dev/fuse usable (or use Linux 5.13 or later), set "
            + "driver = \"overlay\" in storage.conf, then 'podman system reset' (it deletes images and containers)");
    }

    /**
     * Finds the Podman service (the explicit address, else discovery as for sandboxes) and asks
     * it what it is. {@link Mino#engineInfo()} does the same for a Mino's engine.
     *
     * @param containerHost the service's address, or null to discover it
     * @throws PodmanConnectionException when none answers, listing every place tried
     */
    public static EngineInfo probe(String containerHost) {
        return probe(MinoRuntime.shared(), containerHost);
    }

    /** Like {@link #probe(String)} through {@code runtime}'s connections. */
    static EngineInfo probe(MinoRuntime runtime, String containerHost) {
        PodmanClient client = runtime.client(containerHost);
        String api = client.ping();
        PodmanVersion version = client.version();
        JsonNode info = client.info();
        EngineFacts facts = EngineFacts.of(info);
        return builder().address(client.address().uri()).version(version.version()).apiVersion(api)
            .rootless(facts.rootless()).cgroupVersion(facts.cgroupVersion()).os(version.os() + "/" + version.arch())
            .cgroupControllers(facts.cgroupControllers()).storageDriver(info.path("store").path("graphDriverName")
                .asText(""))
            .build();
    }

    /**
     * What this engine does not enforce of sandboxes' memory, CPU and pids limits, in words (a
     * rootless Podman on cgroup v1 enforces none; cgroup v2 only those whose controller it has),
     * or empty when it enforces them all.
     */
    public Optional<String> unenforcedLimits() {
        return Optional.ofNullable(UnenforcedLimits.message(new EngineFacts(rootless, cgroupVersion, 0, 0,
            cgroupControllers)));
    }

    /**
     * How sandboxes' users map onto the host's on this engine, in words: in the engine user's
     * user namespace (rootless), in one of their own (rootful), or as host uids (rootful, when
     * {@code allowRootfulEngine}).
     */
    public String sandboxUserMapping(boolean allowRootfulEngine) {
        return UserNamespaces.describe(UserNamespaces.decide(rootless, allowRootfulEngine));
    }

    /** Equal when every part is equal. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof EngineInfo that)) {
            return false;
        }
        return rootless == that.rootless && address.equals(that.address) && version.equals(that.version)
            && apiVersion.equals(that.apiVersion) && cgroupVersion.equals(that.cgroupVersion) && os.equals(that.os)
            && cgroupControllers.equals(that.cgroupControllers) && storageDriver.equals(that.storageDriver);
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(address, version, apiVersion, rootless, cgroupVersion, os, cgroupControllers,
            storageDriver);
    }

    /** Every part, for logs and bug reports. */
    @Override
    public String toString() {
        return "EngineInfo[address=" + address + ", version=" + version + ", apiVersion=" + apiVersion + ", rootless="
            + rootless + ", cgroupVersion=" + cgroupVersion + ", os=" + os + ", cgroupControllers=" + cgroupControllers
            + ", storageDriver=" + storageDriver + "]";
    }

    /** Sets the parts of an {@link EngineInfo} one by one. Not thread-safe. */
    public static final class Builder {
        private String address;
        private String version;
        private String apiVersion;
        private boolean rootless;
        private String cgroupVersion;
        private String os;
        private List<String> cgroupControllers = List.of();
        private String storageDriver = "";

        private Builder() {
        }

        /**
         * Sets the address.
         *
         * @param address the service's address ({@code unix://...} or {@code tcp://...})
         * @return this builder
         */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /**
         * Sets the version.
         *
         * @param version Podman's version, for example {@code 4.3.1}
         * @return this builder
         */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /**
         * Sets the API version.
         *
         * @param apiVersion the libpod API version it speaks
         * @return this builder
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        /**
         * Sets whether the service is rootless.
         *
         * @param rootless true when the service runs without root
         * @return this builder
         */
        public Builder rootless(boolean rootless) {
            this.rootless = rootless;
            return this;
        }

        /**
         * Sets the cgroup version.
         *
         * @param cgroupVersion {@code v1} or {@code v2}
         * @return this builder
         */
        public Builder cgroupVersion(String cgroupVersion) {
            this.cgroupVersion = cgroupVersion;
            return this;
        }

        /**
         * Sets the operating system.
         *
         * @param os the engine's operating system and architecture, for example {@code linux/amd64}
         * @return this builder
         */
        public Builder os(String os) {
            this.os = os;
            return this;
        }

        /**
         * Sets the cgroup controllers (default: none).
         *
         * @param cgroupControllers the cgroup controllers the engine may use
         * @return this builder
         */
        public Builder cgroupControllers(List<String> cgroupControllers) {
            this.cgroupControllers = cgroupControllers;
            return this;
        }

        /**
         * Sets the storage driver (default: empty, not said).
         *
         * @param storageDriver the storage driver of the image store, for example {@code overlay};
         *     null or empty when the engine did not say
         * @return this builder
         */
        public Builder storageDriver(String storageDriver) {
            this.storageDriver = storageDriver;
            return this;
        }

        /**
         * The engine's facts.
         *
         * @return the facts
         * @throws NullPointerException when the address, a version, the cgroup version, the
         *     operating system or the controllers are missing
         */
        public EngineInfo build() {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(cgroupVersion, "cgroupVersion");
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(cgroupControllers, "cgroupControllers");
            return new EngineInfo(this);
        }
    }
}
