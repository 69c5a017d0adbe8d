package dev.mino.core;

import dev.mino.core.credentials.CredentialPlaceholders;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.LayerFingerprint;
import dev.mino.network.NetworkPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a caller asked of one sandbox, validated and immutable; engine-agnostic. Made by
 * {@link SandboxBuilder#build()}, turned into a {@link SandboxPlan} and then into a container.
 * {@link #toBuilder()} gives a {@link Builder} holding this spec, to make a changed copy;
 * {@link #toString()} names environment variables but never shows their values.
 *
 * <p>A final class rather than a record, so that parts can be added without breaking callers:
 * the accessors are named as a record's would be.
 */
public final class SandboxSpec {
    private final Path project;
    private final String workdir;
    private final String image;
    private final List<String> command;
    private final Map<String, String> env;
    private final List<MountSpec> mounts;
    private final String name;
    private final boolean readOnly;
    private final boolean tty;
    private final boolean attach;
    private final String engine;
    private final Map<String, String> labels;
    private final Path stateDirectory;
    private final boolean auditLog;
    private final boolean detached;
    private final int terminalRows;
    private final int terminalColumns;
    private final NetworkPolicy network;
    private final String firewallImage;
    private final String podmanNetwork;
    private final List<String> layers;
    private final String baseImage;
    private final boolean trustProjectLayers;
    private final LayerFingerprint trustedLayers;
    private final boolean cache;
    private final boolean cacheFresh;
    private final Boolean home;
    private final String user;
    private final List<CredentialProvider> credentials;
    private final boolean strictCredentials;
    private final CredentialPlaceholders credentialPlaceholders;
    private final boolean sshAgent;
    private final Path sshAgentSocket;
    private final ResourceLimits limits;
    private final boolean allowRootfulEngine;
    private final List<String> upstreamDns;

    private SandboxSpec(Builder b) {
        this.project = b.project;
        this.workdir = b.workdir;
        this.image = b.image;
        this.command = List.copyOf(b.command);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.mounts = List.copyOf(b.mounts);
        this.name = b.name;
        this.readOnly = b.readOnly;
        this.tty = b.tty;
        this.attach = b.attach;
        this.engine = b.engine;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.stateDirectory = b.stateDirectory;
        this.auditLog = b.auditLog;
        this.detached = b.detached;
        this.terminalRows = b.terminalRows;
        this.terminalColumns = b.terminalColumns;
        this.network = b.network;
        this.firewallImage = b.firewallImage;
        this.podmanNetwork = b.podmanNetwork;
        this.layers = List.copyOf(b.layers);
        this.baseImage = b.baseImage;
        this.trustProjectLayers = b.trustProjectLayers;
        this.trustedLayers = b.trustedLayers;
        this.cache = b.cache;
        this.cacheFresh = b.cacheFresh;
        this.home = b.home;
        this.user = b.user;
        this.credentials = List.copyOf(b.credentials);
        this.strictCredentials = b.strictCredentials;
        this.credentialPlaceholders = b.credentialPlaceholders;
        this.sshAgent = b.sshAgent;
        this.sshAgentSocket = b.sshAgentSocket;
        this.limits = b.limits;
        this.allowRootfulEngine = b.allowRootfulEngine;
        this.upstreamDns = List.copyOf(b.upstreamDns);
    }

    /**
     * An empty builder: every part at its default (no command, no env, bridge network, mino's base
     * image, default limits, audit log on); project, workdir and image must be set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every part of this spec, to make a copy that differs in some.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.project = project;
        b.workdir = workdir;
        b.image = image;
        b.command = command;
        b.env = env;
        b.mounts = mounts;
        b.name = name;
        b.readOnly = readOnly;
        b.tty = tty;
        b.attach = attach;
        b.engine = engine;
        b.labels = labels;
        b.stateDirectory = stateDirectory;
        b.auditLog = auditLog;
        b.detached = detached;
        b.terminalRows = terminalRows;
        b.terminalColumns = terminalColumns;
        b.network = network;
        b.firewallImage = firewallImage;
        b.podmanNetwork = podmanNetwork;
        b.layers = layers;
        b.baseImage = baseImage;
        b.trustProjectLayers = trustProjectLayers;
        b.trustedLayers = trustedLayers;
        b.cache = cache;
        b.cacheFresh = cacheFresh;
        b.home = home;
        b.user = user;
        b.credentials = credentials;
        b.strictCredentials = strictCredentials;
        b.credentialPlaceholders = credentialPlaceholders;
        b.sshAgent = sshAgent;
        b.sshAgentSocket = sshAgentSocket;
        b.limits = limits;
        b.allowRootfulEngine = allowRootfulEngine;
        b.upstreamDns = upstreamDns;
        return b;
    }

    /**
     * The project folder on the host (absolute, real path), mounted read-write.
     *
     * @return the project
     */
    public Path project() {
        return project;
    }

    /**
     * Where the project appears inside the sandbox, also the working directory.
     *
     * @return the workdir
     */
    public String workdir() {
        return workdir;
    }

    /**
     * The image reference to run.
     *
     * @return the image
     */
    public String image() {
        return image;
    }

    /**
     * The command to run, or empty for the image's default command.
     *
     * @return the command
     */
    public List<String> command() {
        return command;
    }

    /**
     * Environment variables, in the order they were given.
     *
     * @return the env
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Further host paths to mount, in order.
     *
     * @return the mounts
     */
    public List<MountSpec> mounts() {
        return mounts;
    }

    /**
     * The session name, or null to have one generated at start.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * True for a read-only root filesystem (with tmpfs at /tmp, /run, /root, /home/developer).
     *
     * @return the read only
     */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * True to give the command a terminal (stdout and stderr are then one stream).
     *
     * @return the tty
     */
    public boolean tty() {
        return tty;
    }

    /**
     * True to connect the command's stdin, stdout and stderr to the {@link Sandbox} handle.
     *
     * @return the attach
     */
    public boolean attach() {
        return attach;
    }

    /**
     * The Podman service as a {@code CONTAINER_HOST}-style URI, or null to discover one.
     *
     * @return the engine
     */
    public String engine() {
        return engine;
    }

    /**
     * Extra labels for the container, besides the ones Mino sets itself.
     *
     * @return the labels
     */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Where session records and the audit log live, or null for the platform's state directory ({@code ~/.local/state/mino} on Linux).
     *
     * @return the state directory
     */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /**
     * True to append this sandbox's events to the audit log.
     *
     * @return the audit log
     */
    public boolean auditLog() {
        return auditLog;
    }

    /**
     * True to keep the sandbox after this JVM ends.
     *
     * @return the detached
     */
    public boolean detached() {
        return detached;
    }

    /**
     * The terminal's initial rows, or 0 for Podman's default.
     *
     * @return the terminal rows
     */
    public int terminalRows() {
        return terminalRows;
    }

    /**
     * The terminal's initial columns, or 0 for Podman's default.
     *
     * @return the terminal columns
     */
    public int terminalColumns() {
        return terminalColumns;
    }

    /**
     * The network policy: bridge, host, none, or an egress allowlist.
     *
     * @return the network
     */
    public NetworkPolicy network() {
        return network;
    }

    /**
     * The image of the firewall container that enforces an allowlist, chosen by the embedding program (never by a project's configuration), or null for mino's own {@link FirewallImage}: a start then runs the id pinned for its engine (never the sandbox's image or a composed one: what a project or its layers change must not reach the firewall).
     *
     * @return the firewall image
     */
    public String firewallImage() {
        return firewallImage;
    }

    /**
     * The Podman network to join in bridge and allowlist modes, or null for Podman's default.
     *
     * @return the podman network
     */
    public String podmanNetwork() {
        return podmanNetwork;
    }

    /**
     * Toolchain layers to compose onto {@code baseImage}; when not empty they decide the image, and {@code image} is ignored.
     *
     * @return the layers
     */
    public List<String> layers() {
        return layers;
    }

    /**
     * The image layers are composed on.
     *
     * @return the base image
     */
    public String baseImage() {
        return baseImage;
    }

    /**
     * True to allow layers from the project's {@code .mino/layers} whatever they hold (an explicit opt-in of the caller).
     *
     * @return the trust project layers
     */
    public boolean trustProjectLayers() {
        return trustProjectLayers;
    }

    /**
     * The content of the project's {@code .mino/layers} the user approved: its layers are used only while they hold exactly these files, or null.
     *
     * @return the trusted layers
     */
    public LayerFingerprint trustedLayers() {
        return trustedLayers;
    }

    /**
     * True to mount dependency caches for the project's lockfiles.
     *
     * @return the cache
     */
    public boolean cache() {
        return cache;
    }

    /**
     * True to start each cache from an empty volume.
     *
     * @return the cache fresh
     */
    public boolean cacheFresh() {
        return cacheFresh;
    }

    /**
     * True to mount the project's persistent home volume at /home/developer, false never, null for mino images only (the base image and composed ones).
     *
     * @return the home
     */
    public Boolean home() {
        return home;
    }

    /**
     * The user (and group) the command runs as, or null for the image's user.
     *
     * @return the user
     */
    public String user() {
        return user;
    }

    /**
     * The providers whose credentials the sandbox gets, in order.
     *
     * @return the credentials
     */
    public List<CredentialProvider> credentials() {
        return credentials;
    }

    /**
     * True to abort the start when a provider fails, false to warn and go on.
     *
     * @return the strict credentials
     */
    public boolean strictCredentials() {
        return strictCredentials;
    }

    /**
     * Which providers' credentials the sandbox holds only as placeholders, swapped for the real
     * ones by mino's proxy on the providers' hosts.
     *
     * @return the placeholder settings; {@link CredentialPlaceholders#NONE} by default
     */
    public CredentialPlaceholders credentialPlaceholders() {
        return credentialPlaceholders;
    }

    /**
     * True to make the host's SSH agent ({@code SSH_AUTH_SOCK}) usable in the sandbox.
     *
     * @return the ssh agent
     */
    public boolean sshAgent() {
        return sshAgent;
    }

    /**
     * The agent socket to forward, or null for {@code SSH_AUTH_SOCK}.
     *
     * @return the ssh agent socket
     */
    public Path sshAgentSocket() {
        return sshAgentSocket;
    }

    /**
     * The memory, CPU and pids limits (0 for a default decided from the engine's host).
     *
     * @return the limits
     */
    public ResourceLimits limits() {
        return limits;
    }

    /**
     * True to accept a rootful engine without a user namespace of the sandbox's own (uid 0 inside is then the host's root); false to run in one (Podman's {@code userns=auto}), refusing when the engine cannot.
     *
     * @return the allow rootful engine
     */
    public boolean allowRootfulEngine() {
        return allowRootfulEngine;
    }

    /**
     * The resolvers (IP addresses) that mino's resolver forwards allowed names to, in order, or empty for those Podman gives the firewall container; only an allowlist uses them.
     *
     * @return the upstream dns
     */
    public List<String> upstreamDns() {
        return upstreamDns;
    }

    /**
     * A copy of this spec running {@code newImage} with {@code extraEnv} under its own env, no layers
     * left. The firewall image stays as it was: a composed image holds what project layers
     * installed, and they must not be able to replace the firewall's tools.
     */
    public SandboxSpec withComposedImage(String newImage, Map<String, String> extraEnv) {
        Map<String, String> merged = new LinkedHashMap<>(extraEnv);
        merged.putAll(env);
        return toBuilder().image(newImage).env(merged).layers(List.of()).build();
    }

    /**
     * The image of the firewall container: {@code firewallImage}, else mino's own
     * {@link FirewallImage#REFERENCE} (a plan and a start replace it by the id pinned for their
     * engine before planning, and run the firewall from the id of whichever image it names).
     */
    public String effectiveFirewallImage() {
        return firewallImage != null ? firewallImage : FirewallImage.REFERENCE;
    }

    /** A copy of this spec whose firewall runs from {@code reference} (an image id, say). */
    public SandboxSpec withFirewallImage(String reference) {
        Objects.requireNonNull(reference, "reference");
        return toBuilder().firewallImage(reference).build();
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
        List<MountSpec> allMounts = new ArrayList<>(mounts);
        allMounts.add(new MountSpec(socket, "/ssh-agent", false));
        Map<String, String> allEnv = new LinkedHashMap<>(env);
        allEnv.put("SSH_AUTH_SOCK", "/ssh-agent");
        return toBuilder().mounts(allMounts).env(allEnv).build();
    }

    /** Equal when every part is equal (credential providers: the same providers). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SandboxSpec that)) {
            return false;
        }
        return Objects.equals(project, that.project) && Objects.equals(workdir, that.workdir) &&
            Objects.equals(image, that.image) && Objects.equals(command, that.command) &&
            Objects.equals(env, that.env) && Objects.equals(mounts, that.mounts) &&
            Objects.equals(name, that.name) && readOnly == that.readOnly && tty == that.tty &&
            attach == that.attach && Objects.equals(engine, that.engine) &&
            Objects.equals(labels, that.labels) && Objects.equals(stateDirectory, that.stateDirectory) &&
            auditLog == that.auditLog && detached == that.detached && terminalRows == that.terminalRows &&
            terminalColumns == that.terminalColumns && Objects.equals(network, that.network) &&
            Objects.equals(firewallImage, that.firewallImage) &&
            Objects.equals(podmanNetwork, that.podmanNetwork) && Objects.equals(layers, that.layers) &&
            Objects.equals(baseImage, that.baseImage) && trustProjectLayers == that.trustProjectLayers &&
            Objects.equals(trustedLayers, that.trustedLayers) && cache == that.cache &&
            cacheFresh == that.cacheFresh && Objects.equals(home, that.home) &&
            Objects.equals(user, that.user) && Objects.equals(credentials, that.credentials) &&
            strictCredentials == that.strictCredentials && sshAgent == that.sshAgent &&
            Objects.equals(credentialPlaceholders, that.credentialPlaceholders) &&
            Objects.equals(sshAgentSocket, that.sshAgentSocket) && Objects.equals(limits, that.limits) &&
            allowRootfulEngine == that.allowRootfulEngine && Objects.equals(upstreamDns, that.upstreamDns);
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(project, workdir, image, command, env, mounts, name, readOnly, tty, attach, engine,
            labels, stateDirectory, auditLog, detached, terminalRows, terminalColumns, network, firewallImage,
            podmanNetwork, layers, baseImage, trustProjectLayers, trustedLayers, cache, cacheFresh, home, user,
            credentials, strictCredentials, sshAgent, sshAgentSocket, limits, allowRootfulEngine, upstreamDns,
            credentialPlaceholders);
    }

    /**
     * The parts that tell sandboxes apart, for logs: environment variables by name only (a value
     * may be a token the caller passed), credential providers by name.
     */
    @Override
    public String toString() {
        return "SandboxSpec[project=" + project + ", workdir=" + workdir + ", image=" + image + ", command="
            + command + ", env=" + env.keySet() + ", mounts=" + mounts + ", name=" + name + ", readOnly="
            + readOnly + ", tty=" + tty + ", attach=" + attach + ", engine=" + engine + ", network="
            + network.describe() + ", layers=" + layers + ", baseImage=" + baseImage + ", cache=" + cache
            + ", home=" + home + ", user=" + user + ", credentials="
            + credentials.stream().map(CredentialProvider::name).toList() + ", strictCredentials="
            + strictCredentials + ", credentialPlaceholders=" + credentialPlaceholders
            + ", sshAgent=" + sshAgent + ", limits=" + limits + ", detached=" + detached
            + ", allowRootfulEngine=" + allowRootfulEngine + "]";
    }

    /**
     * Sets the parts of a {@link SandboxSpec} one by one; {@link #build()} checks that they fit
     * together. Meant for copies with changes ({@link SandboxSpec#toBuilder()}) and for specs a
     * program reconstructs; a caller asking for a sandbox uses {@link SandboxBuilder}, which checks
     * far more (that paths exist, that names are valid, the network and the layers). Not thread-safe.
     */
    public static final class Builder {
        private Path project;
        private String workdir;
        private String image;
        private List<String> command = List.of();
        private Map<String, String> env = Map.of();
        private List<MountSpec> mounts = List.of();
        private String name;
        private boolean readOnly;
        private boolean tty;
        private boolean attach;
        private String engine;
        private Map<String, String> labels = Map.of();
        private Path stateDirectory;
        private boolean auditLog = true;
        private boolean detached;
        private int terminalRows;
        private int terminalColumns;
        private NetworkPolicy network = NetworkPolicy.bridge();
        private String firewallImage;
        private String podmanNetwork;
        private List<String> layers = List.of();
        private String baseImage = CompositionPlan.DEFAULT_BASE_IMAGE;
        private boolean trustProjectLayers;
        private LayerFingerprint trustedLayers;
        private boolean cache;
        private boolean cacheFresh;
        private Boolean home;
        private String user;
        private List<CredentialProvider> credentials = List.of();
        private boolean strictCredentials;
        private CredentialPlaceholders credentialPlaceholders = CredentialPlaceholders.NONE;
        private boolean sshAgent;
        private Path sshAgentSocket;
        private ResourceLimits limits = ResourceLimits.DEFAULTS;
        private boolean allowRootfulEngine;
        private List<String> upstreamDns = List.of();

        private Builder() {
        }

        /**
         * Sets the project.
         *
         * @param project the project folder on the host (absolute, real path), mounted read-write
         * @return this builder
         */
        public Builder project(Path project) {
            this.project = project;
            return this;
        }

        /**
         * Sets the workdir.
         *
         * @param workdir where the project appears inside the sandbox, also the working directory
         * @return this builder
         */
        public Builder workdir(String workdir) {
            this.workdir = workdir;
            return this;
        }

        /**
         * Sets the image.
         *
         * @param image the image reference to run
         * @return this builder
         */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /**
         * Sets the command.
         *
         * @param command the command to run, or empty for the image's default command
         * @return this builder
         */
        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        /**
         * Sets the env.
         *
         * @param env environment variables, in the order they were given
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        /**
         * Sets the mounts.
         *
         * @param mounts further host paths to mount, in order
         * @return this builder
         */
        public Builder mounts(List<MountSpec> mounts) {
            this.mounts = mounts;
            return this;
        }

        /**
         * Sets the name.
         *
         * @param name the session name, or null to have one generated at start
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the read only.
         *
         * @param readOnly true for a read-only root filesystem (with tmpfs at /tmp, /run, /root, /home/developer)
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Sets the tty.
         *
         * @param tty true to give the command a terminal (stdout and stderr are then one stream)
         * @return this builder
         */
        public Builder tty(boolean tty) {
            this.tty = tty;
            return this;
        }

        /**
         * Sets the attach.
         *
         * @param attach true to connect the command's stdin, stdout and stderr to the {@link Sandbox} handle
         * @return this builder
         */
        public Builder attach(boolean attach) {
            this.attach = attach;
            return this;
        }

        /**
         * Sets the engine.
         *
         * @param engine the Podman service as a {@code CONTAINER_HOST}-style URI, or null to discover one
         * @return this builder
         */
        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Sets the labels.
         *
         * @param labels extra labels for the container, besides the ones Mino sets itself
         * @return this builder
         */
        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Sets the state directory.
         *
         * @param stateDirectory where session records and the audit log live, or null for the platform's state directory ({@code ~/.local/state/mino} on Linux)
         * @return this builder
         */
        public Builder stateDirectory(Path stateDirectory) {
            this.stateDirectory = stateDirectory;
            return this;
        }

        /**
         * Sets the audit log.
         *
         * @param auditLog true to append this sandbox's events to the audit log
         * @return this builder
         */
        public Builder auditLog(boolean auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        /**
         * Sets the detached.
         *
         * @param detached true to keep the sandbox after this JVM ends
         * @return this builder
         */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        /**
         * Sets the terminal rows.
         *
         * @param terminalRows the terminal's initial rows, or 0 for Podman's default
         * @return this builder
         */
        public Builder terminalRows(int terminalRows) {
            this.terminalRows = terminalRows;
            return this;
        }

        /**
         * Sets the terminal columns.
         *
         * @param terminalColumns the terminal's initial columns, or 0 for Podman's default
         * @return this builder
         */
        public Builder terminalColumns(int terminalColumns) {
            this.terminalColumns = terminalColumns;
            return this;
        }

        /**
         * Sets the network.
         *
         * @param network the network policy: bridge, host, none, or an egress allowlist
         * @return this builder
         */
        public Builder network(NetworkPolicy network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the firewall image.
         *
         * @param firewallImage the image of the firewall container that enforces an allowlist, chosen by the embedding program (never by a project's configuration), or null for mino's own {@link FirewallImage}: a start then runs the id pinned for its engine (never the sandbox's image or a composed one: what a project or its layers change must not reach the firewall)
         * @return this builder
         */
        public Builder firewallImage(String firewallImage) {
            this.firewallImage = firewallImage;
            return this;
        }

        /**
         * Sets the podman network.
         *
         * @param podmanNetwork the Podman network to join in bridge and allowlist modes, or null for Podman's default
         * @return this builder
         */
        public Builder podmanNetwork(String podmanNetwork) {
            this.podmanNetwork = podmanNetwork;
            return this;
        }

        /**
         * Sets the layers.
         *
         * @param layers toolchain layers to compose onto {@code baseImage}; when not empty they decide the image, and {@code image} is ignored
         * @return this builder
         */
        public Builder layers(List<String> layers) {
            this.layers = layers;
            return this;
        }

        /**
         * Sets the base image.
         *
         * @param baseImage the image layers are composed on
         * @return this builder
         */
        public Builder baseImage(String baseImage) {
            this.baseImage = baseImage;
            return this;
        }

        /**
         * Sets the trust project layers.
         *
         * @param trustProjectLayers true to allow layers from the project's {@code .mino/layers} whatever they hold (an explicit opt-in of the caller)
         * @return this builder
         */
        public Builder trustProjectLayers(boolean trustProjectLayers) {
            this.trustProjectLayers = trustProjectLayers;
            return this;
        }

        /**
         * Sets the trusted layers.
         *
         * @param trustedLayers the content of the project's {@code .mino/layers} the user approved: its layers are used only while they hold exactly these files, or null
         * @return this builder
         */
        public Builder trustedLayers(LayerFingerprint trustedLayers) {
            this.trustedLayers = trustedLayers;
            return this;
        }

        /**
         * Sets the cache.
         *
         * @param cache true to mount dependency caches for the project's lockfiles
         * @return this builder
         */
        public Builder cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Sets the cache fresh.
         *
         * @param cacheFresh true to start each cache from an empty volume
         * @return this builder
         */
        public Builder cacheFresh(boolean cacheFresh) {
            this.cacheFresh = cacheFresh;
            return this;
        }

        /**
         * Sets the home.
         *
         * @param home true to mount the project's persistent home volume at /home/developer, false never, null for mino images only (the base image and composed ones)
         * @return this builder
         */
        public Builder home(Boolean home) {
            this.home = home;
            return this;
        }

        /**
         * Sets the user.
         *
         * @param user the user (and group) the command runs as, or null for the image's user
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * Sets the credentials.
         *
         * @param credentials the providers whose credentials the sandbox gets, in order
         * @return this builder
         */
        public Builder credentials(List<CredentialProvider> credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * Sets the strict credentials.
         *
         * @param strictCredentials true to abort the start when a provider fails, false to warn and go on
         * @return this builder
         */
        public Builder strictCredentials(boolean strictCredentials) {
            this.strictCredentials = strictCredentials;
            return this;
        }

        /**
         * Sets the ssh agent.
         *
         * @param sshAgent true to make the host's SSH agent ({@code SSH_AUTH_SOCK}) usable in the sandbox
         * @return this builder
         */
        public Builder sshAgent(boolean sshAgent) {
            this.sshAgent = sshAgent;
            return this;
        }

        /**
         * Sets the ssh agent socket.
         *
         * @param sshAgentSocket the agent socket to forward, or null for {@code SSH_AUTH_SOCK}
         * @return this builder
         */
        public Builder sshAgentSocket(Path sshAgentSocket) {
            this.sshAgentSocket = sshAgentSocket;
            return this;
        }

        /**
         * Sets the limits.
         *
         * @param limits the memory, CPU and pids limits (0 for a default decided from the engine's host)
         * @return this builder
         */
        public Builder limits(ResourceLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Sets the allow rootful engine.
         *
         * @param allowRootfulEngine true to accept a rootful engine without a user namespace of the sandbox's own (uid 0 inside is then the host's root); false to run in one (Podman's {@code userns=auto}), refusing when the engine cannot
         * @return this builder
         */
        public Builder allowRootfulEngine(boolean allowRootfulEngine) {
            this.allowRootfulEngine = allowRootfulEngine;
            return this;
        }

        /**
         * Sets which credentials the sandbox holds only as placeholders.
         *
         * @param credentialPlaceholders the placeholder settings
         * @return this builder
         */
        public Builder credentialPlaceholders(CredentialPlaceholders credentialPlaceholders) {
            this.credentialPlaceholders = credentialPlaceholders;
            return this;
        }

        /**
         * Sets the upstream dns.
         *
         * @param upstreamDns the resolvers (IP addresses) that mino's resolver forwards allowed names to, in order, or empty for those Podman gives the firewall container; only an allowlist uses them
         * @return this builder
         */
        public Builder upstreamDns(List<String> upstreamDns) {
            this.upstreamDns = upstreamDns;
            return this;
        }

        /**
         * The spec.
         *
         * @return the spec
         * @throws InvalidSpecException when a part is missing or the parts do not fit together
         */
        public SandboxSpec build() {
            check();
            return new SandboxSpec(this);
        }

        /**
         * Placeholders need the firewall container (the path to the proxy), so an allowlist, and
         * only mino's own providers have placeholders; a credential the user asked to keep out is
         * never let in whole instead.
         */
        private void checkPlaceholders() {
            List<String> affected = credentials.stream().map(CredentialProvider::name)
                .filter(credentialPlaceholders::appliesTo).toList();
            if (affected.isEmpty()) {
                return;
            }
            for (String provider : affected) {
                if (!CredentialPlaceholders.PROVIDERS.contains(provider)) {
                    throw new InvalidSpecException("the credentials of provider '" + provider + "' cannot be given as "
                        + "placeholders; only those of " + String.join(", ", CredentialPlaceholders.PROVIDERS) + " can",
                        "switch placeholders on for those providers by name, or leave this provider out");
                }
            }
            if (detached) {
                throw new InvalidSpecException("credential placeholders (for " + String.join(", ", affected)
                    + ") need mino's proxy, which runs in this JVM, and a detached sandbox outlives it",
                    "run the sandbox attached, or without placeholders");
            }
            if (network.mode() != dev.mino.network.NetworkMode.ALLOWLIST) {
                throw new InvalidSpecException("credential placeholders (for " + String.join(", ", affected)
                    + ") need an allowlist network, and the network is " + network.describe(),
                    "allow the destinations the sandbox needs, the providers' hosts among them; the proxy that "
                        + "swaps the placeholders is reached through the allowlist's firewall");
            }
        }

        private void check() {
            if (project == null || !project.isAbsolute()) {
                throw new InvalidSpecException("the project folder " + project + " is not an absolute path",
                    "give the project folder as an absolute path");
            }
            if (workdir == null || !workdir.startsWith("/")) {
                throw new InvalidSpecException("the workdir " + workdir + " is not an absolute path",
                    "give the folder inside the sandbox as an absolute path, for example /workspace");
            }
            if (image == null || image.isBlank()) {
                throw new InvalidSpecException("no image is set", "set the image to run");
            }
            if (terminalRows < 0 || terminalColumns < 0) {
                throw new InvalidSpecException("terminal size " + terminalRows + "x" + terminalColumns
                    + " is negative", "give 0 for the engine's default, or the terminal's rows and columns");
            }
            if (stateDirectory != null && !stateDirectory.isAbsolute()) {
                throw new InvalidSpecException("state directory '" + stateDirectory + "' is relative",
                    "pass an absolute path");
            }
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(baseImage, "baseImage");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(credentialPlaceholders, "credentialPlaceholders");
            checkPlaceholders();
            noNulls(command, "command");
            noNulls(mounts, "mounts");
            noNulls(layers, "layers");
            noNulls(credentials, "credentials");
            noNulls(upstreamDns, "upstreamDns");
            noNulls(env.keySet(), "env names");
            noNulls(env.values(), "env values");
            noNulls(labels.keySet(), "label names");
            noNulls(labels.values(), "label values");
        }

        private static void noNulls(java.util.Collection<?> values, String what) {
            Objects.requireNonNull(values, what);
            for (Object value : values) {
                Objects.requireNonNull(value, () -> what + " holds null");
            }
        }
    }
}
