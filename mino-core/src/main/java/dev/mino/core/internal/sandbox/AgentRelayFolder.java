package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.PrivateFolders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The folder an SSH agent relay's socket lives in: new for each relay, with a random name chosen
 * when the sandbox is planned (so that the plan names the socket the sandbox mounts) and made when
 * it starts, and only its owner may enter it ({@code 0700}). Being made new, nothing another user
 * prepared (a folder of theirs, a link) can be it: a folder already there fails the start. It is
 * made in {@code $XDG_RUNTIME_DIR/mino} (a per-user tmpfs) when that is a real folder of the
 * user's alone ({@link PrivateFolders}), else in the temporary folder.
 */
final class AgentRelayFolder {
    private static final System.Logger LOG = System.getLogger(AgentRelayFolder.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentRelayFolder() {
    }

    /**
     * The path of a new private folder, chosen but not made: in the runtime directory
     * {@code environment} names when {@code runtimeAllowed} and that directory is (or can become)
     * the user's alone, else in the temporary folder. Its name is random; {@link #createAt} makes
     * it, refusing anything that is there already.
     */
    static Path choose(Map<String, String> environment, boolean runtimeAllowed) {
        Optional<Path> runtime = runtimeAllowed ? MinoPaths.runtimeDir(environment) : Optional.empty();
        Path parent = runtime.filter(dir -> !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
            || PrivateFolders.isUsersAlone(dir)).orElse(Path.of(System.getProperty("java.io.tmpdir")));
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return parent.resolve("mino-agent-" + HexFormat.of().formatHex(random));
    }

    /**
     * Makes the folder {@link #choose} chose: new (an existing folder or link there is refused,
     * never used), only its owner may enter it. The runtime directory's {@code mino} folder is
     * made first when missing, and must be the user's alone.
     *
     * @throws IOException when the folder cannot be made so
     */
    static Path createAt(Path folder, Map<String, String> environment) throws IOException {
        Path parent = folder.getParent();
        if (MinoPaths.runtimeDir(environment).filter(parent::equals).isPresent()
            && !PrivateFolders.ensureUsersAlone(parent)) {
            throw new IOException(parent + " is not a folder of this user's alone");
        }
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PrivateFolders.OWNER_ONLY));
        // The umask can only narrow the mode; set it exactly anyway.
        Files.setPosixFilePermissions(folder, PrivateFolders.OWNER_ONLY);
        if (!PrivateFolders.isUsersAlone(folder)) {
            deleteQuietly(folder);
            throw new IOException(folder + " did not come out as a private folder");
        }
        return folder;
    }

    /** The owner's numeric uid, of the folder itself, not of what a link points to. */
    static long uid(Path folder) throws IOException {
        return ((Number) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** Removes the folder and the relay's socket in it. */
    static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve("agent.sock"));
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not remove the SSH agent relay folder " + folder + ": " + e.getMessage());
        }
    }
}
