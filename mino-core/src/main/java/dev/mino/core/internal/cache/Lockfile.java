package dev.mino.core.internal.cache;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A lockfile found in a project's root, and the cache it selects: the volume's name holds the
 * file's content hash and the project folder's, so a changed lockfile gets a fresh cache, an
 * unchanged one reuses the old, and no two projects ever share one.
 *
 * <p>Mino 1.6.0 names caches by the lockfile alone. Lockfiles are public, so another project
 * (whose sandbox is hostile) could copy one and mount the same volume read-write, planting files
 * in the cache the first project's installs trust. The project's real path is not something a
 * sandbox can choose: it is where the user runs Mino.
 *
 * @param hash the first 12 hex digits of the SHA-256 of the file's bytes
 * @param project the first 12 hex digits of the SHA-256 of the project folder's real path
 */
public record Lockfile(Ecosystem ecosystem, Path file, String hash, String project) {
    /** The prefix of every cache volume's name. */
    public static final String VOLUME_PREFIX = "mino-cache-";
    /** How long opening a lockfile may take: a regular file opens at once. */
    static final Duration OPEN_LIMIT = Duration.ofSeconds(5);

    /** The cache volume of this lockfile: {@code mino-cache-<ecosystem>-<hash>-<project>}. */
    public String volumeName() {
        return VOLUME_PREFIX + ecosystem.label() + "-" + hash + "-" + project;
    }

    /**
     * The lockfiles directly in {@code project} (no recursion), one per ecosystem in the order of
     * SPEC 9.2; within an ecosystem the first existing regular file wins.
     */
    public static List<Lockfile> detect(Path project) {
        String scope = scopeOf(project);
        List<Lockfile> found = new ArrayList<>();
        for (Ecosystem ecosystem : Ecosystem.values()) {
            for (String name : ecosystem.lockfiles()) {
                Path file = project.resolve(name);
                // Not through symbolic links: a link could point anywhere on the host.
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(new Lockfile(ecosystem, file, hashOf(file), scope));
                    break;
                }
            }
        }
        return found;
    }

    /**
     * The project part of a cache's name: its real path, so that a link to the project, or the
     * same folder given another way, finds the same caches.
     */
    static String scopeOf(Path project) {
        Path real;
        try {
            real = project.toRealPath();
        } catch (IOException e) {
            // A folder that is gone (gc asks about projects that were deleted) has no caches in use.
            real = project.toAbsolutePath().normalize();
        }
        return hash12(real.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hash of a lockfile, read as a stream: the sandbox can write the project, so the file may
     * be of any size, and it may have become a link since it was looked at (it is never followed).
     * It may also have become a FIFO, swapped in by a sandbox still running: opening one waits for
     * a writer, forever, so the open is given {@link #OPEN_LIMIT}; and reading one would take
     * whatever its writer sends, without end, so no more is read than the size the open file had
     * (a FIFO has none).
     */
    static String hashOf(Path file) {
        MessageDigest digest = sha256();
        try (FileChannel channel = openWithin(file, OPEN_LIMIT)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            for (long left = channel.size(); left > 0; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                digest.update(buffer.flip());
                left -= n;
            }
        } catch (IOException e) {
            throw new MinoException("IO error: reading lockfile " + file + ": " + e.getMessage(),
                "check that the file is readable and a regular file, not a symbolic link or a FIFO");
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 6);
    }

    /** Opens {@code file} for reading without following a link, or fails once {@code limit} has passed. */
    private static FileChannel openWithin(Path file, Duration limit) throws IOException {
        CompletableFuture<FileChannel> open = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                open.complete(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | RuntimeException e) {
                open.completeExceptionally(e);
            }
        }, "mino-lockfile-open");
        opener.setDaemon(true);
        opener.start();
        try {
            return open.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Should a writer come after all, what it opened is closed; the thread ends with it.
            open.thenAccept(Lockfile::closeQuietly);
            throw new IOException("it did not open within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open.thenAccept(Lockfile::closeQuietly);
            throw new IOException("interrupted while opening it");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was read from it; nothing more to do.
        }
    }

    private static String hash12(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data), 0, 6);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
