package dev.mino.core.internal.sandbox;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sweep of what dead JVMs left behind, running on a daemon thread of its own. The start that
 * began it waits for it before it returns, but only so long: a sweep is quick (one listing by
 * label, and a remove per abandoned object), yet an engine that answers slowly, or a killed
 * sandbox whose thousands of processes take long to die, must not hold every start. What a sweep
 * cut short by the end of its JVM did not do, the next start does.
 */
final class SweepInProgress {
    private static final System.Logger LOG = System.getLogger(SweepInProgress.class.getName());
    /** No sweep was due: there is nothing to wait for. */
    static final SweepInProgress NONE = new SweepInProgress();

    private final CountDownLatch done = new CountDownLatch(1);

    private SweepInProgress() {
    }

    /** Runs {@code sweep} on a new daemon thread of {@code runtime}'s. */
    static SweepInProgress start(MinoRuntime runtime, Runnable sweep) {
        SweepInProgress pending = new SweepInProgress();
        Thread thread = runtime.thread("mino-sweep", () -> {
            try {
                sweep.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the sweep of stale sandboxes failed: " + e);
            } finally {
                pending.done.countDown();
            }
        });
        thread.start();
        return pending;
    }

    /**
     * Waits until the sweep is done or {@code bound} has passed, whichever comes first.
     *
     * @return true when the sweep is done
     */
    boolean awaitAtMost(Duration bound) {
        if (this == NONE) {
            return true;
        }
        try {
            if (done.await(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.log(Level.INFO, "the sweep of stale sandboxes takes longer than " + bound.toSeconds()
            + " s; it goes on in the background, and the next start finishes it if this process ends first");
        return false;
    }
}
