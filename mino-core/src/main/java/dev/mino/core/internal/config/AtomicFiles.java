package dev.mino.core.internal.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces files so that readers see either the old or the new content, never a half-written
 * file: the content goes to a temporary file in the same directory, is forced to the disk, and
 * is renamed over the target. Permissions are skipped on file systems without POSIX permissions.
 */
public final class AtomicFiles {

    /** Owner-only directory, for the state directory holding the trust store. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Owner-only file, for the trust store. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    /** What a new configuration file gets, as a typical umask would give it. */
    public static final Set<PosixFilePermission> ORDINARY_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());

    private AtomicFiles() {
    }

    /**
     * Writes a file readable by the owner only (0600) in a directory only the owner can enter
     * (0700), creating the directory if needed and narrowing it if it exists.
     */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Path directory = parentOf(file);
        if (!Files.isDirectory(directory)) {
            try {
                if (supportsPosix(directory)) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                } else {
                    Files.createDirectories(directory);
                }
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(directory.toString(), null, "exists but is not a directory");
            }
        }
        if (supportsPosix(directory)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
        replace(file, content, OWNER_ONLY_FILE);
    }

    /**
     * Replaces the file's content, keeping the permissions of an existing file and giving a new
     * one {@code newFilePermissions}. The directory must exist.
     */
    public static void replace(Path file, byte[] content, Set<PosixFilePermission> newFilePermissions)
        throws IOException {
        Path directory = parentOf(file);
        boolean posix = supportsPosix(directory);
        Set<PosixFilePermission> permissions = newFilePermissions;
        if (posix) {
            try {
                permissions = Files.getPosixFilePermissions(file);
            } catch (NoSuchFileException e) {
                // A new file: keep the permissions asked for.
            }
        }
        String prefix = "." + file.getFileName() + ".";
        Path temp = posix
            ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
            : Files.createTempFile(directory, prefix, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                // Set after writing, so a file meant to be private is never readable by others
                // and the umask cannot narrow what an existing file had.
                Files.setPosixFilePermissions(temp, permissions);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("not a file path: " + file);
        }
        return parent;
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    // The data is already safe; making the rename durable is best effort because not every
    // platform can open a directory for syncing.
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not sync directory {0}: {1}", directory, e.toString());
        }
    }
}
