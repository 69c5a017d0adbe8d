package dev.mino.core.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * What planning needs to know about the engine and changes nothing: whether it runs rootless,
 * which cgroup version and controllers its host has, and the host's memory and CPUs (for the
 * default limits).
 *
 * @param rootless true when the engine runs without root (its containers live in its user's
 *     user namespace already)
 * @param cgroupVersion {@code v1}, {@code v2}, or empty when unknown
 * @param memoryBytes the engine host's memory, or 0 when unknown
 * @param cpus the engine host's CPUs, or 0 when unknown
 * @param cgroupControllers the cgroup v2 controllers the engine may use (a rootless engine only
 *     those delegated to its user); ignored unless {@code cgroupVersion} is {@code v2}
 */
public record EngineFacts(boolean rootless, String cgroupVersion, long memoryBytes, int cpus,
                          List<String> cgroupControllers) {
    /** The controllers each limit needs, in the order the create body lists the limits. */
    private static final List<String> LIMIT_CONTROLLERS = List.of("memory", "cpu", "pids");

    /** Copies the controllers. */
    public EngineFacts {
        cgroupControllers = List.copyOf(cgroupControllers);
    }

    /** Facts with every controller there (cgroup v1, or a v2 engine with all of them delegated). */
    public EngineFacts(boolean rootless, String cgroupVersion, long memoryBytes, int cpus) {
        this(rootless, cgroupVersion, memoryBytes, cpus, LIMIT_CONTROLLERS);
    }

    /** The facts from Podman's {@code info}. */
    public static EngineFacts of(JsonNode info) {
        JsonNode host = info.path("host");
        List<String> controllers = new ArrayList<>();
        host.path("cgroupControllers").forEach(c -> controllers.add(c.asText()));
        return new EngineFacts(host.path("security").path("rootless").asBoolean(),
            host.path("cgroupVersion").asText(""), host.path("memTotal").asLong(0), host.path("cpus").asInt(0),
            controllers);
    }

    /**
     * Assumed facts for a plan made from a spec alone, without reading an engine (the planner's
     * shorter overloads, for tests): a rootless engine on this machine, the shape mino
     * recommends. A dry run reads the engine's own facts, as a start does.
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

    /**
     * Whether the engine can apply a limit that needs {@code controller} ({@code memory},
     * {@code cpu} or {@code pids}). On cgroup v2 a limit whose controller is not delegated makes
     * the runtime refuse the container, so such a limit is left out (and reported) instead.
     */
    public boolean hasController(String controller) {
        return !"v2".equals(cgroupVersion) || cgroupControllers.contains(controller);
    }

    /** The limit controllers a cgroup v2 engine lacks, in the order memory, cpu, pids. */
    public List<String> missingControllers() {
        return LIMIT_CONTROLLERS.stream().filter(c -> !hasController(c)).toList();
    }
}
