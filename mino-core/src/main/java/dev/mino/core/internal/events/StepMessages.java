package dev.mino.core.internal.events;

import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import java.util.function.Consumer;

/**
 * A step that only reports when it has something to say (making an OrbStack VM ready says what
 * it does; finding a running engine says nothing): the first message begins the step, each later
 * one updates it, and {@link #finish()} or {@link #fail()} ends it, if it began.
 */
public final class StepMessages implements Consumer<String> {
    private final SandboxListener listener;
    private final MinoEvent.Step step;
    private StepTimer timer;

    /** Messages of {@code step}, told to {@code listener}. */
    public StepMessages(SandboxListener listener, MinoEvent.Step step) {
        this.listener = listener;
        this.step = step;
    }

    @Override
    public synchronized void accept(String message) {
        String text = String.valueOf(message);
        if (timer == null) {
            timer = StepTimer.begin(listener, step, text);
        } else {
            timer.update(text);
        }
    }

    /** Ends the step well, if it began; nothing after it ended. */
    public synchronized void finish() {
        if (timer != null) {
            timer.finish();
        }
    }

    /** Ends the step as failed, if it began and has not ended. */
    public synchronized void fail() {
        if (timer != null) {
            timer.fail();
        }
    }
}
