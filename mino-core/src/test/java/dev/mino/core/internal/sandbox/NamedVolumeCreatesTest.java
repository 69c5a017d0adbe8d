package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedVolumeCreatesTest {
    // Never called: only its address keys the lock.
    private final PodmanClient client = PodmanClient.create(new EngineAddress.Unix(Path.of("/nonexistent/mino.sock")),
        Duration.ofSeconds(1));

    @AfterEach
    void close() {
        client.close();
    }

    /** Starts a thread that creates with {@code volumes} named volumes, entering {@code entered} and holding until {@code release}. */
    private Thread creating(int volumes, CountDownLatch entered, CountDownLatch release) {
        Thread thread = new Thread(() -> NamedVolumeCreates.create(client, volumes, () -> {
            entered.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        thread.start();
        return thread;
    }

    @Test
    void createsWithSeveralNamedVolumesOnOneEngineRunOneAtATime() throws Exception {
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch secondIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = creating(2, firstIn, release);
        assertTrue(firstIn.await(10, TimeUnit.SECONDS));
        Thread second = creating(3, secondIn, new CountDownLatch(0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.BLOCKED, second.getState(), "the second create waits for the first");
        assertEquals(1, secondIn.getCount(), "and has not begun");
        release.countDown();
        assertTrue(secondIn.await(10, TimeUnit.SECONDS), "it begins once the first is done");
        first.join(10_000);
        second.join(10_000);
    }

    @Test
    void anotherJvmHoldingTheEnginesLockFileHoldsTheCreateBack(@TempDir Path locks) throws Exception {
        String engine = "unix:///nonexistent/other-jvm.sock";
        Path file = NamedVolumeCreates.lockFileOf(locks, engine);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
            assertEquals("LOCKED", out.readLine());
            CountDownLatch in = new CountDownLatch(1);
            Thread create = new Thread(() -> NamedVolumeCreates.create(engine, Optional.of(locks), 2, () -> {
                in.countDown();
                return null;
            }));
            create.start();
            assertFalse(in.await(1, TimeUnit.SECONDS), "the create waits while the other JVM holds the lock");
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertTrue(in.await(10, TimeUnit.SECONDS), "and runs once it is released");
            create.join(10_000);
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void theLockFilesLiveInTheRuntimeDirectoryElseAPrivateTemporaryFolder(@TempDir Path run) {
        assertEquals(Optional.of(run.resolve("mino")),
            NamedVolumeCreates.lockDirectory(Map.of("XDG_RUNTIME_DIR", run.toString())));
        Path fallback = NamedVolumeCreates.lockDirectory(Map.of()).orElseThrow();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), fallback.getParent());
        assertTrue(fallback.getFileName().toString().startsWith("mino-"), fallback.toString());
    }

    @Test
    void createsWithAtMostOneNamedVolumeRunTogether() throws Exception {
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch secondIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = creating(1, firstIn, release);
        assertTrue(firstIn.await(10, TimeUnit.SECONDS));
        Thread second = creating(2, secondIn, release);
        assertTrue(secondIn.await(10, TimeUnit.SECONDS), "a create with one volume holds no lock");
        release.countDown();
        first.join(10_000);
        second.join(10_000);
    }
}
