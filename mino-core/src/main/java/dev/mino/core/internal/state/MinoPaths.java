package dev.mino.core.internal.state;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The three directories Mino keeps its files in: configuration ({@code config.toml}, user
 * layers), state (sessions, cached credentials, cache sidecars, the audit log) and data (compose
 * build contexts).
 *
 * <p>{@link #of(Map, String, Path)} follows the XDG base directories on Linux and
 * {@code ~/Library/Application Support/mino} on macOS, as upstream mino does; other systems are
 * treated like Linux.
 *
 * @param configDir the configuration directory ({@code <config>})
 * @param stateDir the state directory ({@code <state>})
 * @param dataDir the data directory ({@code <data>})
 */
public record MinoPaths(Path configDir, Path stateDir, Path dataDir) {

    private static final String APP = "mino";

    /**
     * @throws NullPointerException if a directory is null
     */
    public MinoPaths {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /**
     * Computes the directories for a platform.
     *
     * @param environment the environment variables, of which {@code XDG_CONFIG_HOME},
     *     {@code XDG_STATE_HOME} and {@code XDG_DATA_HOME} count; empty or relative values are
     *     ignored, since the XDG specification calls them invalid
     * @param osName the {@code os.name} system property; names starting with "Mac" or containing
     *     "Darwin" mean macOS
     * @param userHome the user's home directory; may be null if every directory comes from the
     *     environment
     * @throws MinoException when a directory depends on a home directory that is missing or relative
     */
    public static MinoPaths of(Map<String, String> environment, String osName, Path userHome) {
        Objects.requireNonNull(environment, "environment");
        if (isMacOs(osName)) {
            Path dir = home(userHome, true).resolve("Library").resolve("Application Support").resolve(APP);
            return new MinoPaths(dir, dir, dir);
        }
        return new MinoPaths(
            xdgDir(environment, "XDG_CONFIG_HOME", userHome, ".config"),
            xdgDir(environment, "XDG_STATE_HOME", userHome, ".local", "state"),
            xdgDir(environment, "XDG_DATA_HOME", userHome, ".local", "share"));
    }

    /**
     * The directories of the current user on this machine, from {@link System#getenv()},
     * {@code os.name} and {@code user.home}.
     *
     * @throws MinoException when the home directory is needed but unknown
     */
    /**
     * Mino's folder in the user's runtime directory ({@code $XDG_RUNTIME_DIR/mino}: a per-user
     * tmpfs that logout and reboot clear), when the environment names an absolute, existing one.
     */
    public static java.util.Optional<Path> runtimeDir(Map<String, String> environment) {
        String dir = environment.get("XDG_RUNTIME_DIR");
        if (dir == null || dir.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            Path path = Path.of(dir);
            return path.isAbsolute() && java.nio.file.Files.isDirectory(path)
                ? java.util.Optional.of(path.resolve("mino")) : java.util.Optional.empty();
        } catch (InvalidPathException e) {
            return java.util.Optional.empty();
        }
    }

    public static MinoPaths defaults() {
        return forUser(System.getenv());
    }

    /**
     * The directories of the current user on this machine with {@code environment} as the
     * environment variables (a Mino's, which may not be the process's).
     *
     * @throws MinoException when a directory depends on a home directory that is missing or relative
     */
    public static MinoPaths forUser(Map<String, String> environment) {
        return of(environment, System.getProperty("os.name", ""), toPathOrNull(System.getProperty("user.home")));
    }

    /**
     * All three directories under one root ({@code <root>/config}, {@code <root>/state},
     * {@code <root>/data}), for tests and for applications that keep Mino's files in their own place.
     */
    public static MinoPaths under(Path root) {
        Objects.requireNonNull(root, "root");
        return new MinoPaths(root.resolve("config"), root.resolve("state"), root.resolve("data"));
    }

    /** {@code <state>/sessions}: one JSON file per session. */
    public Path sessionsDir() {
        return stateDir.resolve("sessions");
    }

    /** {@code <state>/audit.log}: the JSON-lines audit log. */
    public Path auditLog() {
        return stateDir.resolve("audit.log");
    }

    /** {@code <state>/credentials}: cached cloud credentials. */
    public Path credentialsDir() {
        return stateDir.resolve("credentials");
    }

    /** {@code <state>/firewall-image.json}: the firewall image mino built and pinned, per engine. */
    public Path firewallImagePins() {
        return stateDir.resolve("firewall-image.json");
    }

    /** {@code <state>/cache}: state files of the dependency cache volumes. */
    public Path cacheDir() {
        return stateDir.resolve("cache");
    }

    /**
     * Creates the state directory and its {@code sessions}, {@code credentials} and {@code cache}
     * subdirectories, and makes each of them accessible to the owner only (0700), also when they
     * existed before. Permissions are skipped on file systems without POSIX permissions.
     *
     * @throws MinoException when a directory cannot be created or its permissions cannot be set
     */
    public void ensureStateDirectories() {
        for (Path dir : List.of(stateDir, sessionsDir(), credentialsDir(), cacheDir())) {
            try {
                PrivateFiles.ensureOwnerOnlyDirectory(dir);
            } catch (IOException e) {
                throw new MinoException("Cannot create the state directory " + dir + ": " + e,
                    "Make sure " + stateDir + " can be written by the current user, or point XDG_STATE_HOME"
                        + " at a directory that can",
                    e);
            }
        }
    }

    private static boolean isMacOs(String osName) {
        String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        return name.startsWith("mac") || name.contains("darwin");
    }

    private static Path xdgDir(Map<String, String> environment, String variable, Path userHome, String... fallback) {
        Path base = toPathOrNull(environment.get(variable));
        if (base == null || !base.isAbsolute()) {
            base = home(userHome, false);
            for (String part : fallback) {
                base = base.resolve(part);
            }
        }
        return base.resolve(APP);
    }

    private static Path home(Path userHome, boolean macOs) {
        if (userHome == null || !userHome.isAbsolute()) {
            throw new MinoException("Cannot determine the user's home directory (got " + userHome + ")",
                macOs
                    ? "Set the user.home system property to an absolute path, or pass explicit directories"
                        + " with MinoPaths.under(...)"
                    : "Set XDG_CONFIG_HOME, XDG_STATE_HOME and XDG_DATA_HOME to absolute paths, or pass"
                        + " explicit directories with MinoPaths.under(...)");
        }
        return userHome;
    }

    private static Path toPathOrNull(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
