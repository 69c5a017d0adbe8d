package dev.mino.core.internal.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File-system steps shared by the session store and the audit log: directories only the owner
 * can enter (0700), files only the owner can read (0600), and writes that reach the disk before
 * they become visible. Permissions are skipped on file systems without POSIX permissions.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private static final System.Logger LOG = System.getLogger(PrivateFiles.class.getName());

    private PrivateFiles() {
    }

    static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory and its missing parents as 0700, and narrows it to 0700 if it existed. */
    static void ensureOwnerOnlyDirectory(Path directory) throws IOException {
        createDirectoriesIfMissing(directory);
        if (supportsPosix(directory)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
    }

    /** Creates the directory and its missing parents as 0700; leaves an existing one as it is. */
    static void createDirectoriesIfMissing(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
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

    /**
     * Writes the content to a new 0600 file in the directory and forces it to the disk, so that
     * it can then be linked or renamed into place complete.
     */
    static Path writeTempFile(Path directory, String prefix, byte[] content) throws IOException {
        Path temp = supportsPosix(directory)
            ? Files.createTempFile(directory, prefix, ".tmp", ownerOnlyFile())
            : Files.createTempFile(directory, prefix, ".tmp");
        try {
            restrictToOwner(temp);
            writeAndForce(temp, content, StandardOpenOption.WRITE);
            return temp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Creates the file as 0600 and fails if it exists. Readers may see it half-written. */
    static void writeNewFile(Path file, byte[] content) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel channel = supportsPosix(file)
            ? FileChannel.open(file, options, ownerOnlyFile())
            : FileChannel.open(file, options)) {
            writeFully(channel, content);
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** Appends the bytes with one write where possible, creating the file as 0600 if missing. */
    static void append(Path file, byte[] content) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try (FileChannel channel = supportsPosix(file)
            ? FileChannel.open(file, options, ownerOnlyFile())
            : FileChannel.open(file, options)) {
            writeFully(channel, content);
        }
    }

    static void restrictToOwner(Path file) throws IOException {
        if (supportsPosix(file)) {
            // The creation mode passes through the umask; setting it again makes it exact.
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
    }

    /**
     * Forces the directory entry of a newly linked or renamed file to the disk. Not every platform
     * can open a directory for this, and the data itself is already safe, so failures only log.
     */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not sync directory {0}: {1}", directory, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete temporary file {0}: {1}", file, e.toString());
        }
    }

    private static void writeAndForce(Path file, byte[] content, OpenOption option) throws IOException {
        try (FileChannel channel = FileChannel.open(file, option)) {
            writeFully(channel, content);
            channel.force(true);
        }
    }

    private static void writeFully(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
    }
}
