package dev.mino.core.config;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.internal.config.ConfigLoader;
import dev.mino.core.internal.config.ConfigSchema;
import dev.mino.core.internal.config.PresetHostsCheck;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mino's effective configuration: every key of {@code config.toml} and {@code .mino.toml},
 * typed, with its default. Instances are immutable; lists and maps are unmodifiable copies.
 *
 * <p>Settings that may be absent are {@link Optional}s (never null); every other component is
 * non-null. Whole numbers that upstream mino keeps as unsigned 32-bit values are {@code long}s
 * between 0 and 4294967295, checked on construction.
 *
 * <p>Get one with {@link #defaults()}, or from the files with {@link #load(ConfigOptions)};
 * {@link #toToml()} renders it the way {@code mino config show} prints it.
 *
 * @param general logging, audit log and update check
 * @param vm the OrbStack virtual machine used on macOS
 * @param container the container a session runs in
 * @param credentials the cloud credentials injected into sessions
 * @param session sessions' shell and clean-up
 * @param cache the dependency cache volumes
 * @param home the persistent home volumes
 */
public record MinoConfig(
    General general,
    Vm vm,
    Container container,
    Credentials credentials,
    Session session,
    Cache cache,
    Home home) {

    /** The image Mino composes layers on; the port's {@code container.base_image} default. */
    public static final String DEFAULT_BASE_IMAGE = dev.mino.layers.CompositionPlan.DEFAULT_BASE_IMAGE;

    /** The default {@code container.image}; a session with exactly this image counts as using the default. */
    public static final String DEFAULT_IMAGE = "fedora:43";

    /** The default {@code container.workdir}; with exactly this value the workdir follows the project's folder name. */
    public static final String DEFAULT_WORKDIR = "/workspace";

    /** The name of a project's local configuration file, looked for from the working directory upwards. */
    public static final String LOCAL_FILE_NAME = ".mino.toml";

    /** The name of the global configuration file in the configuration directory. */
    public static final String GLOBAL_FILE_NAME = "config.toml";

    private static final MinoConfig DEFAULTS = new MinoConfig(
        new General(false, "text", true, true),
        new Vm("mino", "fedora"),
        new Container(DEFAULT_IMAGE, Map.of(), List.of(), "bridge", DEFAULT_WORKDIR, List.of(), Optional.empty(),
            List.of(), false, DEFAULT_BASE_IMAGE, Map.of(), "", "", dev.mino.core.ResourceLimits.DEFAULT_PIDS, false),
        new Credentials(
            new Aws(false, 3600, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            new Gcp(false, Optional.empty(), Optional.empty()),
            new Azure(false, Optional.empty(), Optional.empty()),
            new Github("github.com")),
        new Session("/bin/bash", 720),
        new Cache(true, 30, 50),
        new Home(true));

    /**
     * @throws NullPointerException if a section is null
     */
    public MinoConfig {
        Objects.requireNonNull(general, "general");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(home, "home");
    }

    /** The configuration with every key at its default, as used when no file exists. */
    public static MinoConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Loads the global file, finds and trust-checks the local {@code .mino.toml}, deep-merges
     * them and types the result.
     *
     * @param options where to look and how to treat untrusted local files
     * @return the configuration, the files used and the warnings to show
     * @throws ConfigException when a file cannot be read, is larger than 1 MiB, is not TOML, holds
     *     a value of the wrong type, or an environment variable has an invalid value; when the local
     *     file is a symbolic link; also when a trust decision cannot be saved
     */
    public static LoadedConfig load(ConfigOptions options) {
        return ConfigLoader.load(options);
    }

    /**
     * Looks for {@value #LOCAL_FILE_NAME} as a regular file in the directory and each of its
     * parents up to the file-system root, and returns the first one found. Symbolic links in the
     * start directory are resolved first, as the process working directory has them resolved. A
     * symbolic link named {@value #LOCAL_FILE_NAME} is returned too, whatever it points to:
     * {@link #load(ConfigOptions)} refuses it, since trust belongs to a folder's own file.
     *
     * @param startDirectory where the search starts, normally the working directory
     */
    public static Optional<Path> findLocalFile(Path startDirectory) {
        return ConfigLoader.findLocalFile(startDirectory);
    }

    /** This configuration as pretty TOML, as {@code mino config show} prints it; see {@link ConfigRenderer#render(MinoConfig)}. */
    public String toToml() {
        return ConfigRenderer.render(this);
    }

    /** A copy with another {@code [general]} section. */
    public MinoConfig withGeneral(General value) {
        return new MinoConfig(value, vm, container, credentials, session, cache, home);
    }

    /** A copy with another {@code [vm]} section. */
    public MinoConfig withVm(Vm value) {
        return new MinoConfig(general, value, container, credentials, session, cache, home);
    }

    /** A copy with another {@code [container]} section. */
    public MinoConfig withContainer(Container value) {
        return new MinoConfig(general, vm, value, credentials, session, cache, home);
    }

    /** A copy with other {@code [credentials.*]} sections. */
    public MinoConfig withCredentials(Credentials value) {
        return new MinoConfig(general, vm, container, value, session, cache, home);
    }

    /** A copy with another {@code [session]} section. */
    public MinoConfig withSession(Session value) {
        return new MinoConfig(general, vm, container, credentials, value, cache, home);
    }

    /** A copy with another {@code [cache]} section. */
    public MinoConfig withCache(Cache value) {
        return new MinoConfig(general, vm, container, credentials, session, value, home);
    }

    /** A copy with another {@code [home]} section. */
    public MinoConfig withHome(Home value) {
        return new MinoConfig(general, vm, container, credentials, session, cache, value);
    }

    /**
     * The {@code [general]} section.
     *
     * @param verbose {@code general.verbose}; read but unused, as in upstream mino
     * @param logFormat {@code general.log_format} ("text" or "json"); read but unused
     * @param auditLog {@code general.audit_log}: whether sessions are recorded in the audit log
     * @param updateCheck {@code general.update_check}: whether newer releases are looked for
     */
    public record General(boolean verbose, String logFormat, boolean auditLog, boolean updateCheck) {
        /** @throws NullPointerException if logFormat is null */
        public General {
            Objects.requireNonNull(logFormat, "logFormat");
        }
    }

    /**
     * The {@code [vm]} section, used on macOS only.
     *
     * @param name {@code vm.name}: the OrbStack machine's name
     * @param distro {@code vm.distro}: the distribution the machine is created with
     */
    public record Vm(String name, String distro) {
        /** @throws NullPointerException if a value is null */
        public Vm {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(distro, "distro");
        }
    }

    /**
     * The {@code [container]} section.
     *
     * @param image {@code container.image}: image or alias; ignored when layers are set
     * @param env {@code container.env}: extra environment variables, sorted by name
     * @param volumes {@code container.volumes}: extra {@code host:container[:options]} mounts
     * @param network {@code container.network}: {@code bridge}, {@code host} or {@code none}
     * @param workdir {@code container.workdir}; {@value MinoConfig#DEFAULT_WORKDIR} means "derive from the project"
     * @param networkAllow {@code container.network_allow}: {@code host:port} egress rules
     * @param networkPreset {@code container.network_preset}: {@code dev} or {@code registries}, if set
     * @param layers {@code container.layers}: layers to compose; non-empty overrides the image
     * @param readOnly {@code container.read_only}: make the root filesystem read-only (the project stays writable)
     * @param baseImage {@code container.base_image}: the image layers are composed on
     * @param networkPresetHosts {@code container.network_preset_hosts}: for a preset name, the
     *     {@code host:port} destinations added at the end of that preset (a corporate mirror, say);
     *     sorted by preset name
     * @param memory {@code container.memory}: the sandbox's memory limit as a size such as
     *     {@code "4g"}; empty for the default (half the engine host's memory, at most 16g)
     * @param cpus {@code container.cpus}: the sandbox's CPU limit as a number such as {@code "1.5"};
     *     empty for the default (three quarters of the engine host's CPUs, at least 1)
     * @param pidsLimit {@code container.pids_limit}: the most processes at once; 0 for the default 4096
     * @param allowRootfulEngine {@code container.allow_rootful_engine}: run on a rootful engine
     *     without a user namespace of the sandbox's own (uid 0 inside is then the host's root)
     */
    public record Container(
        String image,
        Map<String, String> env,
        List<String> volumes,
        String network,
        String workdir,
        List<String> networkAllow,
        Optional<String> networkPreset,
        List<String> layers,
        boolean readOnly,
        String baseImage,
        Map<String, List<String>> networkPresetHosts,
        String memory,
        String cpus,
        long pidsLimit,
        boolean allowRootfulEngine) {

        /**
         * @throws NullPointerException if a value, list item, map key or map value is null
         * @throws InvalidSpecException if {@code networkPresetHosts} names an unknown preset or
         *     holds an entry that is not a {@code host:port} destination, or a limit is not valid
         */
        public Container {
            Objects.requireNonNull(image, "image");
            env = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(env, "env")));
            env.forEach((k, v) -> Objects.requireNonNull(v, "env value"));
            volumes = List.copyOf(volumes);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(workdir, "workdir");
            networkAllow = List.copyOf(networkAllow);
            Objects.requireNonNull(networkPreset, "networkPreset");
            layers = List.copyOf(layers);
            Objects.requireNonNull(baseImage, "baseImage");
            Map<String, List<String>> hosts = new TreeMap<>();
            Objects.requireNonNull(networkPresetHosts, "networkPresetHosts")
                .forEach((preset, rules) -> hosts.put(Objects.requireNonNull(preset, "preset"), List.copyOf(rules)));
            networkPresetHosts = Collections.unmodifiableMap(hosts);
            PresetHostsCheck.check(networkPresetHosts).ifPresent(problem -> {
                throw new InvalidSpecException(problem.message(), problem.hint());
            });
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(cpus, "cpus");
            checkU32("container.pids_limit", pidsLimit);
            // Checked here so that a bad value fails when the config is loaded, naming the key.
            checkLimit("container.memory", () -> new dev.mino.core.ResourceLimits(
                dev.mino.core.ResourceLimits.parseMemory(memory), 0, 0));
            checkLimit("container.cpus", () -> new dev.mino.core.ResourceLimits(0,
                dev.mino.core.ResourceLimits.parseCpus(cpus), 0));
            checkLimit("container.pids_limit", () -> new dev.mino.core.ResourceLimits(0, 0, pidsLimit));
        }

        /**
         * A section with the default limits; the form of this record before {@code memory},
         * {@code cpus}, {@code pids_limit} and {@code allow_rootful_engine} existed.
         *
         * @throws NullPointerException if a value, list item, map key or map value is null
         */
        public Container(String image, Map<String, String> env, List<String> volumes, String network,
                         String workdir, List<String> networkAllow, Optional<String> networkPreset,
                         List<String> layers, boolean readOnly, String baseImage,
                         Map<String, List<String>> networkPresetHosts) {
            this(image, env, volumes, network, workdir, networkAllow, networkPreset, layers, readOnly, baseImage,
                networkPresetHosts, "", "", dev.mino.core.ResourceLimits.DEFAULT_PIDS, false);
        }

        /** A copy running {@code newImage}, everything else kept. */
        public Container withImage(String newImage) {
            return new Container(newImage, env, volumes, network, workdir, networkAllow, networkPreset, layers,
                readOnly, baseImage, networkPresetHosts, memory, cpus, pidsLimit, allowRootfulEngine);
        }

        /**
         * A section without extra preset hosts; the form of this record before
         * {@code network_preset_hosts} existed.
         *
         * @throws NullPointerException if a value, list item, map key or map value is null
         */
        public Container(String image, Map<String, String> env, List<String> volumes, String network,
                         String workdir, List<String> networkAllow, Optional<String> networkPreset,
                         List<String> layers, boolean readOnly, String baseImage) {
            this(image, env, volumes, network, workdir, networkAllow, networkPreset, layers, readOnly, baseImage,
                Map.of());
        }
    }

    /**
     * The {@code [credentials.*]} sections.
     *
     * @param aws {@code [credentials.aws]}
     * @param gcp {@code [credentials.gcp]}
     * @param azure {@code [credentials.azure]}
     * @param github {@code [credentials.github]}
     * @param placeholders {@code credentials.placeholders} and each provider's
     *     {@code placeholder_hosts} (not in mino 1.6.0)
     */
    public record Credentials(Aws aws, Gcp gcp, Azure azure, Github github, Placeholders placeholders) {
        /** @throws NullPointerException if a section is null */
        public Credentials {
            Objects.requireNonNull(aws, "aws");
            Objects.requireNonNull(gcp, "gcp");
            Objects.requireNonNull(azure, "azure");
            Objects.requireNonNull(github, "github");
            Objects.requireNonNull(placeholders, "placeholders");
        }

        /** The sections of mino 1.6.0, without placeholders. */
        public Credentials(Aws aws, Gcp gcp, Azure azure, Github github) {
            this(aws, gcp, azure, github, Placeholders.NONE);
        }
    }

    /**
     * Credential placeholders (not in mino 1.6.0): {@code credentials.placeholders} gives every
     * provider's credentials to sandboxes as placeholders, swapped for the real ones by mino's
     * proxy on the provider's hosts; {@code credentials.<provider>.placeholder_hosts} names those
     * hosts instead of the defaults.
     *
     * @param enabled {@code credentials.placeholders}
     * @param hosts per provider ({@code aws}, {@code gcp}, {@code azure}, {@code github}), its
     *     {@code placeholder_hosts} when set (an empty list means the defaults)
     */
    public record Placeholders(boolean enabled, Map<String, List<String>> hosts) {
        /** Off, with the default hosts. */
        public static final Placeholders NONE = new Placeholders(false, Map.of());

        /** Copies the hosts. */
        public Placeholders {
            Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
            hosts.forEach((provider, list) -> copy.put(provider, List.copyOf(list)));
            hosts = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /**
     * The {@code [credentials.aws]} section.
     *
     * @param enabled {@code credentials.aws.enabled}: inject AWS credentials
     * @param sessionDurationSecs {@code credentials.aws.session_duration_secs}: token lifetime
     * @param roleArn {@code credentials.aws.role_arn}: role to assume, if any
     * @param externalId {@code credentials.aws.external_id}: external id for assuming the role, if any
     * @param profile {@code credentials.aws.profile}: AWS profile, if any
     * @param region {@code credentials.aws.region}: AWS region, if any
     */
    public record Aws(
        boolean enabled,
        long sessionDurationSecs,
        Optional<String> roleArn,
        Optional<String> externalId,
        Optional<String> profile,
        Optional<String> region) {

        /**
         * @throws InvalidSpecException if sessionDurationSecs is outside 0 to 4294967295
         * @throws NullPointerException if an optional is null
         */
        public Aws {
            checkU32("credentials.aws.session_duration_secs", sessionDurationSecs);
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(externalId, "externalId");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(region, "region");
        }
    }

    /**
     * The {@code [credentials.gcp]} section.
     *
     * @param enabled {@code credentials.gcp.enabled}: inject a GCP access token
     * @param project {@code credentials.gcp.project}: project, if any
     * @param serviceAccount {@code credentials.gcp.service_account}: account to impersonate, if any
     */
    public record Gcp(boolean enabled, Optional<String> project, Optional<String> serviceAccount) {
        /** @throws NullPointerException if an optional is null */
        public Gcp {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(serviceAccount, "serviceAccount");
        }
    }

    /**
     * The {@code [credentials.azure]} section.
     *
     * @param enabled {@code credentials.azure.enabled}: inject an Azure access token
     * @param subscription {@code credentials.azure.subscription}: subscription, if any
     * @param tenant {@code credentials.azure.tenant}: tenant, if any
     */
    public record Azure(boolean enabled, Optional<String> subscription, Optional<String> tenant) {
        /** @throws NullPointerException if an optional is null */
        public Azure {
            Objects.requireNonNull(subscription, "subscription");
            Objects.requireNonNull(tenant, "tenant");
        }
    }

    /**
     * The {@code [credentials.github]} section.
     *
     * @param host {@code credentials.github.host}: the GitHub host whose token is injected
     */
    public record Github(String host) {
        /** @throws NullPointerException if host is null */
        public Github {
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * The {@code [session]} section.
     *
     * @param shell {@code session.shell}: the shell started when no command is given
     * @param autoCleanupHours {@code session.auto_cleanup_hours}: age after which ended sessions
     *     are removed; 0 keeps them
     */
    public record Session(String shell, long autoCleanupHours) {
        /**
         * @throws InvalidSpecException if autoCleanupHours is outside 0 to 4294967295
         * @throws NullPointerException if shell is null
         */
        public Session {
            Objects.requireNonNull(shell, "shell");
            checkU32("session.auto_cleanup_hours", autoCleanupHours);
        }
    }

    /**
     * The {@code [cache]} section.
     *
     * @param enabled {@code cache.enabled}: use dependency cache volumes
     * @param gcDays {@code cache.gc_days}: default age for {@code cache gc}; 0 disables age-based removal
     * @param maxTotalGb {@code cache.max_total_gb}: size budget of all caches; 0 disables the size warning
     */
    public record Cache(boolean enabled, long gcDays, long maxTotalGb) {
        /** @throws InvalidSpecException if a number is outside 0 to 4294967295 */
        public Cache {
            checkU32("cache.gc_days", gcDays);
            checkU32("cache.max_total_gb", maxTotalGb);
        }
    }

    /**
     * The {@code [home]} section.
     *
     * @param enabled {@code home.enabled}: keep the container's home directory in a volume
     */
    public record Home(boolean enabled) {
    }

    private static void checkLimit(String key, Runnable check) {
        try {
            check.run();
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(key + ": " + e.getMessage(), e.hint());
        }
    }

    private static void checkU32(String key, long value) {
        if (value < 0 || value > ConfigSchema.U32_MAX) {
            throw new InvalidSpecException(key + " must be a whole number from 0 to " + ConfigSchema.U32_MAX
                + ", got " + value, "Use a value from 0 to " + ConfigSchema.U32_MAX);
        }
    }
}
