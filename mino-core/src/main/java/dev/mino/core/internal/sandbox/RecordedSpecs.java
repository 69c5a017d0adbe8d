package dev.mino.core.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.MountSpec;
import dev.mino.core.ResourceLimits;
import dev.mino.core.SandboxSpec;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.internal.credentials.RecordedProvider;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.state.SandboxFacts;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.LayerFingerprint;
import dev.mino.network.NetworkMode;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The spec of a running sandbox, told again from its session record and its container: the
 * record keeps what the container does not show (the caller's labels, limits as asked, the
 * network policy's rules, the names of the env variables), the container what the record must
 * not hold (the env's values) and what the engine fixed at creation (workdir, terminal,
 * read-only root).
 */
final class RecordedSpecs {
    private RecordedSpecs() {
    }

    /** What a session record keeps of {@code spec}: no env value, no credential. */
    static SandboxFacts facts(SandboxSpec spec) {
        List<SandboxFacts.Mount> mounts = spec.mounts().stream()
            .map(m -> new SandboxFacts.Mount(m.hostPath().toString(), m.containerPath(), m.readOnly())).toList();
        NetworkPolicy policy = spec.network();
        SandboxFacts.Network network = new SandboxFacts.Network(policy.mode().name().toLowerCase(Locale.ROOT),
            policy.rules().stream().map(NetworkRule::toString).toList(), policy.presetName().orElse(null));
        ResourceLimits limits = spec.limits();
        return new SandboxFacts(List.copyOf(spec.env().keySet()), mounts, spec.labels(), spec.user(), network,
            spec.podmanNetwork(), spec.firewallImage(), spec.baseImage(), spec.layers(), spec.trustProjectLayers(),
            spec.trustedLayers() == null ? null : spec.trustedLayers().files(), spec.cache(), spec.cacheFresh(),
            spec.home(), spec.credentials().stream().map(CredentialProvider::name).toList(),
            spec.strictCredentials(), spec.sshAgent(),
            spec.sshAgentSocket() == null ? null : spec.sshAgentSocket().toString(),
            new SandboxFacts.Limits(limits.memoryBytes(), limits.cpus(), limits.pids()), spec.allowRootfulEngine(),
            spec.upstreamDns(), spec.auditLog());
    }

    /**
     * The spec of session {@code record}'s sandbox, whose container is {@code container}, as a
     * handle on engine {@code engine} with state in {@code stateDirectory} sees it. A handle has no
     * streams of the command ({@code attach} false) and no terminal size of its own (0). A record
     * written before specs were kept (or by mino 1.6.0) tells less: the env is then every
     * variable the container has (the image's too), mounts and labels are those the container
     * shows, and an allowlist's rules are those its egress guard ({@code guardRules}) was started
     * with.
     */
    static SandboxSpec spec(SessionRecord record, ContainerState container, String engine, Path stateDirectory,
                            List<String> guardRules) {
        JsonNode config = container.raw().path("Config");
        Map<String, String> containerEnv = env(config);
        SandboxSpec.Builder spec = SandboxSpec.builder()
            .project(Path.of(record.projectDir()))
            .workdir(config.path("WorkingDir").asText("/"))
            .image(record.image() == null ? config.path("Image").asText("") : record.image())
            .command(record.command())
            .name(record.name())
            .readOnly(container.raw().path("HostConfig").path("ReadonlyRootfs").asBoolean())
            .tty(config.path("Tty").asBoolean())
            .engine(engine)
            .stateDirectory(stateDirectory)
            .detached("true".equals(container.labels().get(Labels.DETACHED)));
        SandboxFacts facts = record.sandbox();
        if (facts == null) {
            return guessed(spec, container, containerEnv, config, guardRules);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : facts.envNames()) {
            if (containerEnv.containsKey(name)) {
                env.put(name, containerEnv.get(name));
            }
        }
        List<MountSpec> mounts = facts.mounts().stream()
            .map(m -> new MountSpec(Path.of(m.hostPath()), m.containerPath(), m.readOnly())).toList();
        SandboxFacts.Limits limits = facts.limits();
        return spec.env(env).mounts(mounts).labels(facts.labels()).user(facts.user())
            .network(network(facts.network(), container, guardRules)).podmanNetwork(facts.podmanNetwork())
            .firewallImage(facts.firewallImage())
            .baseImage(facts.baseImage() == null ? CompositionPlan.DEFAULT_BASE_IMAGE : facts.baseImage())
            .layers(facts.layers()).trustProjectLayers(facts.trustProjectLayers())
            .trustedLayers(facts.trustedLayers() == null ? null : new LayerFingerprint(facts.trustedLayers()))
            .cache(facts.cache()).cacheFresh(facts.cacheFresh()).home(facts.home())
            .credentials(facts.credentials().stream().<CredentialProvider>map(RecordedProvider::new).toList())
            .strictCredentials(facts.strictCredentials()).sshAgent(facts.sshAgent())
            .sshAgentSocket(facts.sshAgentSocket() == null ? null : Path.of(facts.sshAgentSocket()))
            .limits(limits == null ? ResourceLimits.DEFAULTS
                : new ResourceLimits(limits.memoryBytes(), limits.cpus(), limits.pids()))
            .allowRootfulEngine(facts.allowRootfulEngine()).upstreamDns(facts.upstreamDns())
            .auditLog(facts.auditLog())
            .build();
    }

    /** What the container alone tells, for a record that kept no spec. */
    private static SandboxSpec guessed(SandboxSpec.Builder spec, ContainerState container, Map<String, String> env,
                                       JsonNode config, List<String> guardRules) {
        Map<String, String> labels = new LinkedHashMap<>(container.labels());
        labels.keySet().removeIf(key -> key.startsWith("dev.mino."));
        String user = config.path("User").asText("");
        List<MountSpec> mounts = new ArrayList<>();
        String workdir = config.path("WorkingDir").asText("/");
        for (JsonNode mount : container.raw().path("Mounts")) {
            if ("bind".equals(mount.path("Type").asText()) && !workdir.equals(mount.path("Destination").asText())) {
                mounts.add(new MountSpec(Path.of(mount.path("Source").asText()), mount.path("Destination").asText(),
                    !mount.path("RW").asBoolean(true)));
            }
        }
        return spec.env(env).labels(labels).user(user.isEmpty() ? null : user).mounts(mounts)
            .network(shown(container, guardRules)).build();
    }

    /** The network mode the container was created with (an allowlist's rules live in its firewall). */
    private static NetworkPolicy mode(ContainerState container) {
        String mode = container.raw().path("HostConfig").path("NetworkMode").asText("");
        return switch (mode) {
            case "host" -> NetworkPolicy.host();
            case "none" -> NetworkPolicy.none();
            default -> NetworkPolicy.bridge();
        };
    }

    /**
     * The recorded policy; a record whose policy cannot be read (edited by hand, say) gives what
     * the engine shows instead, rather than failing the handle.
     */
    private static NetworkPolicy network(SandboxFacts.Network network, ContainerState container,
                                         List<String> guardRules) {
        try {
            return switch (NetworkMode.valueOf(network.mode().toUpperCase(Locale.ROOT))) {
                case HOST -> NetworkPolicy.host();
                case NONE -> NetworkPolicy.none();
                case BRIDGE -> NetworkPolicy.bridge();
                case ALLOWLIST -> NetworkPolicy.allowlist(NetworkRule.parseAll(network.rules()), network.preset());
            };
        } catch (RuntimeException e) {
            return shown(container, guardRules);
        }
    }

    /** The network the engine shows: an egress guard's rules, else the container's mode. */
    private static NetworkPolicy shown(ContainerState container, List<String> guardRules) {
        return guardRules.isEmpty() ? mode(container) : NetworkPolicy.allow(NetworkRule.parseAll(guardRules));
    }

    /** The container's environment, {@code NAME=value} entries in order. */
    private static Map<String, String> env(JsonNode config) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : config.path("Env")) {
            String text = entry.asText();
            int eq = text.indexOf('=');
            if (eq > 0) {
                env.put(text.substring(0, eq), text.substring(eq + 1));
            }
        }
        return env;
    }
}
