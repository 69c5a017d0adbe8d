package dev.mino.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lockfiles are written by the sandbox: any size, and a link may be swapped in at any moment. */
class LockfileTest {
    @TempDir
    Path project;

    @Test
    void aHugeLockfileIsHashedAsAStreamNotReadWhole() throws Exception {
        Path lock = project.resolve("package-lock.json");
        try (RandomAccessFile file = new RandomAccessFile(lock.toFile(), "rw")) {
            file.setLength(3L * 1024 * 1024 * 1024); // sparse: 3 GB on paper, nothing on disk
        }
        List<Lockfile> found = Lockfile.detect(project);
        assertEquals(1, found.size());
        assertTrue(found.get(0).hash().matches("[0-9a-f]{12}"), found.get(0).hash());
    }

    @Test
    void theHashIsTheContentsAndALinkIsNeverFollowed() throws Exception {
        Path lock = Files.writeString(project.resolve("Cargo.lock"), "version = 3\n");
        String first = Lockfile.hashOf(lock);
        assertEquals(first, Lockfile.hashOf(lock), "the same bytes, the same hash");
        Files.writeString(lock, "version = 4\n");
        assertNotEquals(first, Lockfile.hashOf(lock), "a changed lockfile gets a new cache");

        Path secret = Files.writeString(project.resolve("../secret-" + System.nanoTime()), "host file\n");
        try {
            Files.delete(lock);
            Files.createSymbolicLink(lock, secret);
            assertTrue(Lockfile.detect(project).isEmpty(), "a linked lockfile is not a lockfile");
            MinoException e = assertThrows(MinoException.class, () -> Lockfile.hashOf(lock),
                "swapped in after the look: still not followed");
            assertTrue(e.getMessage().contains("reading lockfile"), e.getMessage());
        } finally {
            Files.deleteIfExists(secret);
        }
    }
}
