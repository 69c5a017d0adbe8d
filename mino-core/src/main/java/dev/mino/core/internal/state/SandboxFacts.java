package dev.mino.core.internal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session record keeps of the spec its sandbox was started from, so that a handle opened
 * later (by another JVM, say) can tell the spec as it was: the {@code sandbox} object of a
 * session record, an addition of this port (mino 1.6.0 ignores it). It holds no secret: the
 * environment by variable names only (their values are read from the container when asked), the
 * credential providers by name.
 *
 * @param envNames the names of the spec's environment variables, in order
 * @param mounts the spec's further mounts, in order
 * @param labels the caller's own labels
 * @param user the user the command runs as, or null for the image's
 * @param network the network policy
 * @param podmanNetwork the Podman network joined, or null
 * @param firewallImage the firewall's image, or null
 * @param baseImage the image layers are composed on
 * @param layers the layers still to compose (none once a start composed them)
 * @param trustProjectLayers whether project layers were trusted whatever they hold
 * @param trustedLayers the approved content of the project's layers, or null
 * @param cache whether dependency caches were mounted
 * @param cacheFresh whether they started empty
 * @param home whether the home volume was asked for, or null for the default
 * @param credentials the names of the credential providers asked for
 * @param strictCredentials whether a failing provider aborted the start
 * @param sshAgent whether the host's SSH agent was forwarded
 * @param sshAgentSocket the agent socket on the host, or null
 * @param limits the limits as asked (0: default)
 * @param allowRootfulEngine whether a rootful engine was accepted without a user namespace
 * @param upstreamDns the resolvers mino's resolver forwards to
 * @param auditLog whether the sandbox's events go to the audit log
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxFacts(
    @JsonProperty("env_names") List<String> envNames,
    @JsonProperty("mounts") List<Mount> mounts,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("user") String user,
    @JsonProperty("network") Network network,
    @JsonProperty("podman_network") String podmanNetwork,
    @JsonProperty("firewall_image") String firewallImage,
    @JsonProperty("base_image") String baseImage,
    @JsonProperty("layers") List<String> layers,
    @JsonProperty("trust_project_layers") boolean trustProjectLayers,
    @JsonProperty("trusted_layers") Map<String, String> trustedLayers,
    @JsonProperty("cache") boolean cache,
    @JsonProperty("cache_fresh") boolean cacheFresh,
    @JsonProperty("home") Boolean home,
    @JsonProperty("credentials") List<String> credentials,
    @JsonProperty("strict_credentials") boolean strictCredentials,
    @JsonProperty("ssh_agent") boolean sshAgent,
    @JsonProperty("ssh_agent_socket") String sshAgentSocket,
    @JsonProperty("limits") Limits limits,
    @JsonProperty("allow_rootful_engine") boolean allowRootfulEngine,
    @JsonProperty("upstream_dns") List<String> upstreamDns,
    @JsonProperty("audit_log") boolean auditLog) {

    /** Reads missing lists and maps as empty, and copies them. */
    public SandboxFacts {
        envNames = envNames == null ? List.of() : List.copyOf(envNames);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        layers = layers == null ? List.of() : List.copyOf(layers);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        upstreamDns = upstreamDns == null ? List.of() : List.copyOf(upstreamDns);
        trustedLayers = trustedLayers == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(trustedLayers));
    }

    /**
     * One further mount.
     *
     * @param hostPath the path on the host
     * @param containerPath the path in the sandbox
     * @param readOnly whether it is read-only
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(@JsonProperty("host_path") String hostPath,
                        @JsonProperty("container_path") String containerPath,
                        @JsonProperty("read_only") boolean readOnly) {
    }

    /**
     * The network policy.
     *
     * @param mode {@code bridge}, {@code host}, {@code none} or {@code allowlist}
     * @param rules an allowlist's rules, as {@code host:port}
     * @param preset the preset the rules came from, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Network(@JsonProperty("mode") String mode, @JsonProperty("rules") List<String> rules,
                          @JsonProperty("preset") String preset) {
        /** Reads missing rules as none. */
        public Network {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * The limits as asked, 0 for a default.
     *
     * @param memoryBytes the memory limit
     * @param cpus the CPU limit
     * @param pids the pids limit
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Limits(@JsonProperty("memory_bytes") long memoryBytes, @JsonProperty("cpus") double cpus,
                         @JsonProperty("pids") long pids) {
    }
}
