package dev.mino.core.internal.podman;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last few lines of a long output, so that a failure can show what led up to it without
 * holding a whole build log in memory.
 */
final class LastLines {
    private final int capacity;
    private final ArrayDeque<String> lines;

    LastLines(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The kept lines, oldest first. */
    List<String> lines() {
        return List.copyOf(lines);
    }
}
