package dev.mino.core;

import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.config.TrustDecider;
import dev.mino.core.config.TrustQuestion;
import dev.mino.core.config.TrustStore;
import dev.mino.core.internal.config.ConfigLoader;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.state.MinoPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The root object of the library: one engine, one state directory, one environment and one
 * listener, with the connections and threads they need, from which sandboxes, sessions, caches
 * and engine facts come. {@link #close()} releases all of it, so that a program that loads and
 * unloads Mino (an IDE plugin, a build daemon) leaves nothing behind: no connection, no thread,
 * no shutdown hook, no sandbox it started. Two Minos share nothing: each has its own connections,
 * its own record of open sandboxes and its own once-only warnings.
 *
 * <pre>{@code
 * try (Mino mino = Mino.builder()
 *         .stateDirectory(Path.of("/home/me/.local/state/my-plugin"))
 *         .listener(listener)
 *         .build();
 *      Sandbox sb = mino.sandbox()
 *         .project(Path.of("/home/me/app"))
 *         .image("localhost/tools:1.0")
 *         .command("sleep", "infinity")
 *         .start()) {
 *     ExecResult r = sb.exec("make", "test");
 *     List<SessionInfo> sessions = mino.sessions().list();
 * }
 * }</pre>
 *
 * <p>{@link #project(Path)} gives a builder with a folder's configuration applied exactly as
 * {@code mino run} applies it (global and local config, {@code MINO_LAYERS}, credentials, the
 * project's layers through the {@linkplain Builder#trustDecider trust decider}); later calls on it
 * override the configuration as {@code mino run}'s options do.
 *
 * <p>Immutable apart from being closed, and thread-safe. {@link Sandbox#builder()} and the static
 * entry points ({@link Sessions#at}, {@link Caches#at}, {@link EngineInfo#probe},
 * {@link EngineImages#discover}, {@link FirewallImage#at}) use a default Mino of the JVM that is
 * never closed.
 */
public final class Mino implements AutoCloseable {
    private final String engine;
    private final Path stateDirectory;
    private final Map<String, String> environment;
    /** The variable naming the layers a project's sandbox uses, over the configuration's. */
    public static final String MINO_LAYERS = "MINO_LAYERS";

    private final SandboxListener listener;
    private final MinoRuntime runtime;
    private final Path configDirectory;
    private final Path configFile;
    private final boolean localConfig;
    private final boolean trustLocal;
    private final TrustDecider trustDecider;

    private Mino(Builder builder, Path stateDirectory) {
        this.engine = builder.engine;
        this.stateDirectory = stateDirectory;
        this.environment = builder.environment;
        this.listener = builder.listener;
        this.configDirectory = builder.configDirectory;
        this.configFile = builder.configFile;
        this.localConfig = builder.localConfig;
        this.trustLocal = builder.trustLocal;
        this.trustDecider = builder.trustDecider;
        this.runtime = new MinoRuntime(environment);
    }

    /** A builder of a Mino; without settings it is the same as {@link #create()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A Mino with everything taken from the process: the engine discovered as {@code CONTAINER_HOST}
     * and the usual sockets say, the platform's state directory, no listener.
     *
     * @throws MinoException when the platform's state directory cannot be told (no home folder)
     */
    public static Mino create() {
        return builder().build();
    }

    /** The engine set with {@link Builder#engine(String)}; empty when it is discovered at each use. */
    public Optional<String> engine() {
        return Optional.ofNullable(engine);
    }

    /** Where its session records, audit log, cache records and firewall image pin live. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** The environment variables it reads, unmodifiable. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The listener its sandboxes and its firewall image report to, unless told otherwise. */
    public SandboxListener listener() {
        return listener;
    }

    /**
     * A builder of a sandbox of this Mino: its engine, state directory and listener are set
     * already (each may be set again on the builder), and the sandbox uses this Mino's connections
     * and threads. A sandbox started from it that is not {@link SandboxBuilder#detached(boolean)
     * detached} is removed when this Mino is closed, or else when the JVM exits.
     *
     * @throws MinoException when this Mino is closed
     */
    public SandboxBuilder sandbox() {
        runtime.requireOpen();
        SandboxBuilder builder = new SandboxBuilder(runtime).stateDirectory(stateDirectory).listener(listener);
        if (engine != null) {
            builder.engine(engine);
        }
        return builder;
    }

    /**
     * A builder of a sandbox on the project in {@code directory}, with the project's configuration
     * applied exactly as {@code mino run} (run in that folder, without options) applies it: the
     * global configuration ({@link Builder#configFile(Path)}, else {@code MINO_CONFIG} of the
     * environment, else {@code config.toml} in the {@linkplain Builder#configDirectory(Path)
     * configuration directory}), then the folder's {@code .mino.toml} (looked for from the folder
     * upwards), which must be trusted when it sets security-sensitive fields. Warnings of the
     * load go to this Mino's listener with their {@link WarningCodes codes}. See
     * {@link #project(Path, LoadedConfig)} for what is applied and when it is decided.
     *
     * <pre>{@code
     * try (Mino mino = Mino.builder().trustDecider(question -> myDialog.ask(question)).build()) {
     *     SandboxPlan plan = mino.project(Path.of("/home/me/app")).plan();  // as mino run --dry-run
     *     Sandbox sandbox = mino.project(Path.of("/home/me/app"))
     *         .credentials("aws", true)          // as --aws, over [credentials]
     *         .command("make", "test").attach(true).start();
     * }
     * }</pre>
     *
     * @param directory the project folder, absolute and existing
     * @throws dev.mino.core.config.ConfigException when a configuration file cannot be read or is invalid
     * @throws InvalidSpecException when the folder is not an absolute path of a folder, or the
     *     configuration holds a value the builder refuses
     * @throws MinoException when this Mino is closed
     */
    public SandboxBuilder project(Path directory) {
        LoadedConfig loaded = ConfigLoader.load(configOptions(requireAbsolute(directory)));
        loaded.codedWarnings().forEach(listener::onEvent);
        return project(directory, loaded);
    }

    /**
     * A builder of a sandbox on the project in {@code directory} with {@code config} applied as
     * {@code mino run} applies it, for a caller that loaded it already ({@link #loadConfig(Path)},
     * or with {@link MinoConfig#load(ConfigOptions)} and options of its own, as a command line
     * does). Applied at once, and overridden by any later call on the builder whatever its order,
     * as {@code mino run}'s options override the configuration: the image or layers (then
     * {@code MINO_LAYERS} of the environment over the configuration's layers and image; a later
     * {@link SandboxBuilder#image(String)} or {@link SandboxBuilder#layers(String...)} wins over
     * both), environment, volumes, read-only root, network (an explicit network or preset wins),
     * caches, home, resource limits and the rootful opt-in. Decided when the sandbox is built,
     * planned or started, on the request as it then is:
     * <ul>
     *   <li>the project's own layers ({@code .mino/layers}): used when trusted in exactly their
     *       present content; else, when the run asks for one of them, used after the
     *       {@linkplain Builder#trustDecider(TrustDecider) trust decider} says yes (recorded, and
     *       pinned to the content judged: a file changed afterwards does not get in) or when
     *       {@linkplain Builder#trustLocal(boolean) trusted always}; otherwise not used, with a
     *       warning whose code says why ({@link WarningCodes#PROJECT_LAYERS_DECLINED},
     *       {@link WarningCodes#PROJECT_LAYERS_NOT_TRUSTED});</li>
     *   <li>the credential providers: those {@code [credentials]} turns on and GitHub's, or as
     *       {@link SandboxBuilder#credentials(String, boolean)} switches them, created inside the
     *       library (a provider that cannot be created is a warning with code
     *       {@link WarningCodes#CREDENTIALS_UNAVAILABLE}, or with strict loading an error);</li>
     *   <li>the user's npm and Maven registries, looked up only when a network preset is in play,
     *       from the user's own configuration and never from the project.</li>
     * </ul>
     * A start first deletes the records of sessions that ended more than
     * {@code session.auto_cleanup_hours} ago, as {@code mino run} does.
     *
     * @param directory the project folder, absolute and existing
     * @param config the configuration to apply
     * @throws InvalidSpecException when the folder is not an absolute path of a folder, or the
     *     configuration holds a value the builder refuses
     * @throws MinoException when this Mino is closed
     */
    public SandboxBuilder project(Path directory, LoadedConfig config) {
        Objects.requireNonNull(config, "config");
        SandboxBuilder builder = sandbox().config(config.config()).project(requireAbsolute(directory));
        List<String> minoLayers = commaList(environment.get(MINO_LAYERS));
        if (!minoLayers.isEmpty()) {
            builder.layers(minoLayers);
        }
        ConfigOptions options = configOptions(directory);
        return builder.projectSetup(new ProjectSetup(config, realPath(directory), environment, trustDecider,
            options.trustLocal(), new TrustStore(options.trustStoreFile())));
    }

    /**
     * The configuration for a folder as this Mino reads it: the global file, then the
     * {@code .mino.toml} found from {@code workingDirectory} upwards, through the trust gate (the
     * {@linkplain Builder#trustDecider(TrustDecider) trust decider} is asked about an untrusted
     * one with sensitive fields). Its warnings name no command-line flag.
     *
     * @param workingDirectory where the search for {@code .mino.toml} starts, absolute
     * @throws dev.mino.core.config.ConfigException when a file cannot be read or is invalid
     */
    public LoadedConfig loadConfig(Path workingDirectory) {
        return ConfigLoader.load(configOptions(requireAbsolute(workingDirectory)));
    }

    /**
     * The options {@link #loadConfig(Path)} reads the configuration with, for a caller that loads it
     * with {@link MinoConfig#load(ConfigOptions)}: this
     * Mino's environment, configuration and state directories, global file, local-file search,
     * trust settings, and its trust decider as the prompt.
     *
     * @param workingDirectory where the search for {@code .mino.toml} starts, absolute
     */
    public ConfigOptions configOptions(Path workingDirectory) {
        TrustDecider decider = trustDecider;
        return ConfigOptions.builder()
            .environment(environment)
            .workingDirectory(requireAbsolute(workingDirectory))
            .configFile(configFile)
            .configDirectory(configDirectory)
            .stateDirectory(stateDirectory)
            .noLocal(!localConfig)
            .trustLocal(trustLocal)
            .trustPrompt(decider == null ? null
                : (file, fields) -> decider.trust(new TrustQuestion.LocalConfigFile(file, fields)))
            .build();
    }

    private static Path requireAbsolute(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new InvalidSpecException("project path '" + directory + "' is relative",
                "pass an absolute path, for example Path.of(\"" + directory + "\").toAbsolutePath()");
        }
        return directory;
    }

    // The builder checked the folder already; its real path is where the trust store keys its layers.
    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            throw new InvalidSpecException("project path '" + directory + "' cannot be resolved: " + e.getMessage(),
                "check that it exists");
        }
    }

    /** A comma-separated list, blanks around items and empty items dropped. */
    private static List<String> commaList(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",", -1)).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * The sessions of its state directory, checked against its engine. A handle from
     * {@link Sessions#open(String)} is let go (not removed) when this Mino is closed.
     *
     * @throws MinoException when this Mino is closed
     */
    public Sessions sessions() {
        runtime.requireOpen();
        return new Sessions(runtime, stateDirectory, engine);
    }

    /**
     * The dependency caches and home volumes on its engine, with their records in its state directory.
     *
     * @throws MinoException when this Mino is closed
     */
    public Caches caches() {
        runtime.requireOpen();
        return new Caches(runtime, stateDirectory, engine);
    }

    /**
     * Asks its engine what it is: version, rootless or not, cgroups, storage.
     *
     * @throws PodmanConnectionException when no engine answers, listing every place tried
     * @throws MinoException when this Mino is closed
     */
    public EngineInfo engineInfo() {
        runtime.requireOpen();
        return EngineInfo.probe(runtime, engine);
    }

    /**
     * The images on its engine: whether one is there, pulling one with progress.
     *
     * @throws MinoException when this Mino is closed
     */
    public EngineImages images() {
        runtime.requireOpen();
        return new EngineImages(runtime, engine);
    }

    /**
     * Mino's firewall image on its engine, pinned in its state directory, telling its listener the
     * steps of a build.
     *
     * @throws MinoException when this Mino is closed
     */
    public FirewallImage firewallImage() {
        runtime.requireOpen();
        return new FirewallImage(runtime, stateDirectory, engine, listener);
    }

    /** True once {@link #close()} was called: everything it gives then fails with a {@link MinoException}. */
    public boolean isClosed() {
        return runtime.isClosed();
    }

    /**
     * Releases everything: the sandboxes it started that are still open are stopped and removed
     * (with what belongs to them: firewall, secrets, SSH agent relay), as an IDE unloading a plugin
     * expects; detached sandboxes and sessions opened by name go on running, their handles let go.
     * Then its calls still waiting on the engine are cancelled, its pooled connections closed, its
     * shutdown hook taken away, and it waits (up to ten seconds) for its threads to end. A sandbox
     * that cannot be removed now (the engine is gone) is logged, and the next start's sweep removes
     * it. Idempotent; afterwards every method that needs it fails with a {@link MinoException}.
     */
    @Override
    public void close() {
        runtime.close();
    }

    /** Its runtime, for the tests of this package. */
    MinoRuntime runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return "Mino[" + (engine == null ? "discovered engine" : engine) + ", " + stateDirectory
            + (isClosed() ? ", closed]" : "]");
    }

    /**
     * Collects the settings of a {@link Mino}. Every setter checks its value at once and throws
     * {@link InvalidSpecException} naming what is wrong. Not thread-safe.
     */
    public static final class Builder {
        private String engine;
        private Path stateDirectory;
        private Map<String, String> environment = Map.copyOf(System.getenv());
        private SandboxListener listener = SandboxListener.NONE;
        private Path configDirectory;
        private Path configFile;
        private boolean localConfig = true;
        private boolean trustLocal;
        private TrustDecider trustDecider;

        private Builder() {
        }

        /**
         * Where the global {@code config.toml} is looked for. Default: the platform's configuration
         * directory, from the {@linkplain #environment(Map) environment} ({@code $XDG_CONFIG_HOME/mino}
         * or {@code ~/.config/mino} on Linux), which is also where the user's own layers are found.
         *
         * @throws InvalidSpecException when the path is relative
         */
        public Builder configDirectory(Path directory) {
            this.configDirectory = absolute(directory, "configuration directory");
            return this;
        }

        /**
         * The global configuration file, as {@code mino --config} names it. Default:
         * {@code MINO_CONFIG} of the {@linkplain #environment(Map) environment}, else
         * {@code config.toml} in the {@linkplain #configDirectory(Path) configuration directory}.
         *
         * @throws InvalidSpecException when the path is relative
         */
        public Builder configFile(Path file) {
            this.configFile = absolute(file, "configuration file");
            return this;
        }

        /**
         * Whether a project's {@code .mino.toml} is read at all (default true); false is
         * {@code mino --no-local}.
         */
        public Builder localConfig(boolean read) {
            this.localConfig = read;
            return this;
        }

        /**
         * Trusts what a project brings without asking: a local {@code .mino.toml} with sensitive
         * settings and the project's own layers, each with a warning. Default false; true is
         * {@code mino --trust-local}, and {@code MINO_TRUST_LOCAL} in the
         * {@linkplain #environment(Map) environment} turns it on too. The sandboxed command can
         * write the project, so this lets it choose the next run's settings and build steps.
         */
        public Builder trustLocal(boolean always) {
            this.trustLocal = always;
            return this;
        }

        /**
         * Answers whether to trust a local {@code .mino.toml} with sensitive settings, or the
         * project's own layers, with the embedder's user interface; see {@link TrustDecider}.
         * Default: none, so nothing untrusted is used, and a warning with a stable code says so.
         */
        public Builder trustDecider(TrustDecider decider) {
            this.trustDecider = Objects.requireNonNull(decider, "decider");
            return this;
        }

        private static Path absolute(Path path, String what) {
            Objects.requireNonNull(path, what);
            if (!path.isAbsolute()) {
                throw new InvalidSpecException(what + " '" + path + "' is relative", "pass an absolute path");
            }
            return path.normalize();
        }

        /**
         * The Podman service to use, in any form {@link SandboxBuilder#engine(String)} takes
         * ({@code unix://}, {@code tcp://}, {@code ssh://}, {@code orbstack://}). Default: discovered
         * from the {@linkplain #environment(Map) environment} at each use.
         *
         * @throws InvalidSpecException when the value is none of these forms
         */
        public Builder engine(String containerHost) {
            Objects.requireNonNull(containerHost, "containerHost");
            try {
                this.engine = EngineAddress.parse(containerHost, environment).uri();
            } catch (MinoException e) {
                throw new InvalidSpecException(e.getMessage(), e.hint());
            }
            return this;
        }

        /**
         * Where session records, the audit log, cache records and the firewall image pin live; two
         * Minos with different state directories see only their own sessions. Default: the
         * platform's state directory of the {@linkplain #environment(Map) environment}
         * ({@code $XDG_STATE_HOME/mino} or {@code ~/.local/state/mino} on Linux).
         *
         * @throws InvalidSpecException when the path is relative
         */
        public Builder stateDirectory(Path directory) {
            Objects.requireNonNull(directory, "directory");
            if (!directory.isAbsolute()) {
                throw new InvalidSpecException("state directory '" + directory + "' is relative",
                    "pass an absolute path");
            }
            this.stateDirectory = directory.normalize();
            return this;
        }

        /**
         * The environment variables Mino reads instead of the process's: engine discovery
         * ({@code CONTAINER_HOST}, {@code XDG_RUNTIME_DIR}, {@code TMPDIR}, {@code CONTAINER_SSHKEY}),
         * the default state directory ({@code XDG_STATE_HOME}), the user's layers
         * ({@code XDG_CONFIG_HOME}), the npm and Maven settings that network presets read, and the
         * SSH agent ({@code SSH_AUTH_SOCK}). For a host whose own environment is not the user's (an
         * IDE started from a desktop menu, a build daemon). Default: {@link System#getenv()}. Not
         * the lock files that order work across the user's processes, nor the credential cache's
         * key: those stay where every process of the user finds them.
         *
         * @throws InvalidSpecException when a name is empty or contains '=' or NUL, or a value contains NUL
         */
        public Builder environment(Map<String, String> variables) {
            Objects.requireNonNull(variables, "variables");
            Map<String, String> copy = new LinkedHashMap<>();
            variables.forEach((name, value) -> {
                if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                    throw new InvalidSpecException("environment variable name '" + name + "' is not valid",
                        "use names such as CONTAINER_HOST, without '=' or NUL");
                }
                if (value == null || value.indexOf('\0') >= 0) {
                    throw new InvalidSpecException("environment variable " + name + " has a null value or NUL",
                        "leave the variable out instead of setting it to null");
                }
                copy.put(name, value);
            });
            this.environment = Map.copyOf(copy);
            return this;
        }

        /**
         * Receives progress and warnings of its sandboxes (unless a sandbox's builder sets another)
         * and of its firewall image; coded warnings about the host come once per Mino.
         */
        public Builder listener(SandboxListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * The Mino of these settings. Nothing is connected or started until it is used.
         *
         * @throws MinoException when no state directory is set and the platform's cannot be told
         *     (no home folder and no {@code XDG_STATE_HOME})
         */
        public Mino build() {
            Path state = stateDirectory != null ? stateDirectory : MinoPaths.forUser(environment).stateDir();
            return new Mino(this, state);
        }
    }
}
