package dev.mino.core;

import dev.mino.core.credentials.CredentialProvider;
import dev.mino.layers.LayerFingerprint;
import dev.mino.network.NetworkPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a caller asked of one sandbox, validated and immutable; engine-agnostic. Made by
 * {@link SandboxBuilder#build()}, turned into a {@link SandboxPlan} and then into a container.
 *
 * @param project the project folder on the host (absolute, real path), mounted read-write
 * @param workdir where the project appears inside the sandbox, also the working directory
 * @param image the image reference to run
 * @param command the command to run, or empty for the image's default command
 * @param env environment variables, in the order they were given
 * @param mounts further host paths to mount, in order
 * @param name the session name, or null to have one generated at start
 * @param readOnly true for a read-only root filesystem (with tmpfs at /tmp, /run, /root, /home/developer)
 * @param tty true to give the command a terminal (stdout and stderr are then one stream)
 * @param attach true to connect the command's stdin, stdout and stderr to the {@link Sandbox} handle
 * @param engine the Podman service as a {@code CONTAINER_HOST}-style URI, or null to discover one
 * @param labels extra labels for the container, besides the ones Mino sets itself
 * @param stateDirectory where session records and the audit log live, or null for the platform's
 *     state directory ({@code ~/.local/state/mino} on Linux)
 * @param auditLog true to append this sandbox's events to the audit log
 * @param detached true to keep the sandbox after this JVM ends
 * @param terminalRows the terminal's initial rows, or 0 for Podman's default
 * @param terminalColumns the terminal's initial columns, or 0 for Podman's default
 * @param network the network policy: bridge, host, none, or an egress allowlist
 * @param firewallImage the image of the firewall container that enforces an allowlist, chosen by
 *     the embedding program (never by a project's configuration), or null for mino's own
 *     {@link FirewallImage}: a start then runs the id pinned for its engine (never the sandbox's
 *     image or a composed one: what a project or its layers change must not reach the firewall)
 * @param podmanNetwork the Podman network to join in bridge and allowlist modes, or null for Podman's default
 * @param layers toolchain layers to compose onto {@code baseImage}; when not empty they decide the
 *     image, and {@code image} is ignored
 * @param baseImage the image layers are composed on
 * @param trustProjectLayers true to allow layers from the project's {@code .mino/layers} whatever
 *     they hold (an explicit opt-in of the caller)
 * @param trustedLayers the content of the project's {@code .mino/layers} the user approved: its
 *     layers are used only while they hold exactly these files, or null
 * @param cache true to mount dependency caches for the project's lockfiles
 * @param cacheFresh true to start each cache from an empty volume
 * @param home true to mount the project's persistent home volume at /home/developer, false never,
 *     null for mino images only (the base image and composed ones)
 * @param user the user (and group) the command runs as, or null for the image's user
 * @param credentials the providers whose credentials the sandbox gets, in order
 * @param strictCredentials true to abort the start when a provider fails, false to warn and go on
 * @param sshAgent true to make the host's SSH agent ({@code SSH_AUTH_SOCK}) usable in the sandbox
 * @param sshAgentSocket the agent socket to forward, or null for {@code SSH_AUTH_SOCK}
 * @param limits the memory, CPU and pids limits (0 for a default decided from the engine's host)
 * @param allowRootfulEngine true to accept a rootful engine without a user namespace of the
 *     sandbox's own (uid 0 inside is then the host's root); false to run in one (Podman's
 *     {@code userns=auto}), refusing when the engine cannot
 * @param upstreamDns the resolvers (IP addresses) that mino's resolver forwards allowed names to,
 *     in order, or empty for those Podman gives the firewall container; only an allowlist uses them
 */
public record SandboxSpec(Path project, String workdir, String image, List<String> command, Map<String, String> env,
                          List<MountSpec> mounts, String name, boolean readOnly, boolean tty, boolean attach,
                          String engine, Map<String, String> labels, Path stateDirectory, boolean auditLog,
                          boolean detached, int terminalRows, int terminalColumns, NetworkPolicy network,
                          String firewallImage, String podmanNetwork, List<String> layers, String baseImage,
                          boolean trustProjectLayers, LayerFingerprint trustedLayers, boolean cache,
                          boolean cacheFresh, Boolean home, String user,
                          List<CredentialProvider> credentials, boolean strictCredentials, boolean sshAgent,
                          Path sshAgentSocket, ResourceLimits limits, boolean allowRootfulEngine,
                          List<String> upstreamDns) {
    /** Copies the collections, so the spec stays immutable; the builder has validated the values. */
    public SandboxSpec {
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        java.util.Objects.requireNonNull(network, "network");
        layers = List.copyOf(layers);
        credentials = List.copyOf(credentials);
        java.util.Objects.requireNonNull(baseImage, "baseImage");
        java.util.Objects.requireNonNull(limits, "limits");
        upstreamDns = List.copyOf(upstreamDns);
    }

    /**
     * A copy of this spec running {@code newImage} with {@code extraEnv} under its own env, no layers
     * left. The firewall image stays as it was: a composed image holds what project layers
     * installed, and they must not be able to replace the firewall's tools.
     */
    public SandboxSpec withComposedImage(String newImage, Map<String, String> extraEnv) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(extraEnv);
        merged.putAll(env);
        return new SandboxSpec(project, workdir, newImage, command, merged, mounts, name, readOnly, tty, attach,
            engine, labels, stateDirectory, auditLog, detached, terminalRows, terminalColumns, network,
            firewallImage,
            podmanNetwork, List.of(), baseImage, trustProjectLayers, trustedLayers, cache, cacheFresh, home, user,
            credentials, strictCredentials, sshAgent, sshAgentSocket, limits,
            allowRootfulEngine, upstreamDns);
    }

    /**
     * The image of the firewall container: {@code firewallImage}, else mino's own
     * {@link FirewallImage#REFERENCE} (a plan made without the engine names it so; a start has
     * replaced it by the id pinned for its engine before planning).
     */
    public String effectiveFirewallImage() {
        return firewallImage != null ? firewallImage : FirewallImage.REFERENCE;
    }

    /** A copy of this spec whose firewall runs from {@code reference} (an image id, say). */
    public SandboxSpec withFirewallImage(String reference) {
        java.util.Objects.requireNonNull(reference, "reference");
        return new SandboxSpec(project, workdir, image, command, env, mounts, name, readOnly, tty, attach,
            engine, labels, stateDirectory, auditLog, detached, terminalRows, terminalColumns, network, reference,
            podmanNetwork, layers, baseImage, trustProjectLayers, trustedLayers, cache, cacheFresh, home, user,
            credentials, strictCredentials, sshAgent, sshAgentSocket, limits,
            allowRootfulEngine, upstreamDns);
    }

    /**
     * Whether the project's home volume is mounted: as asked, and for mino images when not asked;
     * never when a mount of the caller's already covers /home/developer.
     */
    public boolean usesHomeVolume() {
        boolean homeMounted = mounts.stream().anyMatch(m -> m.containerPath().equals("/home/developer")
            || m.containerPath().startsWith("/home/developer/"));
        if (homeMounted || Boolean.FALSE.equals(home)) {
            return false;
        }
        return Boolean.TRUE.equals(home) || image.equals(baseImage) || image.startsWith("mino-composed-")
            || image.startsWith("localhost/mino-composed-");
    }

    /**
     * A copy of this spec with the SSH agent relay socket {@code socket} mounted at {@code /ssh-agent}
     * and {@code SSH_AUTH_SOCK} pointing at it (set last: it wins over the caller's env, SPEC 1.3.2).
     */
    public SandboxSpec withSshAgentSocket(Path socket) {
        List<MountSpec> allMounts = new java.util.ArrayList<>(mounts);
        allMounts.add(new MountSpec(socket, "/ssh-agent", false));
        Map<String, String> allEnv = new java.util.LinkedHashMap<>(env);
        allEnv.put("SSH_AUTH_SOCK", "/ssh-agent");
        return new SandboxSpec(project, workdir, image, command, allEnv, allMounts, name, readOnly, tty, attach,
            engine, labels, stateDirectory, auditLog, detached, terminalRows, terminalColumns, network, firewallImage,
            podmanNetwork, layers, baseImage, trustProjectLayers, trustedLayers, cache, cacheFresh, home, user,
            credentials, strictCredentials, sshAgent, sshAgentSocket, limits,
            allowRootfulEngine, upstreamDns);
    }
}
