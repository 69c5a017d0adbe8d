package dev.mino.core.config;

import dev.mino.core.internal.state.MinoPaths;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link MinoConfig#load(ConfigOptions)} looks and how it treats untrusted local files.
 * Build one with {@link #builder()}; everything has a default taken from this process (its
 * environment, working directory and the platform's directories), and everything can be set
 * explicitly, which tests and IDE plugins do. Instances are immutable.
 */
public final class ConfigOptions {

    private final Path configFile;
    private final Path workingDirectory;
    private final boolean noLocal;
    private final boolean trustLocalFlag;
    private final Map<String, String> environment;
    private final Path configDirectory;
    private final Path stateDirectory;
    private final TrustPrompt trustPrompt;

    private ConfigOptions(Builder builder) {
        this.environment = builder.environment == null ? System.getenv() : Map.copyOf(builder.environment);
        this.workingDirectory = (builder.workingDirectory == null ? Path.of("") : builder.workingDirectory)
            .toAbsolutePath().normalize();
        this.configFile = builder.configFile == null ? null : workingDirectory.resolve(builder.configFile);
        this.noLocal = builder.noLocal;
        this.trustLocalFlag = builder.trustLocal;
        this.trustPrompt = builder.trustPrompt;
        MinoPaths paths = builder.configDirectory == null || builder.stateDirectory == null
            ? MinoPaths.of(environment, System.getProperty("os.name", ""), userHome())
            : null;
        this.configDirectory = builder.configDirectory != null ? builder.configDirectory : paths.configDir();
        this.stateDirectory = builder.stateDirectory != null ? builder.stateDirectory : paths.stateDir();
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for this process as it is: no {@code --config}, no {@code --no-local}, no {@code --trust-local}, no prompt. */
    public static ConfigOptions defaults() {
        return builder().build();
    }

    /** The explicit global file ({@code --config}), resolved against the working directory, if one was given. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Where the search for {@code .mino.toml} starts; absolute and normalized. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Whether the local file is ignored ({@code --no-local}). */
    public boolean noLocal() {
        return noLocal;
    }

    /** The {@code --trust-local} flag as given, without {@value MinoEnvironment#TRUST_LOCAL}. */
    public boolean trustLocalFlag() {
        return trustLocalFlag;
    }

    /**
     * Whether untrusted local files load without asking: the {@code --trust-local} flag, or else
     * {@value MinoEnvironment#TRUST_LOCAL}. As with a command-line flag backed by a variable,
     * the flag wins and the variable is then not read.
     *
     * @throws ConfigException when the variable is set to something that is not a boolean
     */
    public boolean trustLocal() {
        return trustLocalFlag || MinoEnvironment.flag(environment, MinoEnvironment.TRUST_LOCAL).orElse(false);
    }

    /** The environment variables the options were built with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The configuration directory ({@code <config>}). */
    public Path configDirectory() {
        return configDirectory;
    }

    /** The state directory ({@code <state>}), which holds the trust store. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** The prompt for untrusted local files; empty means non-interactive. */
    public Optional<TrustPrompt> trustPrompt() {
        return Optional.ofNullable(trustPrompt);
    }

    /**
     * The global file in effect: {@link #configFile()} if given, else {@value MinoEnvironment#CONFIG}
     * if set and not empty (resolved against the working directory), else
     * {@link #defaultGlobalConfigFile()}. It need not exist.
     */
    public Path globalConfigFile() {
        if (configFile != null) {
            return configFile;
        }
        String fromEnvironment = environment.get(MinoEnvironment.CONFIG);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            try {
                return workingDirectory.resolve(fromEnvironment);
            } catch (InvalidPathException e) {
                throw new ConfigException("Invalid value for environment variable " + MinoEnvironment.CONFIG
                    + ": " + e.getMessage(), "Set " + MinoEnvironment.CONFIG + " to a file path, or unset it",
                    null, MinoEnvironment.CONFIG, e);
            }
        }
        return defaultGlobalConfigFile();
    }

    /** {@code <config>/config.toml}, the global file when neither {@code --config} nor {@value MinoEnvironment#CONFIG} is given. */
    public Path defaultGlobalConfigFile() {
        return configDirectory.resolve(MinoConfig.GLOBAL_FILE_NAME);
    }

    /** The trust store file, {@code <state>/trusted_configs.json}. */
    public Path trustStoreFile() {
        return stateDirectory.resolve(TrustStore.FILE_NAME);
    }

    private static Path userHome() {
        String home = System.getProperty("user.home");
        try {
            return home == null || home.isEmpty() ? null : Path.of(home);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Builds {@link ConfigOptions}. Not thread-safe. */
    public static final class Builder {
        private Path configFile;
        private Path workingDirectory;
        private boolean noLocal;
        private boolean trustLocal;
        private Map<String, String> environment;
        private Path configDirectory;
        private Path stateDirectory;
        private TrustPrompt trustPrompt;

        private Builder() {
        }

        /** The global file given with {@code --config}; null (the default) means none. */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /** Where the search for {@code .mino.toml} starts; default: the process working directory. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Ignore local files ({@code --no-local}); default false. */
        public Builder noLocal(boolean value) {
            this.noLocal = value;
            return this;
        }

        /** Load untrusted local files without asking ({@code --trust-local}); default false. */
        public Builder trustLocal(boolean value) {
            this.trustLocal = value;
            return this;
        }

        /**
         * The environment variables to read ({@value MinoEnvironment#CONFIG},
         * {@value MinoEnvironment#TRUST_LOCAL} and the XDG base directories); default:
         * {@link System#getenv()}.
         */
        public Builder environment(Map<String, String> variables) {
            this.environment = Objects.requireNonNull(variables, "variables");
            return this;
        }

        /** The configuration directory; default: the platform's, from the environment. */
        public Builder configDirectory(Path directory) {
            this.configDirectory = directory;
            return this;
        }

        /** The state directory holding the trust store; default: the platform's, from the environment. */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = directory;
            return this;
        }

        /** How to ask about untrusted local files; null (the default) means non-interactive. */
        public Builder trustPrompt(TrustPrompt prompt) {
            this.trustPrompt = prompt;
            return this;
        }

        /**
         * The options.
         *
         * @throws dev.mino.core.MinoException when a directory was not given and the platform's
         *     cannot be determined (no home directory)
         */
        public ConfigOptions build() {
            return new ConfigOptions(this);
        }
    }
}
