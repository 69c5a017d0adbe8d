package dev.mino.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of an image build as Podman reports it: {@code STEP n/m: <instruction>} lines
 * mark the steps; lines such as {@code --> 3f2a...} and {@code COMMIT ...} are bookkeeping that
 * nobody needs to see (SPEC 0.3); everything else is what the build's commands print.
 */
final class BuildProgress {
    private static final Pattern STEP = Pattern.compile("STEP (\\d+)/(\\d+): (.*)");

    private BuildProgress() {
    }

    /**
     * One step of a build.
     *
     * @param number which step, from 1
     * @param total how many there are
     * @param instruction the Containerfile instruction, for example {@code RUN make}
     */
    record Step(int number, int total, String instruction) {
        /** {@code [n/m] instruction}, for a progress line. */
        String label() {
            return "[" + number + "/" + total + "] " + instruction;
        }
    }

    /** The step a line announces, if it is a {@code STEP n/m:} line. */
    static Optional<Step> step(String line) {
        Matcher m = STEP.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Step(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a line is empty or the build's own bookkeeping. */
    static boolean noise(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("--->") || s.startsWith("-->") || s.startsWith("Removing intermediate")
            || s.startsWith("COMMIT");
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
