package dev.mino.proxy.internal;

import dev.mino.proxy.ProxyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The directory that holds the certificate authority's key: private to the user (0700, the
 * user's own, not a symbolic link), files written whole or not at all, and one creator at a time
 * across threads and processes.
 */
public final class CaDirectory {
    /** The lock file two processes creating the authority at once take turns on. */
    public static final String LOCK_FILE = "ca.lock";

    /** More than any PEM file here can need; a bigger file is not ours. */
    private static final long MAX_FILE_SIZE = 64 * 1024;

    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
        EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /** A file lock belongs to the whole JVM: threads of one JVM take turns here first. */
    private static final Object JVM_LOCK = new Object();

    private final Path directory;
    private final boolean posix;

    private CaDirectory(Path directory, boolean posix) {
        this.directory = directory;
        this.posix = posix;
    }

    /**
     * Creates the directory (0700) when it is missing and checks that it is private.
     *
     * @throws ProxyException when it is a symbolic link, not a directory, not the user's own, or
     *     open to group or others
     */
    public static CaDirectory open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        CaDirectory result = new CaDirectory(absolute, posix);
        try {
            if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                result.create();
            }
            result.checkDirectory();
        } catch (IOException e) {
            throw new ProxyException(
                "Cannot create or inspect the certificate authority's directory " + absolute + ": " + e.getMessage(),
                "Check that its parent directory is yours and writable.", e);
        }
        return result;
    }

    /** The directory, absolute. */
    public Path path() {
        return directory;
    }

    private void create() throws IOException {
        Path parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix) {
                Files.createDirectory(directory, mode("rwx------"));
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process made it in the meantime; checkDirectory looks at what it made.
        }
    }

    private void checkDirectory() throws IOException {
        String hint = "Remove " + directory + " to let mino create it afresh, or make it a directory of your own "
            + "that only you can open (chmod 700).";
        if (Files.isSymbolicLink(directory)) {
            throw new ProxyException(
                "The certificate authority's directory " + directory + " is a symbolic link; mino keeps a private key "
                    + "there and follows no link to do so",
                hint);
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new ProxyException("The certificate authority's directory " + directory + " is not a directory", hint);
        }
        checkOwner(directory, "directory", hint);
        if (posix) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
            if (!intersection(permissions, OPEN_TO_OTHERS).isEmpty()) {
                throw new ProxyException(
                    "The certificate authority's directory " + directory + " is open to other users (mode "
                        + PosixFilePermissions.toString(permissions) + ")",
                    "Run chmod 700 " + directory + " so that only you can open it.");
            }
        }
    }

    /**
     * Runs {@code work} while holding the directory's lock, which other threads and other
     * processes using this class respect.
     */
    public <T> T locked(Callable<T> work) {
        synchronized (JVM_LOCK) {
            Path lock = directory.resolve(LOCK_FILE);
            Set<OpenOption> options = Set.of(
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (FileChannel channel = posix
                    ? FileChannel.open(lock, options, mode("rw-------"))
                    : FileChannel.open(lock, options);
                 FileLock held = channel.lock()) {
                T result = work.call();
                held.release();
                return result;
            } catch (IOException e) {
                throw new ProxyException(
                    "Cannot lock " + lock + ": " + e.getMessage(),
                    "Check that " + directory + " is yours and writable, and is not a symbolic link.", e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Reads a file of the directory, checking it first.
     *
     * @param secret whether it holds a private key: then group and others may not even read it
     * @return its text, or empty when it does not exist
     * @throws ProxyException when it is a symbolic link, not a regular file, not the user's own,
     *     open to others as {@code secret} forbids, or too large
     */
    public Optional<String> read(String name, boolean secret) {
        Path file = directory.resolve(name);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            String redo = "Remove " + directory + " to let mino make a new certificate authority (sandboxes started "
                + "afterwards trust the new one).";
            if (Files.isSymbolicLink(file)) {
                throw new ProxyException(file + " is a symbolic link; mino reads the certificate authority's files "
                    + "only from its own directory", redo);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ProxyException(file + " is not a regular file", redo);
            }
            checkOwner(file, "file", redo);
            if (posix) {
                checkMode(file, secret);
            }
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new ProxyException(file + " is larger than any certificate authority file mino writes", redo);
            }
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ProxyException("Cannot read " + file + ": " + e.getMessage(),
                "Check that " + directory + " and its files are yours and readable.", e);
        }
    }

    private static void checkMode(Path file, boolean secret) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        String mode = PosixFilePermissions.toString(permissions);
        if (secret && !intersection(permissions, OPEN_TO_OTHERS).isEmpty()) {
            throw new ProxyException(
                "The certificate authority's private key " + file + " is open to other users (mode " + mode
                    + "); anyone who read it can impersonate any host to your sandboxes",
                "Remove " + file.getParent() + " to let mino make a new certificate authority; if you are sure "
                    + "nobody else read the key, run chmod 600 " + file + " instead.");
        }
        if (!secret && !intersection(permissions, WRITABLE_BY_OTHERS).isEmpty()) {
            throw new ProxyException(
                "The certificate authority's certificate " + file + " is writable by other users (mode " + mode + ")",
                "Run chmod 644 " + file + ".");
        }
    }

    /**
     * Replaces a file of the directory in one step: writes a temporary file beside it, forces it
     * to disk and renames it over the old one, so a crash leaves the old file or the new one,
     * never half of either.
     *
     * @param secret whether it holds a private key (mode 0600, else 0644)
     */
    public void write(String name, String text, boolean secret) {
        Path file = directory.resolve(name);
        Path temporary = null;
        try {
            temporary = posix
                ? Files.createTempFile(directory, "." + name + "-", ".tmp", mode("rw-------"))
                : Files.createTempFile(directory, "." + name + "-", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (posix && !secret) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            syncDirectory();
        } catch (IOException e) {
            throw new ProxyException("Cannot write " + file + ": " + e.getMessage(),
                "Check that " + directory + " is yours and writable, and that the disk is not full.", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Best effort: a leftover temporary file is harmless (0600, never read).
                }
            }
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Not every platform can sync a directory; the file itself is on disk already.
        }
    }

    private void checkOwner(Path path, String what, String hint) throws IOException {
        UserPrincipal owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        Optional<UserPrincipal> user = currentUser();
        if (user.isPresent() && !user.get().equals(owner)) {
            throw new ProxyException(
                "The certificate authority's " + what + " " + path + " belongs to " + owner.getName()
                    + ", not to you (" + user.get().getName() + ")",
                hint);
        }
    }

    /**
     * The user this process runs as: on Linux the owner of /proc/self (the effective uid, with
     * or without a name), elsewhere the user Java names.
     */
    private static Optional<UserPrincipal> currentUser() {
        try {
            Path self = Path.of("/proc/self");
            if (Files.exists(self)) {
                return Optional.of(Files.getOwner(self));
            }
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name")));
        } catch (IOException | UnsupportedOperationException unknown) {
            return Optional.empty();
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> mode(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    private static Set<PosixFilePermission> intersection(Set<PosixFilePermission> a, Set<PosixFilePermission> b) {
        Set<PosixFilePermission> both = EnumSet.noneOf(PosixFilePermission.class);
        both.addAll(a);
        both.retainAll(b);
        return both;
    }
}
