package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Red team: byte sequences a hostile sandbox could hope a terminal decodes as ESC or CSI while
 * the filter takes them for something harmless. Every one must come out as visible text, with no
 * ESC (0x1B), no 0x9B byte and no C1 character left in what reaches the terminal.
 */
class TerminalSafeOutputAttackTest {
    private static String filtered(boolean byteByByte, int... values) throws IOException {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (TerminalSafeOutput safe = TerminalSafeOutput.forStream(terminal, true, false)) {
            if (byteByByte) {
                for (byte b : bytes) {
                    safe.write(b);
                }
            } else {
                safe.write(bytes);
            }
        }
        byte[] out = terminal.toByteArray();
        for (byte b : out) {
            assertFalse(b == 0x1b || (b & 0xff) == 0x9b || (b & 0xff) == 0x9d, "a control byte reached the terminal");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertFalse(text.codePoints().anyMatch(cp -> cp >= 0x80 && cp <= 0x9f), "a C1 character reached the terminal");
        return text;
    }

    private static String both(int... values) throws IOException {
        String whole = filtered(false, values);
        assertEquals(whole, filtered(true, values), "written whole and byte by byte");
        return whole;
    }

    @Test
    void overlongFormsOfEscAndCsiAreShownByteForByte() throws IOException {
        assertEquals("\\xC0\\x9B", both(0xc0, 0x9b), "2-byte overlong of ESC");
        assertEquals("\\xC1\\x9B[2J", both(0xc1, 0x9b, '[', '2', 'J'));
        assertEquals("\\xE0\\x80\\x9B", both(0xe0, 0x80, 0x9b), "3-byte overlong of ESC");
        assertEquals("\\xF0\\x80\\x80\\x9B", both(0xf0, 0x80, 0x80, 0x9b), "4-byte overlong of ESC");
        assertEquals("\\xE0\\x82\\x9B", both(0xe0, 0x82, 0x9b), "3-byte overlong of U+009B");
    }

    @Test
    void surrogatesEncodedInUtf8AreInvalidAndShownByteForByte() throws IOException {
        // CESU-8 of U+1F600: two encoded surrogates.
        assertEquals("\\xED\\xA0\\xBD\\xED\\xB8\\x80", both(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80));
    }

    @Test
    void c1ControlsInEveryFormAreEscaped() throws IOException {
        assertEquals("\\u009B31m", both(0xc2, 0x9b, '3', '1', 'm'), "CSI as UTF-8");
        assertEquals("\\x9B31m", both(0x9b, '3', '1', 'm'), "CSI as a raw byte");
        assertEquals("\\u0085\\u008D", both(0xc2, 0x85, 0xc2, 0x8d), "NEL and reverse line feed");
        assertEquals("\\u009Dx\\u009C", both(0xc2, 0x9d, 'x', 0xc2, 0x9c), "OSC and ST");
    }

    @Test
    void controlsInsideAPendingCharacterAreStillEscaped() throws IOException {
        assertEquals("\\xF0\\x9F\\u001B]0;t\\u0007", both(0xf0, 0x9f, 0x1b, ']', '0', ';', 't', 0x07));
        assertEquals("\\xE2\\u000DX", both(0xe2, '\r', 'X'), "a CR cutting a character short is still escaped");
    }

    @Test
    void carriageReturnTricksCannotOverwriteALine() throws IOException {
        assertEquals("ok\\u000D\\u000D\r\n", both('o', 'k', '\r', '\r', '\r', '\n'), "only the CR before LF is kept");
        assertEquals("a\\u000Db", both('a', '\r', 'b'));
        assertEquals("\\u000D\\u001B[1A", both('\r', 0x1b, '[', '1', 'A'), "CR then cursor up");
    }

    @Test
    void aVeryLongLineOfEscapesIsEscapedWhole() throws IOException {
        int[] flood = new int[200_000];
        java.util.Arrays.fill(flood, 0x1b);
        String out = filtered(false, flood);
        assertEquals(6 * flood.length, out.length(), "each ESC shown as \\u001B");
    }

    @Test
    void textEscapingTakesTheSameForms() {
        String text = dev.mino.core.text.DisplayText.escapeLines("\u009b2J\ud800\u001b a\rb\r\n");
        assertFalse(text.chars().anyMatch(c -> c == 0x1b || c == 0x9b || Character.isSurrogate((char) c)), text);
        assertEquals("\\u009B2J", text.substring(0, 8));
        assertFalse(text.contains("\rb"), "a lone CR is escaped: " + text);
        assertEquals("\r\n", text.substring(text.length() - 2), "CR LF is kept");
    }
}
