package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
