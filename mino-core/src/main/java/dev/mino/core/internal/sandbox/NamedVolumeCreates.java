package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.PrivateFolders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Creates containers that mount two or more named volumes one at a time per engine. Podman
 * releases without the fix of containers/podman pull request 20329 (late 2023; Debian 12's 4.3.1
 * among them) lock a new container's named volumes one after the other in an order that is not
 * stable, and hold them while they create the container (issue 20313): two creates that share a
 * project's cache and home volume can each take one lock and wait for the other, and from then on
 * the service never answers anything that touches those volumes (listing containers or volumes
 * included) until it is restarted. Concurrent sandboxes of one project in one JVM did exactly that
 * in ReliabilityIT. Creating such containers one at a time removes the cycle; creates with at most
 * one named volume take no second lock and stay concurrent.
 *
 * <p>Within a JVM a monitor orders the creates; across the user's JVMs (the CLI beside an IDE) a
 * lock file per engine does, in the user's runtime directory or else a private folder under the
 * temporary directory. Where no lock file can be made, the JVM's own order still holds.
 */
final class NamedVolumeCreates {
    private static final System.Logger LOG = System.getLogger(NamedVolumeCreates.class.getName());
    private static final Map<String, Object> BY_ENGINE = new ConcurrentHashMap<>();
    /** The longest a create waits for another JVM's; beyond it, it goes ahead unordered. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    private NamedVolumeCreates() {
    }

    /** Runs {@code create}, alone among the user's creates on the engine when it mounts several named volumes. */
    static <T> T create(PodmanClient client, int namedVolumes, Supplier<T> create) {
        return create(client.address().uri(), lockDirectory(System.getenv()), namedVolumes, create);
    }

    static <T> T create(String engine, Optional<Path> lockDirectory, int namedVolumes, Supplier<T> create) {
        if (namedVolumes < 2) {
            return create.get();
        }
        synchronized (BY_ENGINE.computeIfAbsent(engine, uri -> new Object())) {
            FileLock lock = lockDirectory.map(dir -> lockFile(dir, engine)).orElse(null);
            try {
                return create.get();
            } finally {
                release(lock);
            }
        }
    }

    /** Where the lock files live: the user's runtime directory, else a private temporary folder. */
    static Optional<Path> lockDirectory(Map<String, String> environment) {
        Optional<Path> runtime = MinoPaths.runtimeDir(environment);
        if (runtime.isPresent()) {
            return runtime;
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Optional.of(Path.of(System.getProperty("java.io.tmpdir"), "mino-" + user));
    }

    /** Waits for and takes the engine's lock file, or returns null (logged) when it cannot be had. */
    private static FileLock lockFile(Path directory, String engine) {
        Path file = lockFileOf(directory, engine);
        FileChannel channel = null;
        try {
            if (!PrivateFolders.ensureUsersAlone(directory)) {
                // Someone else's folder (a shared temporary directory): their lock could stall us.
                LOG.log(Level.DEBUG, "creating without a lock file: " + directory + " is not this user's alone");
                return null;
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
            long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
            for (FileLock lock = channel.tryLock(); ; lock = channel.tryLock()) {
                if (lock != null) {
                    return lock;
                }
                if (System.nanoTime() > deadline) {
                    // A create takes well under a second: a holder this slow is stuck, not busy.
                    LOG.log(Level.WARNING, "creating without the lock file " + file + ": held for over "
                        + LOCK_WAIT.toSeconds() + " s");
                    closeQuietly(channel);
                    return null;
                }
                Thread.sleep(20);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "creating without the lock file " + file + ": " + e.getMessage());
            closeQuietly(channel);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            return null;
        }
    }

    static Path lockFileOf(Path directory, String engine) {
        return directory.resolve("create-" + hash(engine) + ".lock");
    }

    private static void release(FileLock lock) {
        if (lock != null) {
            closeQuietly(lock.channel());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases the lock; a failure leaves nothing to do.
            }
        }
    }

    private static String hash(String engine) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(engine.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
