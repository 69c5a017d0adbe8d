package dev.mino.core.internal.credentials;

import dev.mino.core.internal.state.ProcessUid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The folders the credential cache's key may be kept in, best first:
 * <ol>
 *   <li>{@code $XDG_RUNTIME_DIR/mino}, when the variable names a folder;</li>
 *   <li>{@code /run/user/<uid>/mino}, when that folder exists (a login through {@code su -}, cron
 *       or a CI runner leaves the variable unset while the folder is there);</li>
 *   <li>a folder in the user's cache directory ({@code $XDG_CACHE_HOME/mino/credential-key}, else
 *       {@code ~/.cache/mino/credential-key}; {@code ~/Library/Caches/mino/credential-key} on
 *       macOS). Not the state directory: a copy of that (a backup, a synced folder, a support
 *       bundle) must not hold the key beside the entries it opens. A cache directory is where
 *       backups look least (tools skip it by default or by its {@code CACHEDIR.TAG}), and losing
 *       the key only costs a cache miss.</li>
 * </ol>
 * Which of them is safe is {@link SealKeyFile}'s to judge; this class only names them.
 */
final class SealKeyPlaces {
    /** Marks a folder as a cache that backup tools (tar, borg, restic...) may skip. */
    static final String CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"
        + "# This folder holds the key of mino's credential cache; a backup has no use for it.\n";

    private static final String APP = "mino";

    /**
     * A folder for the key.
     *
     * @param base the folder that must already be there and be the user's alone (a runtime
     *     directory), or the user's cache directory, made when missing
     * @param folder mino's folder for the key, inside {@code base}
     * @param runtime whether {@code base} is a runtime directory (a per-user tmpfs) that must exist
     * @param protection what keeps the key from others there, for the log
     */
    record Place(Path base, Path folder, boolean runtime, String protection) {

        /** A runtime directory's place: {@code <base>/mino}. */
        static Place runtimeDirectory(Path base, String name) {
            return new Place(base, base.resolve(APP), true, name + " " + base
                + " (a folder of the user's alone that logout and reboot clear)");
        }

        /** The cache directory's place: {@code <cacheHome>/mino/credential-key}. */
        static Place cacheDirectory(Path cacheHome) {
            return new Place(cacheHome, cacheHome.resolve(APP).resolve("credential-key"), false,
                "the user's cache directory " + cacheHome + " (a 0700 folder of the user's, outside the state directory)");
        }
    }

    private SealKeyPlaces() {
    }

    /** The places for this process's user, from its environment, {@code os.name}, {@code user.home} and uid. */
    static List<Place> current() {
        return of(System.getenv(), System.getProperty("os.name", ""), pathOrNull(System.getProperty("user.home")),
            currentUid(), Path.of("/run/user"));
    }

    /**
     * The places, best first.
     *
     * @param environment the variables {@code XDG_RUNTIME_DIR} and {@code XDG_CACHE_HOME} count
     * @param userHome the home directory; without an absolute one there is no cache directory place
     * @param uid the user's numeric id, or -1 where unknown (no {@code /run/user} place then)
     * @param runUser the folder of per-user runtime directories, {@code /run/user}
     */
    static List<Place> of(Map<String, String> environment, String osName, Path userHome, long uid, Path runUser) {
        List<Place> places = new ArrayList<>();
        Path xdg = pathOrNull(environment.get("XDG_RUNTIME_DIR"));
        if (xdg != null && xdg.isAbsolute() && Files.exists(xdg, LinkOption.NOFOLLOW_LINKS)) {
            places.add(Place.runtimeDirectory(xdg.normalize(), "the runtime directory $XDG_RUNTIME_DIR"));
        }
        if (uid >= 0) {
            Path own = runUser.resolve(Long.toString(uid));
            // A link counts as there: it is refused with a warning rather than passed over in silence.
            if (Files.exists(own, LinkOption.NOFOLLOW_LINKS) && (xdg == null || !own.equals(xdg.normalize()))) {
                places.add(Place.runtimeDirectory(own, "the runtime directory"));
            }
        }
        Path cacheHome = cacheHome(environment, osName, userHome);
        if (cacheHome != null) {
            places.add(Place.cacheDirectory(cacheHome));
        }
        return places;
    }

    private static Path cacheHome(Map<String, String> environment, String osName, Path userHome) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        boolean home = userHome != null && userHome.isAbsolute();
        if (os.startsWith("mac") || os.contains("darwin")) {
            return home ? userHome.resolve("Library").resolve("Caches") : null;
        }
        Path xdg = pathOrNull(environment.get("XDG_CACHE_HOME"));
        if (xdg != null && xdg.isAbsolute()) {
            return xdg.normalize();
        }
        return home ? userHome.resolve(".cache") : null;
    }

    /** This process's uid, read from /proc (Linux); -1 elsewhere. */
    static long currentUid() {
        return ProcessUid.current();
    }

    private static Path pathOrNull(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
