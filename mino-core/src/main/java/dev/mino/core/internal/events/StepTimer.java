package dev.mino.core.internal.events;

import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One step of a start as the listener hears it: {@link MinoEvent.Phase#STARTED} when it begins,
 * then {@link MinoEvent.Phase#FINISHED} or {@link MinoEvent.Phase#FAILED} with the time it took,
 * measured on the monotonic clock (a wall clock set back meanwhile cannot make it negative).
 */
public final class StepTimer {
    private final SandboxListener listener;
    private final MinoEvent.Step step;
    private final long startNanos;
    private String message;
    private boolean ended;

    private StepTimer(SandboxListener listener, MinoEvent.Step step, String message) {
        this.listener = listener;
        this.step = step;
        this.message = message;
        this.startNanos = System.nanoTime();
    }

    /** Tells {@code listener} that {@code step} begins, with {@code message}, and starts the clock. */
    public static StepTimer begin(SandboxListener listener, MinoEvent.Step step, String message) {
        StepTimer timer = new StepTimer(listener, step, message);
        listener.onEvent(MinoEvent.ProgressStep.started(step, message));
        return timer;
    }

    /**
     * Runs {@code work} as {@code step}: begun before, finished after, failed when it throws.
     *
     * @return what {@code work} returned
     */
    public static <T> T run(SandboxListener listener, MinoEvent.Step step, String message, Supplier<T> work) {
        StepTimer timer = begin(listener, step, message);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            timer.fail();
            throw e;
        }
        timer.finish();
        return result;
    }

    /** Runs {@code work} as {@code step}, as {@link #run(SandboxListener, MinoEvent.Step, String, Supplier)}. */
    public static void run(SandboxListener listener, MinoEvent.Step step, String message, Runnable work) {
        run(listener, step, message, () -> {
            work.run();
            return null;
        });
    }

    /** A step that took no work worth timing (an image found ready): begun and finished at once. */
    public static void instant(SandboxListener listener, MinoEvent.Step step, String message) {
        begin(listener, step, message).finish();
    }

    /** Tells a new message of the step while it goes on (the clock goes on too). */
    public void update(String newMessage) {
        message = newMessage;
        listener.onEvent(MinoEvent.ProgressStep.started(step, newMessage));
    }

    /** Tells that the step ended well, with its duration; nothing when it ended already. */
    public void finish() {
        end(MinoEvent.Phase.FINISHED);
    }

    /** Tells that the step failed, with its duration; nothing when it ended already. */
    public void fail() {
        end(MinoEvent.Phase.FAILED);
    }

    private void end(MinoEvent.Phase phase) {
        if (ended) {
            return;
        }
        ended = true;
        Duration elapsed = Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
        listener.onEvent(new MinoEvent.ProgressStep(step, phase, message, elapsed));
    }
}
