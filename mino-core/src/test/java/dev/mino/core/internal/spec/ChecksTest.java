package dev.mino.core.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a rejected value is quoted in an error message. */
class ChecksTest {

    @Test
    void printableEscapesWhatDisplayTextEscapesInItsNotation() {
        assertEquals("a\\u001B]0;x\\u0007\\u007F\\u009B2J\\u202Eb\\u2028\\U000E0041",
            Checks.printable("a\u001b]0;x\u0007\u007f\u009b2J\u202eb\u2028\udb40\udc41"));
        assertEquals("\\u0000\\u000A", Checks.printable("\0\n"));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "/home/me/caf\u00e9 \ud83d\ude00 \\ back";
        assertEquals(text, Checks.printable(text));
    }

    @Test
    void aLongValueIsCutBetweenWholeCharacters() {
        assertEquals("x".repeat(80) + "...", Checks.printable("x".repeat(200)));
        assertEquals("x".repeat(80), Checks.printable("x".repeat(80)), "exactly 80: nothing cut");
        String cut = Checks.printable("x".repeat(79) + "\ud83d\ude00" + "y");
        assertEquals("x".repeat(79) + "\ud83d\ude00...", cut, "a surrogate pair stays whole");
        assertEquals("x".repeat(79) + "\\u001B...", Checks.printable("x".repeat(79) + "\u001b\u001b"),
            "an escape stays whole");
    }
}
