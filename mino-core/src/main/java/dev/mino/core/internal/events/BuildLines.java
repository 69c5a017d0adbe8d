package dev.mino.core.internal.events;

import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import java.util.function.Consumer;

/** The lines of a build or pull, as the engine reports them, told to a listener as {@link MinoEvent.BuildOutput}. */
public final class BuildLines {
    private BuildLines() {
    }

    /** A consumer of engine lines that tells each to {@code listener}. */
    public static Consumer<String> to(SandboxListener listener) {
        return line -> listener.onEvent(new MinoEvent.BuildOutput(line == null ? "" : line));
    }
}
