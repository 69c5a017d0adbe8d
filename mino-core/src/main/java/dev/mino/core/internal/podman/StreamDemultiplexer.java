package dev.mino.core.internal.podman;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Splits Podman's multiplexed output (non-TTY attach, exec and logs) into stdout and stderr.
 * Each frame is 8 bytes of header, {@code [stream, 0, 0, 0, length as big-endian uint32]}, then
 * the payload; stream 1 is stdout and 2 is stderr (0, stdin echo, goes to stdout).
 */
public final class StreamDemultiplexer {
    private StreamDemultiplexer() {
    }

    /**
     * Copies frames from {@code in} until it ends, each payload to {@code stdout} or {@code stderr},
     * flushing after each frame so that a reader sees output as it comes.
     */
    public static void copy(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] header = new byte[8];
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int got = in.readNBytes(header, 0, 8);
            if (got == 0) {
                return;
            }
            if (got < 8) {
                throw new EOFException("stream ended inside a frame header (" + got + " of 8 bytes)");
            }
            long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
            OutputStream target = header[0] == 2 ? stderr : stdout;
            while (length > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                if (n < 0) {
                    throw new EOFException("stream ended inside a frame (" + length + " bytes missing)");
                }
                target.write(buffer, 0, n);
                length -= n;
            }
            target.flush();
        }
    }
}
