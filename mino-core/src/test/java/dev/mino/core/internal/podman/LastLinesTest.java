package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LastLinesTest {

    @Test
    void keepsEverythingUpToItsCapacity() {
        LastLines lines = new LastLines(3);
        lines.add("a");
        lines.add("b");

        assertEquals(List.of("a", "b"), lines.lines());
    }

    @Test
    void dropsTheOldestLinesBeyondItsCapacity() {
        LastLines lines = new LastLines(3);
        for (String line : List.of("a", "b", "c", "d", "e")) {
            lines.add(line);
        }

        assertEquals(List.of("c", "d", "e"), lines.lines());
    }

    @Test
    void theLinesAreASnapshot() {
        LastLines lines = new LastLines(2);
        lines.add("a");
        List<String> before = lines.lines();
        lines.add("b");

        assertEquals(List.of("a"), before);
        assertEquals(List.of(), new LastLines(1).lines());
    }

    @Test
    void needsRoomForOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new LastLines(0));
    }
}
