package dev.mino.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.PodmanVersion;
import dev.mino.core.internal.sandbox.EngineFacts;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.sandbox.UnenforcedLimits;
import dev.mino.core.internal.sandbox.UserNamespaces;
import java.util.List;
import java.util.Optional;

/**
 * What the Podman service in use is: for status displays and bug reports.
 *
 * @param address the service's address ({@code unix://...} or {@code tcp://...})
 * @param version Podman's version, for example {@code 4.3.1}
 * @param apiVersion the libpod API version it speaks
 * @param rootless true when the service runs without root
 * @param cgroupVersion {@code v1} or {@code v2}
 * @param os the engine's operating system and architecture, for example {@code linux/amd64}
 * @param cgroupControllers the cgroup controllers the engine may use (on cgroup v2, for a rootless
 *     engine, those delegated to its user)
 * @param storageDriver the storage driver of the engine's image store, for example {@code overlay}
 *     or {@code vfs}; empty when the engine did not say
 */
public record EngineInfo(String address, String version, String apiVersion, boolean rootless, String cgroupVersion,
                         String os, List<String> cgroupControllers, String storageDriver) {

    /** Copies the controllers. */
    public EngineInfo {
        cgroupControllers = List.copyOf(cgroupControllers);
        storageDriver = storageDriver == null ? "" : storageDriver;
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
        return new EngineInfo(client.address().uri(), version.version(), api, facts.rootless(), facts.cgroupVersion(),
            version.os() + "/" + version.arch(), facts.cgroupControllers(),
            info.path("store").path("graphDriverName").asText(""));
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
}
