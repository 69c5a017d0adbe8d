package dev.mino.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Folders for integration tests that a rootless Podman running as another user (the test user of
 * scripts/test-podman.sh) can mount: JUnit's own temp folders are private to the JVM's user.
 */
public final class TestDirectories {
    private TestDirectories() {
    }

    /** A new, empty, world-writable folder under the system temp folder. */
    public static Path create(String prefix) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), prefix + "-" + UUID.randomUUID().toString()
                .substring(0, 8));
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and everything in it; missing is fine. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            // A file that vanished while the folder was read (a process ending removes its
            // socket, say) is what deleting wanted anyway; look again for what is left.
            if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                throw e;
            }
            delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
