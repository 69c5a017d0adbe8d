package dev.mino.proxy.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered reader of one side of an HTTP/1.1 connection: lines ended strictly by CR LF (a bare
 * CR or LF is an error: two parsers that disagree on line ends are how requests get smuggled),
 * and raw bytes for bodies.
 */
final class HttpInput {
    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    HttpInput(InputStream in) {
        this.in = in;
    }

    /** Fills the buffer when it is empty; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Whether the stream ended cleanly before the next byte (waits for one). */
    boolean atEnd() throws IOException {
        return !fill();
    }

    /**
     * One line without its CR LF, read as ISO-8859-1.
     *
     * @param max the most bytes the line may have, CR LF included
     * @param tooLong the status to answer when it is longer
     * @throws HttpError for a bare CR or LF, or a line too long
     * @throws EOFException when the stream ends within the line
     */
    String readLine(int max, int tooLong) throws IOException, HttpError {
        StringBuilder line = new StringBuilder();
        int count = 0;
        while (true) {
            if (!fill()) {
                throw new EOFException("the connection ended within a line");
            }
            byte b = buffer[position++];
            count++;
            if (count > max) {
                throw new HttpError(tooLong, "a line of the message is too long");
            }
            if (b == '\n') {
                throw new HttpError(400, "a line ends with a line feed without a carriage return");
            }
            if (b == '\r') {
                if (!fill()) {
                    throw new EOFException("the connection ended within a line");
                }
                if (buffer[position++] != '\n') {
                    throw new HttpError(400, "a carriage return without a line feed");
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads up to {@code length} body bytes; -1 at the end of the stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Bytes of a line for writing: ISO-8859-1 and CR LF. */
    static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
