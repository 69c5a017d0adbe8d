package dev.mino.cli.terminal;

import dev.mino.core.MinoEvent;

/**
 * Texts of an image build's progress line. The library reads the build's output
 * ({@link MinoEvent.BuildOutput#step()} finds the {@code STEP n/m: <instruction>} lines,
 * {@link MinoEvent.BuildOutput#bookkeeping()} the lines nobody needs to see, SPEC 0.3).
 */
final class BuildProgress {
    private BuildProgress() {
    }

    /** {@code [n/m] instruction}, for a progress line. */
    static String label(MinoEvent.BuildStep step) {
        return "[" + step.number() + "/" + step.total() + "] " + step.instruction();
    }

    /** Cuts text to {@code width} columns, marking the cut with an ellipsis. */
    static String fit(String text, int width) {
        if (width < 4 || text.codePointCount(0, text.length()) <= width) {
            return text;
        }
        int end = text.offsetByCodePoints(0, width - 3);
        return text.substring(0, end) + "...";
    }
}
