package dev.mino.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DisplayTextTest {

    @Test
    void controlsOfBothRangesAndDeleteAreEscaped() {
        assertEquals("\\u0000\\u0007\\u0009\\u000A\\u001B[2J\\u007F\\u0080\\u009B31m\\u009F",
            DisplayText.escape("\0\u0007\t\n\u001b[2J\u007f\u0080\u009b31m\u009f"));
    }

    @Test
    void formatCharactersAndSeparatorsAreEscaped() {
        assertEquals("evil\\u202Etxt.exe \\u2066x\\u2069 \\u200B\\u200D\\uFEFF\\u00AD \\u2028\\u2029 \\U000E0041",
            DisplayText.escape("evil\u202etxt.exe \u2066x\u2069 \u200b\u200d\ufeff\u00ad \u2028\u2029 \udb40\udc41"));
    }

    @Test
    void loneSurrogatesAreEscaped() {
        assertEquals("a\\uD800b\\uDC00", DisplayText.escape("a\ud800b\udc00"));
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String text = "café 日本語 ✓ 🐳 \\u202e C:\\path ~!@#$%^&*()";
        assertSame(text, DisplayText.escape(text));
        assertFalse(DisplayText.mustEscape('a'));
        assertFalse(DisplayText.mustEscape(0x1F433));
        assertTrue(DisplayText.mustEscape(0x202E));
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        String once = DisplayText.escape("x\u001b\u202ey");
        assertEquals(once, DisplayText.escape(once));
    }

    @Test
    void textOfSeveralLinesKeepsItsLineBreaksAndTabsAndNothingElse() {
        assertEquals("Error: \\u001B]0;pwned\\u0007 \\u009B \\u202E ok \u2713\n\tline\r\n",
            DisplayText.escapeLines("Error: \u001b]0;pwned\u0007 \u009b \u202e ok \u2713\n\tline\r\n"));
        assertEquals("a\\u000Db\\u000D", DisplayText.escapeLines("a\rb\r"), "a carriage return on its own");
        assertEquals("\\uD800\\u2028", DisplayText.escapeLines("\ud800\u2028"), "a lone surrogate, a line separator");
        String plain = "two\nlines\twith tabs \\ and \ud83d\ude00\r\n";
        assertEquals(plain, DisplayText.escapeLines(plain), "ordinary text is unchanged");
    }
}
