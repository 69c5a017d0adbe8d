package dev.mino.credentials;

import dev.mino.core.WarningCodes;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.credentials.internal.CacheKey;
import dev.mino.credentials.internal.Deliveries;
import dev.mino.credentials.internal.GhCommand;
import dev.mino.credentials.internal.GhHostsFile;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The GitHub token of the user, looked for in this order: the environment ({@code GH_TOKEN}, then
 * {@code GITHUB_TOKEN}; for a GitHub Enterprise Server host {@code GH_ENTERPRISE_TOKEN}, then
 * {@code GITHUB_ENTERPRISE_TOKEN}, as the GitHub CLI reads them), the GitHub CLI's
 * {@code hosts.yml}, and finally {@code gh auth token}. Needs no extra library.
 *
 * <p>The sandbox gets the token as both {@code GITHUB_TOKEN} and {@code GH_TOKEN}, secrets. Its
 * expiry is unknown, so the library does not cache it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GitHubCredentials implements CredentialProvider {

    /** The provider's name, also the name of its factory. */
    public static final String NAME = "github";

    /** The host used unless another is set. */
    public static final String DEFAULT_HOST = "github.com";

    /** How long {@code gh auth token} may take unless another limit is set. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(GitHubCredentials.class.getName());
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::\\d{1,5})?");

    private final String host;
    private final Path ghConfigDirectory;
    private final Optional<Path> ghExecutable;
    private final Duration commandTimeout;
    private final Map<String, String> environment;

    private GitHubCredentials(Builder builder, Map<String, String> environment, Path ghConfigDirectory) {
        this.host = builder.host.toLowerCase(Locale.ROOT);
        this.ghConfigDirectory = ghConfigDirectory;
        this.ghExecutable = Optional.ofNullable(builder.ghExecutable);
        this.commandTimeout = builder.commandTimeout;
        this.environment = environment;
    }

    /** A builder with the defaults: github.com, the process environment, gh's own config directory. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The host; the token does not depend on anything else that is configurable. */
    @Override
    public String cacheKey() {
        return CacheKey.of(NAME).with("host", host).build();
    }

    /**
     * Finds the token now.
     *
     * @throws CredentialException when no source has a token ({@code Run: gh auth login}) or gh fails
     */
    @Override
    public IssuedCredential issue() {
        String token = fromEnvironment()
            .or(this::fromHostsFile)
            .orElseGet(this::fromCommand);
        Map<String, String> secrets = new LinkedHashMap<>();
        Deliveries.GITHUB_TOKENS.forEach(variable -> secrets.put(variable, token));
        return new IssuedCredential(NAME, secrets, Map.of(), null);
    }

    /**
     * {@code GITHUB_TOKEN} and {@code GH_TOKEN}, secrets, nothing plain; or nothing when no source
     * can have a token (none in the environment or {@code hosts.yml}, and no {@code gh} to ask),
     * since {@link #issue()} then fails: a dry run on such a host plans the run a start makes,
     * without the wrapper. Reads what {@link #issue()} reads, but never runs {@code gh}.
     */
    @Override
    public Optional<PlannedCredential> planned() {
        boolean mayHaveToken = fromEnvironment().isPresent() || fromHostsFile().isPresent()
            || ghExecutable.or(() -> GhCommand.find(environment)).isPresent();
        return mayHaveToken ? Optional.of(Deliveries.github()) : Optional.empty();
    }

    /** The GitHub host whose token is used. */
    public String host() {
        return host;
    }

    /** The directory holding the GitHub CLI's {@code hosts.yml}. */
    public Path ghConfigDirectory() {
        return ghConfigDirectory;
    }

    @Override
    public String toString() {
        return "GitHubCredentials[host=" + host + ", ghConfigDirectory=" + ghConfigDirectory + "]";
    }

    private Optional<String> fromEnvironment() {
        for (String variable : tokenVariables()) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                LOG.log(Level.DEBUG, "GitHub token for {0} taken from {1}", host, variable);
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    private Optional<String> fromHostsFile() {
        Path file = ghConfigDirectory.resolve("hosts.yml");
        try {
            Optional<String> token = GhHostsFile.token(file, host);
            token.ifPresent(t -> LOG.log(Level.DEBUG, "GitHub token for {0} taken from {1}", host, file));
            return token;
        } catch (IOException e) {
            // An unreadable file is not fatal: gh itself may still know the token (for example in the keyring).
            LOG.log(Level.DEBUG, "Could not read {0}: {1}", file, e.toString());
            return Optional.empty();
        }
    }

    private String fromCommand() {
        Optional<Path> gh = ghExecutable.or(() -> GhCommand.find(environment));
        if (gh.isEmpty()) {
            throw new CredentialException(NAME, "No GitHub token for " + host + ": " + String.join(" and ",
                tokenVariables()) + " are unset, " + ghConfigDirectory.resolve("hosts.yml")
                + " has none, and the GitHub CLI (gh) is not on the PATH",
                "Set GH_TOKEN, or install the GitHub CLI and run: gh auth login", null, WarningCodes.GITHUB_NO_TOKEN);
        }
        LOG.log(Level.DEBUG, "Asking {0} for the GitHub token of {1}", gh.get(), host);
        return GhCommand.token(gh.get(), host, environment, commandTimeout);
    }

    // The GitHub CLI reads GH_TOKEN for github.com and GHE.com tenants only, and separate variables
    // for Enterprise Server, so a github.com token is never sent to another company's server.
    private List<String> tokenVariables() {
        String bareHost = host.replaceFirst(":\\d+$", "");
        if (bareHost.equals(DEFAULT_HOST) || bareHost.endsWith(".ghe.com")) {
            return List.of("GH_TOKEN", "GITHUB_TOKEN");
        }
        return List.of("GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN");
    }

    /** Collects and validates the settings; not thread-safe, use one per thread. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private Map<String, String> environment;
        private Path ghConfigDirectory;
        private Path ghExecutable;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

        private Builder() {
        }

        /** The GitHub host, for GitHub Enterprise ({@code credentials.github.host}); github.com unless set. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The environment to read tokens, {@code GH_CONFIG_DIR}, {@code XDG_CONFIG_HOME} and {@code PATH}
         * from, and to run gh with; the process environment unless set.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * The directory holding gh's {@code hosts.yml}; otherwise {@code GH_CONFIG_DIR},
         * {@code $XDG_CONFIG_HOME/gh}, {@code %AppData%/GitHub CLI} on Windows, or {@code ~/.config/gh}.
         */
        public Builder ghConfigDirectory(Path ghConfigDirectory) {
            this.ghConfigDirectory = Objects.requireNonNull(ghConfigDirectory, "ghConfigDirectory");
            return this;
        }

        /** The gh executable; otherwise {@code gh} is looked for on the environment's {@code PATH}. */
        public Builder ghExecutable(Path ghExecutable) {
            this.ghExecutable = Objects.requireNonNull(ghExecutable, "ghExecutable");
            return this;
        }

        /** How long {@code gh auth token} may take; 10 seconds unless set. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
            return this;
        }

        /**
         * Validates the settings.
         *
         * @throws CredentialException when the host or the time limit is invalid
         */
        public GitHubCredentials build() {
            if (!HOST.matcher(host).matches()) {
                throw new CredentialException(NAME, "GitHub host '" + host + "' is not a host name",
                    "Set credentials.github.host to a name such as github.example.com, without https://", null);
            }
            if (commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new CredentialException(NAME, "The gh command time limit must be positive, got " + commandTimeout,
                    "Use a limit such as 10 seconds", null);
            }
            Map<String, String> env = Map.copyOf(environment != null ? environment : System.getenv());
            Path configDirectory = ghConfigDirectory != null ? ghConfigDirectory : defaultConfigDirectory(env);
            return new GitHubCredentials(this, env, configDirectory.toAbsolutePath());
        }

        // The GitHub CLI's own lookup order for its configuration directory.
        private static Path defaultConfigDirectory(Map<String, String> env) {
            String explicit = env.get("GH_CONFIG_DIR");
            if (explicit != null && !explicit.isBlank()) {
                return Path.of(explicit);
            }
            String xdg = env.get("XDG_CONFIG_HOME");
            if (xdg != null && !xdg.isBlank()) {
                return Path.of(xdg, "gh");
            }
            String appData = env.get("AppData");
            if (appData != null && !appData.isBlank()
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                return Path.of(appData, "GitHub CLI");
            }
            String home = env.get("HOME");
            return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".config", "gh");
        }
    }
}
