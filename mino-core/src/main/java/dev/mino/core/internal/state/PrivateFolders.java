package dev.mino.core.internal.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Folders of this user's alone, for what other local users must neither reach nor prepare (the
 * SSH agent relay's socket, the create lock files): a real folder, not a symbolic link (which
 * another user could have planted to point anywhere), owned by this process's user, that nobody
 * else may enter (0700).
 */
public final class PrivateFolders {
    /** The mode of such a folder. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateFolders() {
    }

    /**
     * Makes {@code folder} (0700, with its parents) when nothing is there yet, and says whether
     * it is then a folder of this user's alone; an existing one is judged as it is, never changed.
     */
    public static boolean ensureUsersAlone(Path folder) {
        try {
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return isUsersAlone(folder);
    }

    /** True when {@code folder} is a real folder owned by this process's user and mode 0700. */
    public static boolean isUsersAlone(Path folder) {
        try {
            UserPrincipal me = folder.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
            return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                && Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(me)
                && Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
