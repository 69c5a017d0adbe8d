package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.PrivateFolders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The folder an SSH agent relay's socket lives in: new for each relay, with a random name, and
 * only its owner may enter it ({@code 0700}). Being new, nothing another user prepared (a folder
 * of theirs, a link) can be it. It is made in {@code $XDG_RUNTIME_DIR/mino} (a per-user tmpfs)
 * when that is a real folder of the user's alone ({@link PrivateFolders}), else in the temporary
 * folder.
 */
final class AgentRelayFolder {
    private static final System.Logger LOG = System.getLogger(AgentRelayFolder.class.getName());

    private AgentRelayFolder() {
    }

    /**
     * A new private folder, in the runtime directory {@code environment} names when
     * {@code runtimeAllowed}, else in the temporary folder.
     */
    static Path create(Map<String, String> environment, boolean runtimeAllowed) throws IOException {
        Optional<Path> runtime = runtimeAllowed ? MinoPaths.runtimeDir(environment) : Optional.empty();
        if (runtime.isPresent() && PrivateFolders.ensureUsersAlone(runtime.get())) {
            try {
                return newFolder(runtime.get());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "no SSH agent relay folder in " + runtime.get() + ": " + e.getMessage());
            }
        }
        return newFolder(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The owner's numeric uid, of the folder itself, not of what a link points to. */
    static long uid(Path folder) throws IOException {
        return ((Number) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static Path newFolder(Path parent) throws IOException {
        Path folder = Files.createTempDirectory(parent, "mino-agent-",
            PosixFilePermissions.asFileAttribute(PrivateFolders.OWNER_ONLY));
        // The umask can only narrow the mode; set it exactly anyway.
        Files.setPosixFilePermissions(folder, PrivateFolders.OWNER_ONLY);
        if (!PrivateFolders.isUsersAlone(folder)) {
            deleteQuietly(folder);
            throw new IOException(folder + " did not come out as a private folder");
        }
        return folder;
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
