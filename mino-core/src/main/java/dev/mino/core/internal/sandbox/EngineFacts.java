package dev.mino.core.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;

/**
 * What planning needs to know about the engine and changes nothing: whether it runs rootless,
 * which cgroup version its host has, and the host's memory and CPUs (for the default limits).
 *
 * @param rootless true when the engine runs without root (its containers live in its user's
 *     user namespace already)
 * @param cgroupVersion {@code v1}, {@code v2}, or empty when unknown
 * @param memoryBytes the engine host's memory, or 0 when unknown
 * @param cpus the engine host's CPUs, or 0 when unknown
 */
public record EngineFacts(boolean rootless, String cgroupVersion, long memoryBytes, int cpus) {

    /** The facts from Podman's {@code info}. */
    public static EngineFacts of(JsonNode info) {
        JsonNode host = info.path("host");
        return new EngineFacts(host.path("security").path("rootless").asBoolean(),
            host.path("cgroupVersion").asText(""), host.path("memTotal").asLong(0), host.path("cpus").asInt(0));
    }

    /**
     * Assumed facts for a plan made without the engine (a dry run): a rootless engine on this
     * machine, the shape mino recommends.
     */
    public static EngineFacts assumedLocal() {
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new EngineFacts(true, "", memory, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Whether the engine applies memory, CPU and pids limits: a rootless Podman on cgroup v1
     * ignores them (it cannot delegate cgroups to its user).
     */
    public boolean enforcesLimits() {
        return !(rootless && "v1".equals(cgroupVersion));
    }
}
