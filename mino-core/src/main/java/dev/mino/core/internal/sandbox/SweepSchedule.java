package dev.mino.core.internal.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a start sweeps: the first start of a Mino on an engine and state directory, and again once
 * {@link #interval} has passed. Once per JVM would leave a long-running JVM (an IDE) blind to JVMs
 * killed after its first start; every start would list the engine's containers each time.
 */
final class SweepSchedule {
    private final Duration interval;
    private final Map<String, Long> lastSweep = new ConcurrentHashMap<>();

    SweepSchedule(Duration interval) {
        this.interval = interval;
    }

    /**
     * True for the one caller that should sweep {@code key} now (of any number calling at once);
     * the time is taken as the sweep's, so the others skip.
     */
    boolean claim(String key, long nowNanos) {
        AtomicBoolean claimed = new AtomicBoolean();
        lastSweep.compute(key, (k, last) -> {
            if (last == null || nowNanos - last >= interval.toNanos()) {
                claimed.set(true);
                return nowNanos;
            }
            return last;
        });
        return claimed.get();
    }
}
