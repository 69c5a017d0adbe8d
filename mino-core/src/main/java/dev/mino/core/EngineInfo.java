package dev.mino.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.internal.engine.EngineDiscovery;
import dev.mino.core.internal.engine.Engines;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.PodmanVersion;
import dev.mino.core.internal.sandbox.EngineFacts;
import dev.mino.core.internal.sandbox.UserNamespaces;

/**
 * What the Podman service in use is: for status displays and bug reports.
 *
 * @param address the service's address ({@code unix://...} or {@code tcp://...})
 * @param version Podman's version, for example {@code 4.3.1}
 * @param apiVersion the libpod API version it speaks
 * @param rootless true when the service runs without root
 * @param cgroupVersion {@code v1} or {@code v2}
 * @param os the engine's operating system and architecture, for example {@code linux/amd64}
 */
public record EngineInfo(String address, String version, String apiVersion, boolean rootless, String cgroupVersion,
                         String os) {

    /**
     * Finds the Podman service (the explicit address, else discovery as for sandboxes) and asks
     * it what it is.
     *
     * @param containerHost the service's address, or null to discover it
     * @throws PodmanConnectionException when none answers, listing every place tried
     */
    public static EngineInfo probe(String containerHost) {
        PodmanClient client = Engines.client(EngineDiscovery.standard().find(containerHost));
        String api = client.ping();
        PodmanVersion version = client.version();
        JsonNode host = client.info().path("host");
        return new EngineInfo(client.address().uri(), version.version(), api,
            host.path("security").path("rootless").asBoolean(), host.path("cgroupVersion").asText(""),
            version.os() + "/" + version.arch());
    }

    /**
     * Whether this engine enforces sandboxes' memory, CPU and pids limits: all but a rootless
     * Podman on cgroup v1 do.
     */
    public boolean enforcesResourceLimits() {
        return new EngineFacts(rootless, cgroupVersion, 0, 0).enforcesLimits();
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
