package dev.mino.core;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.credentials.CredentialPlaceholders;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.internal.config.PresetHostsCheck;
import dev.mino.core.internal.credentials.ProviderChoice;
import dev.mino.core.internal.orbstack.OrbStackEngine;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.sandbox.SandboxLauncher;
import dev.mino.core.internal.spec.Checks;
import dev.mino.core.internal.spec.ImageReference;
import dev.mino.core.internal.spec.NetworkPolicies;
import dev.mino.core.internal.spec.Workdirs;
import dev.mino.core.internal.state.SessionNames;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.ImageAlias;
import dev.mino.layers.LayerException;
import dev.mino.layers.LayerFingerprint;
import dev.mino.layers.LayerName;
import dev.mino.layers.ProjectLayers;
import dev.mino.network.HostKind;
import dev.mino.network.NetworkMode;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRequest;
import dev.mino.network.NetworkRule;
import dev.mino.network.RegistryHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the settings of a sandbox. Every setter checks its value at once and throws
 * {@link InvalidSpecException} naming what is wrong, so bad input fails before anything exists.
 * Not thread-safe; {@link #build()}, {@link #plan()} and {@link #start()} may be called repeatedly.
 * Made by {@link Mino#sandbox()}, its sandboxes use that Mino's connections and threads and are
 * removed when it is closed; made by {@link Sandbox#builder()}, those of a default Mino of the JVM.
 */
public final class SandboxBuilder {
    private final MinoRuntime runtime;
    private Path project;
    private String image;
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<MountSpec> mounts = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String name;
    private String workdir;
    private boolean readOnly;
    private boolean tty;
    private boolean attach;
    private boolean detached;
    private int terminalRows;
    private int terminalColumns;
    // Kept apart and decided at build(), so that an explicit choice wins whatever the order of
    // the calls, and a contradiction in the config does not fail when it is overridden (SPEC 6.3).
    private NetworkPolicy explicitNetwork;
    private String explicitPreset;
    private NetworkRequest configNetwork = NetworkRequest.defaults();
    private final Map<String, List<String>> presetHosts = new LinkedHashMap<>();
    private RegistryHosts registryHosts;
    private String firewallImage;
    private String podmanNetwork;
    private List<String> upstreamDns = List.of();
    private final List<String> layers = new ArrayList<>();
    private String baseImage = CompositionPlan.DEFAULT_BASE_IMAGE;
    private boolean trustProjectLayers;
    private LayerFingerprint trustedLayers;
    private boolean cache = true;
    private boolean cacheFresh;
    private Boolean home;
    private String user;
    private final List<CredentialProvider> credentials = new ArrayList<>();
    private boolean strictCredentials;
    private final CredentialPlaceholders.Builder placeholders = CredentialPlaceholders.builder();
    private boolean sshAgent = true;
    private Path sshAgentSocket;
    private ResourceLimits limits = ResourceLimits.DEFAULTS;
    private boolean allowRootfulEngine;
    private String engine;
    private MinoConfig.Vm vm = OrbStackEngine.DEFAULT_VM;
    private Path stateDirectory;
    private boolean auditLog = true;
    private SandboxListener listener = SandboxListener.NONE;
    // Credentials switched on or off by name, and a project's configuration: decided at build().
    private final Map<String, Boolean> credentialSwitches = new LinkedHashMap<>();
    private NamedProviders namedProviders;
    private ProjectSetup projectSetup;
    private boolean askTrust = true;

    SandboxBuilder(MinoRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The project folder: mounted read-write at {@code /<folder name>} (or {@code /workspace} for
     * names such as {@code etc}), which is also the working directory. Must be absolute and exist.
     * Defaults to the current working directory.
     */
    public SandboxBuilder project(Path path) {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new InvalidSpecException("project path '" + path + "' is relative",
                "pass an absolute path, for example Path.of(\"" + path + "\").toAbsolutePath()");
        }
        this.project = realDirectory(path, "project");
        return this;
    }

    /**
     * The image to run, for example {@code localhost/my-image:1.0}, or an alias (SPEC 7.1):
     * {@code typescript}/{@code ts}/{@code node}, {@code rust}/{@code cargo} and {@code python}/{@code py}
     * select that layer, {@code base} the base image. Replaces layers set earlier (an image named
     * on the command line beats layers from config, SPEC 1.3.2). Required unless layers are set.
     */
    public SandboxBuilder image(String reference) {
        this.image = validImage(reference);
        layers.clear();
        return this;
    }

    /**
     * Toolchain layers to compose onto the base image (built once per content and reused); replaces
     * earlier layers. Names are looked up in the project's {@code .mino/layers} (when trusted), the
     * user's config directory and the built-in layers.
     */
    public SandboxBuilder layers(String... names) {
        Objects.requireNonNull(names, "names");
        return layers(Arrays.asList(names));
    }

    /** Toolchain layers as a list; see {@link #layers(String...)}. */
    public SandboxBuilder layers(List<String> names) {
        Objects.requireNonNull(names, "names");
        List<String> checked = new ArrayList<>();
        for (String layer : names) {
            try {
                checked.add(LayerName.requireValid(layer));
            } catch (LayerException e) {
                throw new InvalidSpecException(e.getMessage(), e.hint());
            }
        }
        layers.clear();
        layers.addAll(checked);
        return this;
    }

    /** The image layers are composed on (default: the mino-base image). */
    public SandboxBuilder baseImage(String reference) {
        this.baseImage = validImage(reference);
        return this;
    }

    /**
     * Allows layers from the project's own {@code .mino/layers} folder, whatever they hold. Their
     * install scripts run as root during the image build, and the project folder is writable by
     * the sandbox and by whoever shipped the repository, so this is off by default; prefer
     * {@link #trustProjectLayers(LayerFingerprint)}, which lets in only content the user saw.
     * Replaces an approved fingerprint set before.
     */
    public SandboxBuilder trustProjectLayers(boolean trusted) {
        this.trustProjectLayers = trusted;
        this.trustedLayers = null;
        return this;
    }

    /**
     * Allows the project's own layers only while {@code .mino/layers} holds exactly the files
     * {@code approved} describes (see {@link dev.mino.core.config.ProjectLayerTrust}); otherwise
     * they are skipped with a warning. The image is built from the bytes that were compared, so a
     * file changed in between does not get in.
     */
    public SandboxBuilder trustProjectLayers(LayerFingerprint approved) {
        this.trustedLayers = Objects.requireNonNull(approved, "approved");
        this.trustProjectLayers = false;
        return this;
    }

    private static String validImage(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidSpecException("image reference is empty", "give an image such as docker.io/library/debian:12");
        }
        if (!ImageReference.isValid(reference)) {
            throw new InvalidSpecException("image reference '" + Checks.printable(reference) + "' is not valid",
                "write [registry/]name[:tag][@digest] in lower case, for example localhost/tools:1.0");
        }
        return reference;
    }

    /** The command and its arguments; replaces any earlier command. Empty: the image's default command. */
    public SandboxBuilder command(String... commandAndArgs) {
        Objects.requireNonNull(commandAndArgs, "commandAndArgs");
        return command(Arrays.asList(commandAndArgs));
    }

    /** The command and its arguments as a list; replaces any earlier command. */
    public SandboxBuilder command(List<String> commandAndArgs) {
        Objects.requireNonNull(commandAndArgs, "commandAndArgs");
        List<String> checked = new ArrayList<>();
        for (String arg : commandAndArgs) {
            checked.add(Checks.argument(arg));
        }
        command.clear();
        command.addAll(checked);
        return this;
    }

    /** Sets an environment variable; a later call with the same key wins. */
    public SandboxBuilder env(String key, String value) {
        env.put(Checks.envKey(key), Checks.envValue(key, value));
        return this;
    }

    /** Mounts a host path read-write at {@code containerPath}. */
    public SandboxBuilder volume(String hostPath, String containerPath) {
        return mount(hostPath, containerPath, false);
    }

    /** Mounts a host path read-only at {@code containerPath}. */
    public SandboxBuilder readOnlyVolume(String hostPath, String containerPath) {
        return mount(hostPath, containerPath, true);
    }

    /**
     * Mounts a volume written as on the command line or in config: {@code HOST:CONTAINER} or
     * {@code HOST:CONTAINER:ro} (or {@code :rw}).
     */
    public SandboxBuilder volume(String hostColonContainer) {
        if (hostColonContainer == null) {
            throw new InvalidSpecException("volume is null", "write HOST:CONTAINER or HOST:CONTAINER:ro");
        }
        String[] parts = hostColonContainer.split(":", -1);
        boolean readOnlyMount = false;
        if (parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw"))) {
            readOnlyMount = parts[2].equals("ro");
        } else if (parts.length != 2) {
            throw new InvalidSpecException("volume '" + Checks.printable(hostColonContainer)
                + "' is not HOST:CONTAINER[:ro]", "write it as /host/path:/container/path, with :ro for read-only");
        }
        return mount(parts[0], parts[1], readOnlyMount);
    }

    /**
     * Applies the settings of a loaded configuration (SPEC section 2): {@code container.image},
     * {@code env}, {@code volumes}, {@code workdir} (unless the default), {@code read_only},
     * {@code network}, {@code network_allow}, {@code network_preset}, {@code network_preset_hosts},
     * {@code general.audit_log}, {@code credentials.placeholders} and each provider's
     * {@code placeholder_hosts} (GitHub's default to {@code credentials.github.host} when that is
     * not github.com), and {@code vm.name} and {@code vm.distro}: the OrbStack VM used on
     * macOS and by {@code engine("orbstack:")}. Call it first: later setters override what it set.
     *
     * <p>The network keys are kept as they are and decided by {@link #build()}, after any
     * {@link #network(NetworkPolicy)} or {@link #networkPreset(String)}, which win outright
     * whenever they are called (SPEC 6.3): then a contradiction in the config, such as
     * {@code network = "none"} next to {@code network_allow}, is not an error. Without them the
     * config's {@code network_allow} wins over its {@code network_preset}, which wins over its
     * {@code network}.
     */
    public SandboxBuilder config(MinoConfig config) {
        Objects.requireNonNull(config, "config");
        this.vm = config.vm();
        MinoConfig.Container container = config.container();
        image(container.image());
        container.env().forEach(this::env);
        container.volumes().forEach(this::volume);
        if (!container.workdir().equals(MinoConfig.DEFAULT_WORKDIR)) {
            workdir(container.workdir());
        }
        readOnly(container.readOnly());
        auditLog(config.general().auditLog());
        configNetwork = NetworkRequest.defaults().withConfigMode(container.network())
            .withConfigAllow(container.networkAllow()).withConfigPreset(container.networkPreset().orElse(null));
        container.networkPresetHosts().forEach(this::networkPresetHosts);
        baseImage(container.baseImage());
        cache(config.cache().enabled());
        if (!config.home().enabled()) {
            home(false);
        }
        if (!container.layers().isEmpty()) {
            layers(container.layers());
        }
        limits = new ResourceLimits(ResourceLimits.parseMemory(container.memory()),
            ResourceLimits.parseCpus(container.cpus()), container.pidsLimit());
        allowRootfulEngine(container.allowRootfulEngine());
        MinoConfig.Placeholders placeholderConfig = config.credentials().placeholders();
        if (placeholderConfig.enabled()) {
            credentialPlaceholders(true);
        }
        String gitHubHost = config.credentials().github().host();
        if (!placeholderConfig.hosts().containsKey("github") && !gitHubHost.equals("github.com")) {
            // An enterprise server serves its API and git on its own host (/api/v3): that is where
            // the real token belongs, not github.com.
            credentialPlaceholderHosts("github", List.of(gitHubHost));
        }
        placeholderConfig.hosts().forEach(this::credentialPlaceholderHosts);
        return this;
    }

    private SandboxBuilder mount(String hostPath, String containerPath, boolean readOnlyMount) {
        if (hostPath == null || hostPath.isEmpty() || hostPath.indexOf('\0') >= 0) {
            throw new InvalidSpecException("volume host path is empty or contains NUL",
                "give an absolute host path such as /home/me/data");
        }
        Path host = Path.of(hostPath);
        if (!host.isAbsolute()) {
            throw new InvalidSpecException("volume host path '" + Checks.printable(hostPath) + "' is relative",
                "pass an absolute host path");
        }
        Path real = realPath(host, "volume host path");
        String target = Checks.containerPath(containerPath);
        mounts.add(new MountSpec(real, target, readOnlyMount));
        return this;
    }

    /**
     * The session name: letters, digits, '-' and '_', at most 64 characters. Defaults to
     * {@code session-} and 8 random hex digits.
     */
    public SandboxBuilder name(String sessionName) {
        try {
            SessionNames.validate(sessionName);
        } catch (InvalidSpecException e) {
            throw e;
        } catch (MinoException e) {
            throw new InvalidSpecException(e.getMessage(), e.hint());
        }
        this.name = sessionName;
        return this;
    }

    /** Overrides where the project appears inside the sandbox (and the working directory). */
    public SandboxBuilder workdir(String containerPath) {
        this.workdir = Checks.containerPath(containerPath);
        return this;
    }

    /** Makes the root filesystem read-only; /tmp, /run, /root and /home/developer become tmpfs. */
    public SandboxBuilder readOnly(boolean value) {
        this.readOnly = value;
        return this;
    }

    /** Gives the command a terminal. */
    public SandboxBuilder tty(boolean value) {
        this.tty = value;
        return this;
    }

    /**
     * Connects the command's stdin, stdout and stderr to {@link Sandbox#stdin()},
     * {@link Sandbox#stdout()} and {@link Sandbox#stderr()}. Read them: a command blocks once it has
     * written more than the pipe holds. Without this, output is kept in the container's log.
     */
    public SandboxBuilder attach(boolean value) {
        this.attach = value;
        return this;
    }

    /**
     * Keeps the sandbox running after this JVM ends: no shutdown hook or sweep removes it; it is
     * removed only by {@link Sandbox#close()}, for example from {@link Sessions#open}. Default false.
     * A detached sandbox has no SSH agent (see {@link #sshAgent(boolean)}).
     */
    public SandboxBuilder detached(boolean value) {
        this.detached = value;
        return this;
    }

    /** The size of the terminal from the first byte on (with {@link #tty(boolean)}); default 24x80. */
    public SandboxBuilder terminalSize(int rows, int columns) {
        if (rows < 1 || columns < 1 || rows > 10_000 || columns > 10_000) {
            throw new InvalidSpecException("terminal size " + rows + "x" + columns + " is out of range",
                "pass rows and columns between 1 and 10000");
        }
        this.terminalRows = rows;
        this.terminalColumns = columns;
        return this;
    }

    /**
     * The network policy: {@link NetworkPolicy#bridge()} (the default), {@code host()}, {@code none()},
     * or an egress allowlist ({@code allow("github.com:443")}, {@code preset("dev")}). An allowlist is
     * enforced by a short-lived firewall container that shares its network namespace with the
     * sandbox, so the sandboxed command never holds NET_ADMIN.
     *
     * <p>This choice wins over the network settings of {@link #config(MinoConfig)}, whether called
     * before or after it, and replaces an earlier {@link #networkPreset(String)}.
     */
    public SandboxBuilder network(NetworkPolicy policy) {
        this.explicitNetwork = Objects.requireNonNull(policy, "policy");
        this.explicitPreset = null;
        return this;
    }

    /**
     * The allowlist of a preset, {@code dev} or {@code registries}, completed when the sandbox is
     * built with the package registries of {@link #networkRegistries(RegistryHosts)} and the hosts
     * of {@link #networkPresetHosts(String, List)} (which {@link NetworkPolicy#preset(String)},
     * resolved at once, cannot include). Like {@link #network(NetworkPolicy)}, it wins over the
     * config's network settings and replaces an earlier explicit choice.
     *
     * @throws InvalidSpecException if no preset has this name
     */
    public SandboxBuilder networkPreset(String name) {
        this.explicitPreset = NetworkPolicies.requirePresetName(Objects.requireNonNull(name, "name"));
        this.explicitNetwork = null;
        return this;
    }

    /**
     * Adds destinations at the end of a preset, for example a corporate mirror; the config key
     * {@code container.network_preset_hosts}. Applies to a preset chosen with
     * {@link #networkPreset(String)} or by the config's {@code network_preset}. Hosts added earlier
     * are kept; a destination listed twice counts once.
     *
     * @param preset {@code dev} or {@code registries}
     * @param hosts destinations as {@code host:port} or {@code [ipv6]:port}
     * @throws InvalidSpecException if the preset is unknown or a destination is malformed
     */
    public SandboxBuilder networkPresetHosts(String preset, List<String> hosts) {
        Objects.requireNonNull(preset, "preset");
        List<String> copy = List.copyOf(hosts);
        PresetHostsCheck.check(Map.of(preset, copy)).ifPresent(problem -> {
            throw new InvalidSpecException(problem.message(), problem.hint());
        });
        List<String> all = new ArrayList<>(presetHosts.getOrDefault(preset, List.of()));
        all.addAll(copy);
        presetHosts.put(preset, List.copyOf(all));
        return this;
    }

    /**
     * Where presets find the npm registry and Maven repositories (SPEC 6.4); by default those of
     * the current user's own configuration ({@link RegistryHosts#discover(Map, Path, Path)} with
     * the project as the folder the sandbox can write), read only when a preset is used. Never a
     * project's own {@code .npmrc}: the sandbox can write it.
     */
    public SandboxBuilder networkRegistries(RegistryHosts registries) {
        this.registryHosts = Objects.requireNonNull(registries, "registries");
        return this;
    }

    /**
     * The image of the firewall container that enforces an allowlist, for an embedding program
     * that brings its own (no configuration key sets it: a project must not choose what enforces
     * its own allowlist). Never an image composed from layers. Default: mino's own
     * {@link FirewallImage}, run from the id {@code mino setup} or {@link FirewallImage#ensure(String)}
     * pinned for the engine; without a pin an allowlisted sandbox does not start.
     */
    public SandboxBuilder firewallImage(String reference) {
        this.firewallImage = validImage(reference);
        return this;
    }

    /** Joins this Podman network (by name) instead of Podman's default one, in bridge and allowlist modes. */
    public SandboxBuilder podmanNetwork(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new InvalidSpecException("Podman network name '" + (name == null ? "null" : Checks.printable(name))
                + "' is not valid", "use letters, digits, '.', '_' and '-', as 'podman network ls' shows them");
        }
        this.podmanNetwork = name;
        return this;
    }

    /**
     * The resolvers that mino's resolver forwards allowed names to, tried in order; default: those
     * Podman gives the firewall container (the host's, or the Podman network's). Only an allowlist
     * has mino's resolver: with another network mode {@link #build()} refuses this setting. Names
     * outside the allowlist never reach these resolvers. Tests and embedders with a resolver of
     * their own (a test zone, a company resolver) use it; each call replaces the earlier list.
     *
     * @param addresses IPv4 or IPv6 addresses (no names, ports or brackets), at least one
     * @throws InvalidSpecException when an address is no IP literal or none is given
     */
    public SandboxBuilder upstreamDns(String... addresses) {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.length == 0) {
            throw new InvalidSpecException("upstreamDns needs at least one address",
                "pass the IP addresses of the resolvers, for example upstreamDns(\"10.0.0.53\")");
        }
        List<String> checked = new ArrayList<>();
        for (String address : addresses) {
            checked.add(ipLiteral(address));
        }
        this.upstreamDns = List.copyOf(checked);
        return this;
    }

    private static String ipLiteral(String address) {
        HostKind kind;
        try {
            kind = new NetworkRule(Objects.requireNonNull(address, "address"), 53).hostKind();
        } catch (NetworkPolicyException e) {
            kind = null;
        }
        if (kind != HostKind.IPV4 && kind != HostKind.IPV6) {
            throw new InvalidSpecException("upstream DNS server '" + (address == null ? "null"
                : Checks.printable(address)) + "' is no IP address", "pass IPv4 or IPv6 addresses such as 10.0.0.53 "
                + "or fd00::53, without port or brackets: a name would itself need a resolver");
        }
        return address;
    }

    /**
     * Dependency caches (default on): one volume per lockfile in the project's root
     * ({@code package-lock.json}, {@code Cargo.lock}, ...), named by the lockfile's hash and mounted at
     * {@code /cache/<ecosystem>}, with the ecosystem's cache env vars set.
     */
    public SandboxBuilder cache(boolean enabled) {
        this.cache = enabled;
        return this;
    }

    /** Starts every cache from an empty volume (the old one is removed). Default false. */
    public SandboxBuilder cacheFresh(boolean fresh) {
        this.cacheFresh = fresh;
        return this;
    }

    /**
     * The project's persistent home volume at {@code /home/developer}: true always, false never.
     * Default: for mino images (the base image and composed ones) only.
     */
    public SandboxBuilder home(boolean enabled) {
        this.home = enabled;
        return this;
    }

    /**
     * The user the command runs as, as a name or uid with an optional group ({@code developer},
     * {@code 1000:1000}). Default: the image's user.
     */
    public SandboxBuilder user(String userAndGroup) {
        if (userAndGroup == null || !userAndGroup.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?")) {
            throw new InvalidSpecException("user '" + (userAndGroup == null ? "null" : Checks.printable(userAndGroup))
                + "' is not valid", "write a user name or uid, optionally with :group, for example 1000:1000");
        }
        this.user = userAndGroup;
        return this;
    }

    /**
     * Short-lived credentials for the sandbox (from mino-credentials: AWS STS, GCP, Azure, GitHub),
     * added to earlier ones. Their secret values reach the command's environment without ever
     * showing in {@code podman inspect}, session records or logs; the command must be started by
     * {@code /bin/sh} for that (every image with a shell works).
     */
    public SandboxBuilder credentials(CredentialProvider... providers) {
        for (CredentialProvider provider : Objects.requireNonNull(providers, "providers")) {
            credentials.add(Objects.requireNonNull(provider, "provider"));
        }
        return this;
    }

    /**
     * Switches the credentials of one provider on or off by name: {@code aws}, {@code gcp},
     * {@code azure} or {@code github}. The provider is created inside the library, from the
     * {@link dev.mino.core.credentials.CredentialProviderFactory} of that name on the class path
     * (mino-credentials), with the {@code [credentials]} settings of the project, when the sandbox
     * is built. On a builder from {@link Mino#project(Path)} this wins over
     * {@code credentials.<name>.enabled}, whatever the order of the calls, and GitHub's token is on
     * unless switched off, as for {@code mino run}; on other builders only the providers switched
     * on here are used. A provider that cannot be created (its artifact is missing) is a warning
     * with code {@link WarningCodes#CREDENTIALS_UNAVAILABLE}, or with
     * {@link #strictCredentials(boolean)} an error when the sandbox is built. Providers passed to
     * {@link #credentials(CredentialProvider...)} are used as well.
     *
     * @throws InvalidSpecException when no provider has this name
     */
    public SandboxBuilder credentials(String provider, boolean enabled) {
        Objects.requireNonNull(provider, "provider");
        if (!ProviderChoice.ORDER.contains(provider)) {
            throw new InvalidSpecException("credential provider '" + Checks.printable(provider) + "' is unknown",
                "use one of " + String.join(", ", ProviderChoice.ORDER));
        }
        credentialSwitches.put(provider, enabled);
        return this;
    }

    /**
     * Whether a provider that fails aborts the start (true) or only warns (false, the default, as
     * mino 1.6.0 without {@code --strict-credentials}). With it, a provider switched on by name that
     * cannot be created fails {@link #build()}, and one that cannot issue its credentials fails
     * {@link #start()}, both with a
     * {@link dev.mino.core.credentials.CredentialsUnavailableException}.
     */
    public SandboxBuilder strictCredentials(boolean strict) {
        this.strictCredentials = strict;
        return this;
    }

    /**
     * Gives the sandbox placeholders instead of the real credentials of every provider it gets
     * (off by default). The sandbox's secret variables then hold values of the right shape that
     * work nowhere; mino's proxy, outside the sandbox, puts the real credential into requests to
     * the provider's hosts only ({@link #credentialPlaceholderHosts}), re-signs AWS requests, and
     * refreshes tokens that expire, so the sandbox never sees a real value. The sandbox trusts
     * mino's per-user certificate authority through {@code SSL_CERT_FILE},
     * {@code NODE_EXTRA_CA_CERTS}, {@code REQUESTS_CA_BUNDLE}, {@code CURL_CA_BUNDLE},
     * {@code GIT_SSL_CAINFO} and {@code JAVA_TOOL_OPTIONS}. Needs an allowlist network that admits
     * the providers' hosts, and a sandbox that is not detached (the proxy runs in this JVM); each
     * request given a real credential is reported as a {@link MinoEvent.CredentialUsed}.
     */
    public SandboxBuilder credentialPlaceholders(boolean enabled) {
        placeholders.all(enabled);
        return this;
    }

    /**
     * Placeholders on or off for one provider ({@code aws}, {@code gcp}, {@code azure},
     * {@code github}), over {@link #credentialPlaceholders(boolean)}.
     *
     * @throws InvalidSpecException when the provider cannot be given as placeholders
     */
    public SandboxBuilder credentialPlaceholders(String provider, boolean enabled) {
        placeholders.provider(provider, enabled);
        return this;
    }

    /**
     * The hosts where {@code provider}'s real credential is put into requests, instead of the
     * defaults ({@link CredentialPlaceholders#defaultHosts(String)}): an enterprise GitHub, a
     * sovereign cloud. Each host is {@code name} or {@code *.domain}, optionally with
     * {@code :port} (default 443).
     *
     * @throws InvalidSpecException when the provider is unknown or a host is malformed
     */
    public SandboxBuilder credentialPlaceholderHosts(String provider, List<String> hosts) {
        placeholders.hosts(provider, hosts);
        return this;
    }

    /**
     * A PEM file of certificate authorities the credential proxy trusts on the providers' hosts,
     * besides the JDK's own (a company authority in front of an enterprise GitHub); null for none.
     *
     * @throws InvalidSpecException when the path is relative
     */
    public SandboxBuilder credentialProxyCertificates(Path pemFile) {
        placeholders.upstreamCertificates(pemFile);
        return this;
    }

    /**
     * Forwards the host's SSH agent ({@code SSH_AUTH_SOCK}) into the sandbox at {@code /ssh-agent}
     * (default on, when the host has one): the command can list the keys and have the agent sign
     * with them; it can never read them, and every other agent request (adding, removing, locking)
     * is answered with failure. Only the JVM's user and the users the engine runs sandboxes as may
     * connect. The forwarding lasts while this JVM runs, so a {@linkplain #detached(boolean)
     * detached} sandbox gets no agent, and a warning at start says so.
     */
    public SandboxBuilder sshAgent(boolean enabled) {
        this.sshAgent = enabled;
        return this;
    }

    /** Forwards this SSH agent socket instead of the one {@code SSH_AUTH_SOCK} names. */
    public SandboxBuilder sshAgent(Path agentSocket) {
        Objects.requireNonNull(agentSocket, "agentSocket");
        if (!agentSocket.isAbsolute() || !Files.exists(agentSocket)) {
            throw new InvalidSpecException("SSH agent socket '" + agentSocket + "' is not an existing absolute path",
                "pass the path ssh-agent printed as SSH_AUTH_SOCK");
        }
        this.sshAgent = true;
        this.sshAgentSocket = agentSocket;
        return this;
    }

    /**
     * The most memory the sandbox's processes may use together; beyond it the kernel kills one of
     * them. At least 64 MiB; 0 for the default: half the engine host's memory, at most 16 GiB.
     * Enforced where the engine's cgroups allow it (not by a rootless Podman on cgroup v1).
     *
     * @throws InvalidSpecException when below 64 MiB
     */
    public SandboxBuilder memoryLimit(long bytes) {
        this.limits = new ResourceLimits(bytes, limits.cpus(), limits.pids());
        return this;
    }

    /**
     * The memory limit as a size such as {@code 512m} or {@code 4g} (units k, m, g, t, powers of
     * 1024); see {@link #memoryLimit(long)}.
     *
     * @throws InvalidSpecException when the text is no size, or one below 64 MiB
     */
    public SandboxBuilder memoryLimit(String size) {
        return memoryLimit(ResourceLimits.parseMemory(Objects.requireNonNull(size, "size")));
    }

    /**
     * How many CPUs' worth of time the sandbox may use, for example {@code 1.5}; from 0.1 to 1024,
     * or 0 for the default: three quarters of the engine host's CPUs, at least one.
     *
     * @throws InvalidSpecException when out of range
     */
    public SandboxBuilder cpus(double count) {
        this.limits = new ResourceLimits(limits.memoryBytes(), count, limits.pids());
        return this;
    }

    /**
     * The most processes and threads the sandbox may run at once (a fork bomb stops there); from
     * 32 to 4194304, or 0 for the default 4096.
     *
     * @throws InvalidSpecException when out of range
     */
    public SandboxBuilder pidsLimit(long count) {
        this.limits = new ResourceLimits(limits.memoryBytes(), limits.cpus(), count);
        return this;
    }

    /**
     * Whether a rootful engine may run the sandbox without a user namespace of its own. By default
     * (false) a sandbox on a rootful Podman runs in one ({@code userns=auto}: uid 0 inside is an
     * unprivileged uid of the host's {@code containers} range, and the project and volumes are
     * handed to that range), and the start is refused when the engine has no such range. True
     * accepts that uid 0 inside is the host's root (capabilities dropped, but one kernel bug away
     * from the host) and leaves the project's ownership alone. No effect on a rootless engine.
     */
    public SandboxBuilder allowRootfulEngine(boolean allowed) {
        this.allowRootfulEngine = allowed;
        return this;
    }

    /** Adds a label to the container (keys starting with {@code dev.mino.} are reserved). */
    public SandboxBuilder label(String key, String value) {
        if (key == null || key.isEmpty() || key.startsWith("dev.mino.") || key.indexOf('=') >= 0
            || key.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new InvalidSpecException("label key '" + (key == null ? "null" : Checks.printable(key))
                + "' is not allowed", "use a non-empty key without '=', spaces, or the dev.mino. prefix");
        }
        if (value == null || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidSpecException("label " + key + " has a null value or control characters",
                "use printable text");
        }
        labels.put(key, value);
        return this;
    }

    /**
     * The Podman service to use, instead of discovering one:
     * <ul>
     *   <li>{@code unix:///path/to/podman.sock} or {@code tcp://host:port};</li>
     *   <li>{@code ssh://user@host[:port][/path/to/podman.sock]}, as Podman's remote client names
     *       it ({@code CONTAINER_SSHKEY} names the key): every connection runs
     *       {@code ssh ... podman system dial-stdio};</li>
     *   <li>{@code orbstack://<vm>}, or {@code orbstack:} for the VM of the configuration
     *       ({@code vm.name}, default {@code mino}): Podman in that OrbStack VM, which is created
     *       (from {@code vm.distro}), started and set up for rootless Podman first if need be, each
     *       step reported to the {@linkplain #listener(SandboxListener) listener}.</li>
     * </ul>
     * Default: discovered ({@code CONTAINER_HOST}, then the usual socket paths, then on macOS the
     * configured OrbStack VM).
     *
     * @throws InvalidSpecException when the value is none of these forms, for example an OrbStack VM
     *     name that could be taken for an option
     */
    public SandboxBuilder engine(String containerHost) {
        try {
            this.engine = EngineAddress.parse(Objects.requireNonNull(containerHost, "containerHost")).uri();
        } catch (MinoException e) {
            throw new InvalidSpecException(e.getMessage(), e.hint());
        }
        return this;
    }

    /**
     * Where session records and the audit log live. Default: the platform's state directory
     * ({@code $XDG_STATE_HOME/mino} or {@code ~/.local/state/mino} on Linux).
     */
    public SandboxBuilder stateDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new InvalidSpecException("state directory '" + directory + "' is relative", "pass an absolute path");
        }
        this.stateDirectory = directory.normalize();
        return this;
    }

    /** Whether to append this sandbox's events to the audit log (default true). */
    public SandboxBuilder auditLog(boolean enabled) {
        this.auditLog = enabled;
        return this;
    }

    /** Receives progress and warnings while the sandbox starts and runs. */
    public SandboxBuilder listener(SandboxListener value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /** The validated, immutable spec of these settings. */
    public SandboxSpec build() {
        List<String> layerNames = new ArrayList<>(layers);
        String runImage = image;
        if (image != null) {
            ImageAlias alias = ImageAlias.resolve(image, baseImage);
            if (alias.kind() == ImageAlias.Kind.LAYER) {
                if (layerNames.isEmpty()) {
                    layerNames.add(alias.target());
                }
                runImage = null;
            } else {
                runImage = alias.target();
            }
        }
        if (runImage == null && layerNames.isEmpty()) {
            throw new InvalidSpecException("no image is set", "call image(...) with the image to run, or layers(...)");
        }
        if (!layerNames.isEmpty()) {
            // The composed image replaces whatever image was named.
            runImage = baseImage;
        }
        Path projectDir = project != null ? project
            : realDirectory(Path.of(System.getProperty("user.dir")).toAbsolutePath(), "project");
        String dir = workdir != null ? workdir : Workdirs.forProject(projectDir);
        Set<String> targets = new HashSet<>();
        targets.add(dir);
        for (MountSpec mount : mounts) {
            if (!targets.add(mount.containerPath())) {
                throw new InvalidSpecException("two mounts have the same container path " + mount.containerPath(),
                    "give each volume its own container path (the project is at " + dir + ")");
            }
        }
        Decided decided = decide();
        NetworkPolicy network = NetworkPolicies.resolve(explicitNetwork, explicitPreset, configNetwork,
            decided.registries(), presetHosts, projectDir, runtime.environment());
        if (!upstreamDns.isEmpty() && network.mode() != NetworkMode.ALLOWLIST) {
            throw new InvalidSpecException("upstreamDns(...) is set, but the network is " + network.describe()
                + ": only an allowlist has mino's resolver, which forwards to them",
                "use an allowlist, or leave upstreamDns unset (other modes use Podman's resolvers)");
        }
        return SandboxSpec.builder().project(projectDir).workdir(dir).image(runImage).command(command).env(env)
            .mounts(mounts).name(name).readOnly(readOnly).tty(tty).attach(attach).engine(engineToUse()).labels(labels)
            .stateDirectory(stateDirectory).auditLog(auditLog).detached(detached).terminalRows(terminalRows)
            .terminalColumns(terminalColumns).network(network).firewallImage(firewallImage)
            .podmanNetwork(podmanNetwork).layers(layerNames).baseImage(baseImage)
            .trustProjectLayers(trustProjectLayers).trustedLayers(decided.trustedLayers()).cache(cache)
            .cacheFresh(cacheFresh).home(home).user(user).credentials(decided.credentials())
            .strictCredentials(strictCredentials).credentialPlaceholders(placeholders.build()).sshAgent(sshAgent)
            .sshAgentSocket(sshAgentSocket).limits(limits).allowRootfulEngine(allowRootfulEngine)
            .upstreamDns(upstreamDns).build();
    }

    /**
     * What a builder from {@link Mino#project(Path)} decides once the request is final, and the
     * providers switched on by name: the project's layers trusted (and pinned), the user's
     * registries for a preset, the credential providers. Without either, the settings as set.
     */
    private Decided decide() {
        if (projectSetup == null && credentialSwitches.isEmpty()) {
            return new Decided(registryHosts, trustedLayers, credentials);
        }
        LayerFingerprint pinned = trustedLayers;
        RegistryHosts registries = registryHosts;
        List<CredentialProvider> providers = new ArrayList<>(credentials);
        if (projectSetup != null) {
            // An explicit trust decision of the caller stands; otherwise the project's rules decide.
            if (pinned == null && !trustProjectLayers) {
                pinned = projectSetup.projectLayers(layers, false, askTrust, listener)
                    .map(ProjectLayerTrust.Check::fingerprint).orElse(null);
            }
            if (registries == null) {
                registries = projectSetup.registries(explicitPreset != null, listener);
            }
            providers.addAll(projectSetup.credentials(credentialSwitches, strictCredentials, listener));
        } else {
            if (namedProviders == null) {
                namedProviders = new NamedProviders(MinoConfig.defaults().credentials(), false, runtime.environment());
            }
            providers.addAll(namedProviders.providers(credentialSwitches, strictCredentials, listener));
        }
        return new Decided(registries, pinned, providers);
    }

    /** The settings {@link #decide()} completes. */
    private record Decided(RegistryHosts registries, LayerFingerprint trustedLayers,
                           List<CredentialProvider> credentials) {
    }

    /**
     * The project's own layers ({@code .mino/layers}) this sandbox may use, decided now rather than
     * when it is built: on a builder from {@link Mino#project(Path)}, they are used when trusted in
     * exactly their present content, trusted always, or approved by the
     * {@link dev.mino.core.config.TrustDecider}, which is asked when the layers set so far name one
     * of them. The decision holds for this builder, pinned to the content judged. Empty when the
     * project has none, they are not trusted or not needed, or the builder is not a project's (or
     * the caller decided with {@link #trustProjectLayers(boolean)}).
     *
     * @throws InvalidSpecException when the layer tree cannot be used and a layer set asks for one of them
     */
    public Optional<ProjectLayers> projectLayers() {
        return decideProjectLayers(false);
    }

    /**
     * Like {@link #projectLayers()}, for a caller that offers the project's layers to choose from
     * (a menu of layers): the trust decider is asked even if no layer of the project is set yet.
     *
     * @throws InvalidSpecException when the layer tree cannot be used and a layer set asks for one of them
     */
    public Optional<ProjectLayers> offerProjectLayers() {
        return decideProjectLayers(true);
    }

    private Optional<ProjectLayers> decideProjectLayers(boolean offered) {
        if (projectSetup == null || trustedLayers != null || trustProjectLayers) {
            return Optional.empty();
        }
        return projectSetup.projectLayers(layers, offered, askTrust, listener).map(ProjectLayerTrust.Check::layers);
    }

    /**
     * Whether the {@link dev.mino.core.config.TrustDecider} of the {@link Mino} may be asked for
     * this sandbox (default true). False for a preview that should ask nothing, such as
     * {@code mino run --dry-run}: untrusted project layers are then left out as without a decider.
     */
    public SandboxBuilder askTrust(boolean allowed) {
        this.askTrust = allowed;
        return this;
    }

    /** Makes this builder a project's: see {@link Mino#project(Path, dev.mino.core.config.LoadedConfig)}. */
    SandboxBuilder projectSetup(ProjectSetup setup) {
        this.projectSetup = setup;
        return this;
    }

    /**
     * The engine as the spec names it: {@code orbstack:} becomes the configured VM's
     * {@code orbstack://<vm.name>}. Where that VM may be used (named so, or discovery on macOS),
     * its name and distribution are checked now, before anything runs.
     */
    private String engineToUse() {
        boolean orbStack = engine != null && engine.startsWith("orbstack:");
        if (orbStack || (engine == null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac"))) {
            try {
                OrbStackEngine.validate(vm);
            } catch (MinoException e) {
                throw new InvalidSpecException(e.getMessage(), e.hint());
            }
        }
        return orbStack && engine.equals(new EngineAddress.OrbStackVm(null).uri())
            ? new EngineAddress.OrbStackVm(vm.name()).uri() : engine;
    }

    /**
     * The plan: exactly what {@link #start()} would ask of Podman now, made by the same code as a
     * start, so that the firewall, the credentials' secrets and command wrapper, and the SSH agent
     * relay's socket show as a start creates them. It reads the engine (its kind, the base image's
     * id that names a composed image, mino's pinned firewall image, the image's entrypoint and
     * command for the credentials' wrapper, the caches' state) and so needs one, but creates,
     * pulls, builds and mints nothing: credentials are planned from their providers'
     * declarations ({@link CredentialProvider#planned()}), without a token minted or the
     * credential cache read. See {@link SandboxPlan} for where a start can still differ (a
     * provider that fails, a relay folder and a session name of its own).
     *
     * @throws PodmanConnectionException when no engine answers
     * @throws MinoException when the plan needs something the engine lacks (mino's firewall image
     *     for an allowlist, the image of a sandbox with credentials), as a start would
     */
    public SandboxPlan plan() {
        return SandboxLauncher.plan(runtime, build(), listener, vm);
    }

    /**
     * Makes sure the image this builder's sandboxes run is on the engine, without starting anything:
     * with layers, the composed image is built when missing (progress goes to the listener), which
     * an IDE can do in the background so that the first start is quick (a missing base image is
     * pulled first); a plain image must exist already, since it is not pulled. Cheap when there is
     * nothing to do: two engine round trips (the base image's id, the composed tag) after reading
     * the layers' manifests.
     *
     * @return the image reference the sandbox will run
     * @throws ImageBuildException when the composed image fails to build
     * @throws PodmanNotFoundException when a plain image is not on the engine
     */
    public String prepareImage() {
        return SandboxLauncher.prepareImage(runtime, build(), listener, vm);
    }

    /**
     * Creates and starts the sandbox. On failure everything created so far is removed again.
     *
     * @throws MinoException when the engine cannot be reached or refuses the container, or the
     *     {@link Mino} this builder came from is closed
     */
    public Sandbox start() {
        SandboxSpec spec = build();
        if (projectSetup != null && spec.stateDirectory() != null) {
            projectSetup.cleanUpSessions(new Sessions(runtime, spec.stateDirectory(), engine));
        }
        return SandboxLauncher.start(runtime, spec, listener, vm);
    }

    private static Path realDirectory(Path path, String what) {
        Path real = realPath(path, what);
        if (!Files.isDirectory(real)) {
            throw new InvalidSpecException(what + " path '" + path + "' is not a directory", "pass a directory");
        }
        return real;
    }

    private static Path realPath(Path path, String what) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            throw new InvalidSpecException(what + " '" + path + "' does not exist", "create it first or fix the path");
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new InvalidSpecException(what + " '" + path + "' cannot be resolved: " + e.getMessage(),
                "check that it exists and that dangling symbolic links are not involved");
        }
    }
}
