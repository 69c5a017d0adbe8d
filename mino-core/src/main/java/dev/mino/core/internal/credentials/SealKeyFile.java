package dev.mino.core.internal.credentials;

import dev.mino.core.internal.state.PrivateFolders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads, or makes, the credential cache's key in a {@link SealKeyPlaces.Place}, and refuses a
 * place another local user could read or prepare. A key there must be:
 * <ul>
 *   <li>in a folder of this user's alone (owner, mode 0700, not a symbolic link), inside a
 *       runtime directory that is one too;</li>
 *   <li>below folders that nobody else can change: each one, from the root down, owned by this
 *       user or root and writable by nobody else (root's sticky folders such as {@code /tmp}
 *       excepted), as OpenSSH's StrictModes asks of {@code ~/.ssh}; otherwise the folder could be
 *       swapped after it was checked;</li>
 *   <li>outside the state directory that holds the sealed entries (one copy of it must not
 *       hold both), and outside every folder the sandbox sees (the project, mounts);</li>
 *   <li>a regular file (never a link, which could point at another user's file of their
 *       choosing), owned by this user, readable by nobody else, of {@value #KEY_BYTES} bytes.</li>
 * </ul>
 * A new key appears complete or not at all (written aside, then linked into place), and two JVMs
 * that race to make one end up with the same.
 */
final class SealKeyFile {
    static final String NAME = "credential-cache.key";
    static final int KEY_BYTES = 32;

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS = EnumSet.of(PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_WRITE);

    /** A place that is not safe for the key; the message says why. */
    static final class UnsafePlaceException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsafePlaceException(String message) {
            super(message);
        }
    }

    private SealKeyFile() {
    }

    /**
     * The key kept in {@code place}, made there when there is none.
     *
     * @param keepOut folders that must neither hold the key nor be inside its folder, each with why
     *     (the state directory holds the sealed entries; a sandbox sees its project and mounts)
     * @param newKey a fresh random key, used when there is none yet
     * @throws UnsafePlaceException when the place or the key file could be read or prepared by others
     * @throws IOException when the file system fails
     */
    static byte[] loadOrCreate(SealKeyPlaces.Place place, Map<Path, String> keepOut, byte[] newKey)
        throws IOException {
        Path folder = place.folder();
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            throw new UnsafePlaceException("the file system has no POSIX permissions to protect it");
        }
        for (Map.Entry<Path, String> out : keepOut.entrySet()) {
            if (overlaps(folder, out.getKey())) {
                throw new UnsafePlaceException("it is inside " + out.getKey() + " (or holds it), " + out.getValue());
            }
        }
        Identity me = Identity.of(folder);
        if (place.runtime() && !PrivateFolders.isUsersAlone(place.base())) {
            throw new UnsafePlaceException(place.base() + " is not a folder of this user's alone (owned by "
                + "this user, mode 0700, not a symbolic link)");
        }
        checkAncestors(folder, me);
        if (!PrivateFolders.ensureUsersAlone(folder)) {
            throw new UnsafePlaceException(folder + " is not a folder of this user's alone (owned by this user, "
                + "mode 0700, not a symbolic link); remove it to let mino make it again");
        }
        Path file = folder.resolve(NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file, newKey);
            if (!place.runtime()) {
                tagAsCache(folder);
            }
        }
        return read(file, me);
    }

    private static byte[] read(Path file, Identity me) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new UnsafePlaceException(file + " is a symbolic link, which could point at another user's file");
        }
        if (!attributes.isRegularFile()) {
            throw new UnsafePlaceException(file + " is not a regular file");
        }
        if (!attributes.owner().equals(me.user())) {
            throw new UnsafePlaceException(file + " belongs to " + attributes.owner().getName() + ", not to "
                + me.user().getName());
        }
        if (attributes.permissions().stream().anyMatch(OTHERS::contains)) {
            throw new UnsafePlaceException(file + " is open to others (mode "
                + PosixFilePermissions.toString(attributes.permissions()) + "); remove it to let mino make a new key");
        }
        byte[] key;
        // Not following a link even if one was put there after the check above.
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            key = in.readNBytes(KEY_BYTES + 1);
        }
        if (key.length != KEY_BYTES) {
            throw new UnsafePlaceException(file + " is not a key of " + KEY_BYTES + " bytes; remove it to let mino "
                + "make a new one");
        }
        return key;
    }

    private static void create(Path file, byte[] key) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + NAME + ".", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(key);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                // A link never replaces: when another JVM made the key first, both use that one.
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // Theirs is read below.
            } catch (UnsupportedOperationException | FileSystemException e) {
                moveIfAbsent(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // Where hard links are not supported: a move that fails when another JVM's key got there first.
    private static void moveIfAbsent(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file);
        } catch (FileAlreadyExistsException e) {
            // Theirs is read.
        }
    }

    private static void tagAsCache(Path folder) {
        try {
            Files.writeString(folder.resolve("CACHEDIR.TAG"), SealKeyPlaces.CACHEDIR_TAG,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // Only a hint to backup tools; the key is protected without it.
        }
    }

    /**
     * Each folder above {@code folder} that exists, by its name and by its real path: owned by this
     * user or root, and writable by nobody else unless it is root's and sticky.
     */
    private static void checkAncestors(Path folder, Identity me) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        for (Path dir = existing; dir != null; dir = dir.getParent()) {
            checkAncestor(dir, me);
        }
        for (Path dir = existing.toRealPath(); dir != null; dir = dir.getParent()) {
            checkAncestor(dir, me);
        }
    }

    private static void checkAncestor(Path dir, Identity me) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new UnsafePlaceException(dir + " disappeared while it was checked");
        }
        UserPrincipal owner = attributes.owner();
        boolean trustedOwner = owner.equals(me.user()) || owner.equals(me.root());
        if (!trustedOwner) {
            throw new UnsafePlaceException(dir + " belongs to " + owner.getName() + ", who could replace what is in it");
        }
        // A link's own mode means nothing; where it points is checked through the real path.
        if (attributes.isSymbolicLink()) {
            return;
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        boolean writableByOthers = permissions.stream().anyMatch(WRITE_BY_OTHERS::contains);
        if (writableByOthers && !(owner.equals(me.root()) && sticky(dir))) {
            throw new UnsafePlaceException(dir + " can be written by others (mode "
                + PosixFilePermissions.toString(permissions) + "), who could replace what is in it");
        }
    }

    private static boolean sticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer bits && (bits & 01000) != 0;
    }

    private static boolean overlaps(Path folder, Path other) {
        Path a = realOrNormal(folder);
        Path b = realOrNormal(other);
        return a.startsWith(b) || b.startsWith(a);
    }

    // The real path of the nearest existing folder, with the rest of the name appended.
    private static Path realOrNormal(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    /** This process's user and root, as the file system names owners. */
    private record Identity(UserPrincipal user, UserPrincipal root) {
        static Identity of(Path anywhere) throws IOException {
            UserPrincipalLookupService lookup = anywhere.getFileSystem().getUserPrincipalLookupService();
            return new Identity(lookup.lookupPrincipalByName(System.getProperty("user.name")),
                lookup.lookupPrincipalByName("root"));
        }
    }
}
