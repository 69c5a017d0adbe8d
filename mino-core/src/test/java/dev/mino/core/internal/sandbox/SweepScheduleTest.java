package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SweepScheduleTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void theFirstStartSweepsThenNoneUntilTheIntervalHasPassed() {
        SweepSchedule schedule = new SweepSchedule(Duration.ofMinutes(10));
        assertTrue(schedule.claim("engine|state", 0));
        assertFalse(schedule.claim("engine|state", MINUTE));
        assertFalse(schedule.claim("engine|state", 9 * MINUTE));
        assertTrue(schedule.claim("engine|state", 10 * MINUTE), "due again after ten minutes");
        assertFalse(schedule.claim("engine|state", 11 * MINUTE));
        assertTrue(schedule.claim("other-engine|state", 11 * MINUTE), "each engine and state directory apart");
    }

    @Test
    void ofManyStartsAtOnceOneSweeps() throws Exception {
        SweepSchedule schedule = new SweepSchedule(Duration.ofMinutes(10));
        AtomicInteger claimed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                if (schedule.claim("engine|state", 5)) {
                    claimed.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(1, claimed.get());
    }
}
