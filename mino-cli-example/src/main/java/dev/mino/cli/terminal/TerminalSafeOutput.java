package dev.mino.cli.terminal;

import dev.mino.core.text.DisplayText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes bytes that came from a sandbox to a terminal so that they show as text and never act on
 * the terminal. Which characters are escaped is {@link DisplayText#mustEscape(int)}'s rule (C0 and
 * C1 controls, DEL, format characters such as the bidirectional override U+202E, line and
 * paragraph separators), with newline and tab kept, and they are written in its notation
 * (<code>&#92;u001B</code>, <code>&#92;u202E</code>, <code>&#92;U000E0001</code>). A byte that is
 * not part of valid UTF-8 is no character and shows as the byte it is, <code>&#92;x9B</code> (a lone
 * 0x9B is CSI to a terminal in 8-bit mode). A carriage return directly followed by a newline is
 * kept (the line ending of a terminal session's log); alone it could overwrite a line and is escaped.
 *
 * <p>Escaping each character, rather than removing recognised sequences, needs no parser of
 * terminal sequences: a sequence split across writes, or one no parser knows, is still harmless,
 * since its ESC or CSI is written as text. Only a UTF-8 character and a CR split across writes are
 * held back until the next write completes them; {@link #close()} writes what is left, escaped,
 * without closing the terminal's stream.
 *
 * <p>Text such as an error message is escaped by the same rule with
 * {@link DisplayText#escapeLines(String)}. Not thread-safe: one writer per stream.
 */
public final class TerminalSafeOutput extends OutputStream {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    /** Whether bytes pass unchanged. */
    private final boolean raw;
    /** What one write produces, handed on in one piece: the terminal's stream may be unbuffered. */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    /** The bytes of a UTF-8 character read so far. */
    private final byte[] pending = new byte[4];
    private int pendingLength;
    /** How many bytes the pending character has in all. */
    private int expected;
    private boolean pendingCr;

    /** @param out the terminal's stream; never closed by this one */
    TerminalSafeOutput(OutputStream out) {
        this(out, false);
    }

    private TerminalSafeOutput(OutputStream out, boolean raw) {
        this.out = out;
        this.raw = raw;
    }

    /**
     * The stream for a sandbox's output to {@code out}: filtered when {@code out} is a terminal,
     * unchanged when {@code raw} is asked for or when {@code out} is no terminal (a file or a pipe
     * gets the bytes the sandbox wrote). Either way, closing it leaves {@code out} open.
     */
    static TerminalSafeOutput forStream(OutputStream out, boolean terminal, boolean raw) {
        return new TerminalSafeOutput(out, raw || !terminal);
    }

    /** Whether this stream passes bytes unchanged. */
    boolean raw() {
        return raw;
    }

    /**
     * Whether a code point is written as its escape: what {@link DisplayText#mustEscape(int)} names,
     * except newline and tab, which a command's output is made of.
     */
    private static boolean escaped(int cp) {
        return cp != '\n' && cp != '\t' && DisplayText.mustEscape(cp);
    }

    @Override
    public void write(int b) throws IOException {
        if (raw) {
            out.write(b);
            return;
        }
        accept(b & 0xff);
        handOn();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (raw) {
            out.write(bytes, offset, length);
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i] & 0xff);
        }
        handOn();
    }

    @Override
    public void flush() throws IOException {
        // A held-back CR or partial character stays held: the next write may complete it.
        out.flush();
    }

    /** Writes what is held back, escaped, and flushes; the terminal's stream stays open. */
    @Override
    public void close() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            writeEscape('\r');
        }
        invalidPending();
        handOn();
        out.flush();
    }

    private void handOn() throws IOException {
        if (buffer.size() > 0) {
            buffer.writeTo(out);
            buffer.reset();
        }
    }

    private void accept(int b) {
        if (pendingLength > 0) {
            if (continues(b)) {
                pending[pendingLength++] = (byte) b;
                if (pendingLength == expected) {
                    completeCharacter();
                }
                return;
            }
            invalidPending();
        }
        if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
                buffer.write('\r');
                buffer.write('\n');
                return;
            }
            writeEscape('\r');
        }
        if (b < 0x80) {
            if (b == '\r') {
                pendingCr = true;
            } else if (escaped(b)) {
                writeEscape(b);
            } else {
                buffer.write(b);
            }
        } else if (b >= 0xc2 && b <= 0xf4) {
            expected = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
            pending[0] = (byte) b;
            pendingLength = 1;
        } else {
            writeInvalid(b);
        }
    }

    /**
     * Whether {@code b} is a valid next byte of the pending character; the second byte's narrower
     * ranges exclude overlong forms, surrogates and code points above U+10FFFF.
     */
    private boolean continues(int b) {
        if (pendingLength == 1) {
            int first = pending[0] & 0xff;
            int low = first == 0xe0 ? 0xa0 : first == 0xf0 ? 0x90 : 0x80;
            int high = first == 0xed ? 0x9f : first == 0xf4 ? 0x8f : 0xbf;
            return b >= low && b <= high;
        }
        return b >= 0x80 && b <= 0xbf;
    }

    private void completeCharacter() {
        String character = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
        int cp = character.codePointAt(0);
        if (escaped(cp)) {
            writeEscape(cp);
        } else {
            buffer.write(pending, 0, pendingLength);
        }
        pendingLength = 0;
    }

    /** The pending bytes were no character after all: each is shown as the byte it is. */
    private void invalidPending() {
        for (int i = 0; i < pendingLength; i++) {
            writeInvalid(pending[i] & 0xff);
        }
        pendingLength = 0;
    }

    private void writeInvalid(int b) {
        buffer.write('\\');
        buffer.write('x');
        buffer.write(HEX[b >> 4]);
        buffer.write(HEX[b & 0xf]);
    }

    /** A code point as {@link DisplayText#appendEscape(StringBuilder, int)} writes it, so all output shows one notation. */
    private void writeEscape(int cp) {
        StringBuilder escape = new StringBuilder(10);
        DisplayText.appendEscape(escape, cp);
        buffer.writeBytes(escape.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
