package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mino.core.MinoException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks that a library text names no command-line flag (issue #17: an IDE embedding Mino must not
 * tell its user to pass {@code --firewall-image}); a command line says it its own way by the code.
 */
public final class FlagFreeText {
    /** A long option anywhere ("--trust-local", "(--network-allow)"): what a command line's flag looks like. */
    public static final Pattern FLAG = Pattern.compile("(^|[\\s('\"\\[])--[a-z]");

    private FlagFreeText() {
    }

    /** Fails when a text names a command-line flag. */
    public static void assertNamesNoFlag(String... texts) {
        for (String text : texts) {
            assertFalse(FLAG.matcher(text).find(), "names a command-line flag: " + text);
        }
    }

    /**
     * Fails unless the failure has the code (the positive control that the condition arose) and
     * its message and hint name no command-line flag.
     */
    public static void assertCodedAndFlagFree(String code, MinoException failure) {
        assertEquals(Optional.of(code), failure.code(), "positive control: " + failure.describe());
        assertNamesNoFlag(failure.getMessage(), failure.hint());
    }
}
