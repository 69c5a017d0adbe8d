package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ages {@code mino prune --older-than} takes. */
class PruneCommandTest {
    @Test
    void agesAreHoursOrDays() {
        assertEquals(Duration.ZERO, PruneCommand.age(null));
        assertEquals(Duration.ofHours(12), PruneCommand.age("12h"));
        assertEquals(Duration.ofHours(5), PruneCommand.age("5"));
        assertEquals(Duration.ofDays(7), PruneCommand.age("7d"));
        for (String bad : new String[] {"", "d", "-1d", "1w", "1.5h", "9999999d", "7 d\u001b[2J"}) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> PruneCommand.age(bad), bad);
            assertTrue(e.hint().contains("12h or 7d"), e.hint());
            assertTrue(!e.getMessage().contains("\u001b"), "the bad input is shown escaped: " + e.getMessage());
        }
    }
}
