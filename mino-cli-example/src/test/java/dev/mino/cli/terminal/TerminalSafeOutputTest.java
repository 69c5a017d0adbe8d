package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.text.DisplayText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalSafeOutputTest {
    /** The filter's output for {@code chunks}, each handed over in its own write. */
    private static String filtered(byte[]... chunks) throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (OutputStream safe = new TerminalSafeOutput(terminal)) {
            for (byte[] chunk : chunks) {
                safe.write(chunk);
            }
        }
        return terminal.toString(StandardCharsets.UTF_8);
    }

    private static String filtered(String... chunks) throws IOException {
        byte[][] bytes = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            bytes[i] = chunks[i].getBytes(StandardCharsets.UTF_8);
        }
        return filtered(bytes);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void clipboardTitleAndClearScreenSequencesBecomeText() throws IOException {
        assertEquals("\\u001B]52;c;aGk=\\u0007", filtered("\u001b]52;c;aGk=\u0007"), "OSC 52 clipboard write");
        assertEquals("\\u001B]0;pwned\\u0007", filtered("\u001b]0;pwned\u0007"), "window title");
        assertEquals("\\u001B]2;pwned\\u001B\\", filtered("\u001b]2;pwned\u001b\\"), "title ended by ST");
        assertEquals("\\u001B[2J\\u001B[H", filtered("\u001b[2J\u001b[H"), "clear screen");
    }

    @Test
    void c1ControlsAreEscapedAsCharactersAndAsLoneBytes() throws IOException {
        assertEquals("\\u009B2J", filtered("\u009b2J"), "C1 CSI encoded in UTF-8");
        assertEquals("\\u009D0;x\\u009C", filtered("\u009d0;x\u009c"), "C1 OSC ... ST");
        assertEquals("\\x9B2J", filtered(bytes(0x9b, '2', 'J')), "a lone 0x9B is CSI to an 8-bit terminal");
        assertEquals("\\u007F\\u0000\\u0008", filtered("\u007f\u0000\b"), "DEL, NUL, backspace");
    }

    @Test
    void bidirectionalAndFormatCharactersAreEscaped() throws IOException {
        assertEquals("evil\\u202Etxt.exe", filtered("evil\u202etxt.exe"));
        assertEquals("a\\u200Bb\\u2066c\\u2028d\\U000E0001", filtered("a\u200bb\u2066c\u2028d\udb40\udc01"));
    }

    @Test
    void textNewlinesTabsAndMultibyteCharactersPassUnchanged() throws IOException {
        String text = "héllo\tworld ✓ 😀 日本語\nnext line\r\n";
        assertEquals(text, filtered(text));
    }

    @Test
    void aLoneCarriageReturnIsEscapedButCrLfIsALineEnding() throws IOException {
        assertEquals("safe\\u000Drm -rf /\n", filtered("safe\rrm -rf /\n"));
        assertEquals("a\r\nb", filtered("a\r", "\nb"), "CR LF split across writes");
        assertEquals("a\\u000D", filtered("a\r"), "a CR left at the end");
    }

    @Test
    void sequencesSplitAcrossWritesAreStillEscaped() throws IOException {
        assertEquals("\\u001B]0;pwned\\u0007", filtered("\u001b", "]0;pw", "ned\u0007"));
        assertEquals("\\u009B2J", filtered(bytes(0xc2), bytes(0x9b, '2', 'J')), "a C1 character split in two");
    }

    @Test
    void multibyteCharactersSplitAcrossWritesArriveWhole() throws IOException {
        byte[] smiley = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals("x😀y", filtered(bytes('x', smiley[0]), bytes(smiley[1]), bytes(smiley[2], smiley[3], 'y')));
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        assertEquals("é", filtered(bytes(e[0]), bytes(e[1])));
    }

    @Test
    void invalidUtf8IsShownByteForByte() throws IOException {
        assertEquals("\\xC3A", filtered(bytes(0xc3, 'A')), "a lead byte without its continuation");
        assertEquals("\\xC0\\xAF", filtered(bytes(0xc0, 0xaf)), "an overlong slash");
        assertEquals("\\xED\\xA0\\x80", filtered(bytes(0xed, 0xa0, 0x80)), "an encoded surrogate");
        assertEquals("\\xF4\\x90\\x80\\x80", filtered(bytes(0xf4, 0x90, 0x80, 0x80)), "above U+10FFFF");
        assertEquals("ok\\xE2\\x9C", filtered(bytes('o', 'k', 0xe2, 0x9c)), "a character cut off at the end");
        assertEquals("\\xE2\\u001B[2J", filtered(bytes(0xe2), bytes(0x1b, '[', '2', 'J')),
            "an ESC after a lead byte is no continuation and still escaped");
    }

    @Test
    void aFlushKeepsAPartialCharacterForTheNextWrite() throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        TerminalSafeOutput safe = new TerminalSafeOutput(terminal);
        byte[] check = "✓".getBytes(StandardCharsets.UTF_8);
        safe.write(bytes('a', check[0]));
        safe.flush();
        assertEquals("a", terminal.toString(StandardCharsets.UTF_8));
        safe.write(bytes(check[1], check[2]));
        assertEquals("a✓", terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void closingDoesNotCloseTheTerminalsStream() throws IOException {
        boolean[] closed = {false};
        OutputStream terminal = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new TerminalSafeOutput(terminal).close();
        assertEquals(false, closed[0]);
    }

    @Test
    void rawOutputAndOutputThatIsNoTerminalPassUnchanged() throws IOException {
        byte[] hostile = bytes(0x1b, ']', '5', '2', ';', 'c', ';', 0x07, 0x9b, 0xc3, '\r');
        for (boolean[] terminalAndRaw : new boolean[][] {{true, true}, {false, false}}) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            TerminalSafeOutput out = TerminalSafeOutput.forStream(stream, terminalAndRaw[0], terminalAndRaw[1]);
            assertTrue(out.raw());
            out.write(hostile);
            out.close();
            assertArrayEquals(hostile, stream.toByteArray(), "the bytes as they came");
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        TerminalSafeOutput safe = TerminalSafeOutput.forStream(stream, true, false);
        assertFalse(safe.raw());
        safe.write("\u001b]52;c;aGk=\u0007".getBytes(StandardCharsets.UTF_8));
        assertEquals("\\u001B]52;c;aGk=\\u0007", stream.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFilterEscapesExactlyWhatDisplayTextEscapesInTheSameNotation() throws IOException {
        // Every code point UTF-8 can carry, except the line breaks and tab the filter keeps.
        StringBuilder all = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!Character.isSurrogate((char) cp) || cp > 0xffff) {
                if (cp != '\n' && cp != '\t' && cp != '\r') {
                    all.appendCodePoint(cp);
                }
            }
        }
        String text = all.toString();
        assertEquals(DisplayText.escape(text), filtered(text));
        assertEquals(DisplayText.escapeLines(text + "\r\n\t\r"), filtered(text + "\r\n\t\r"));
    }
}
