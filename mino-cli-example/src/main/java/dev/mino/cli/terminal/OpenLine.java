package dev.mino.cli.terminal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Stderr's bytes, aware of a progress line left open on the terminal (one without its line
 * break, overwritten by the next): whatever else is written while one is open is put on a line
 * of its own, so that an {@code Error:} never continues a progress line.
 */
final class OpenLine extends FilterOutputStream {
    private boolean open;

    OpenLine(OutputStream out) {
        super(out);
    }

    /** Writes a progress line and leaves it open. */
    synchronized void show(byte[] line) {
        writeNow(line);
        open = true;
    }

    /** Writes {@code erase} over the open progress line; nothing when none is open. */
    synchronized void erase(byte[] erase) {
        if (open) {
            writeNow(erase);
            open = false;
        }
    }

    private void writeNow(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to stderr", e);
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        endOpenLine();
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            endOpenLine();
        }
        out.write(b, off, len);
    }

    /** Ends the open progress line, keeping its text: it says what was going on when this was written. */
    private void endOpenLine() throws IOException {
        if (open) {
            out.write('\n');
            open = false;
        }
    }
}
