package dev.mino.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team: a sandbox still running (a detached session of the project, or of any project that
 * {@code cache list} and {@code gc} look at) swaps a FIFO in for its lockfile between the look and
 * the read. Opening a FIFO waits for a writer; reading one takes whatever the writer sends. Either
 * used to hang the run, or the listing of every cache, for good.
 */
class LockfileFifoTest {
    @TempDir
    Path project;

    private Path fifo(String name) throws IOException, InterruptedException {
        Path path = project.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        return path;
    }

    @Test
    void aFifoWithoutAWriterFailsWithinTheLimitInsteadOfHanging() throws Exception {
        Path lock = fifo("package-lock.json");
        MinoException e = assertTimeoutPreemptively(Lockfile.OPEN_LIMIT.plusSeconds(5),
            () -> assertThrows(MinoException.class, () -> Lockfile.hashOf(lock)));
        assertTrue(e.getMessage().contains("did not open"), e.getMessage());
    }

    @Test
    void aFifoWhoseWriterNeverStopsIsReadNoFurtherThanItsSize() throws Exception {
        Path lock = fifo("Cargo.lock");
        Thread writer = new Thread(() -> {
            byte[] flood = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(lock)) {
                while (true) {
                    out.write(flood);
                }
            } catch (IOException e) {
                // The reader closed its end.
            }
        });
        writer.setDaemon(true);
        writer.start();
        String empty = Lockfile.hashOf(Files.writeString(project.resolve("empty"), ""));
        assertEquals(empty, assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Lockfile.hashOf(lock)),
            "nothing is read from a FIFO: it has no size");
    }

    @Test
    void aRegularLockfileIsStillHashedWhole() throws Exception {
        Path lock = Files.writeString(project.resolve("yarn.lock"), "a".repeat(200_000));
        Path same = Files.writeString(project.resolve("copy"), "a".repeat(200_000));
        Path other = Files.writeString(project.resolve("other"), "a".repeat(199_999) + "b");
        assertEquals(Lockfile.hashOf(same), Lockfile.hashOf(lock));
        assertTrue(!Lockfile.hashOf(other).equals(Lockfile.hashOf(lock)), "the last byte counts");
    }
}
