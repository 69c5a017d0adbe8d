package dev.mino.core.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory pipe: one thread writes (the pump reading the container's output), another
 * reads. Unlike {@link java.io.PipedInputStream} it does not care which threads use it or whether
 * they are still alive. A full pipe blocks the writer, which is how back-pressure reaches the
 * container.
 *
 * <p>Why not Okio's {@code Pipe} (used for {@code PumpedInput}): this pipe must do three things
 * it does not. {@link #closeWriter()} from another thread must free a pump blocked on a full pipe
 * while the bytes already in it stay readable (closing a sandbox whose output nobody read, see
 * MinoIT); Okio's {@code sink.close()} leaves a blocked writer waiting and {@code cancel()} drops
 * the buffer and fails the reader. A closed reader must make writes vanish, so that the other
 * stream of the same pump keeps flowing; Okio's sink throws instead. And {@code available()} must
 * say what is buffered; Okio keeps that size internal. Each would need a wrapper around the pipe
 * as long as this class.
 */
final class BytePipe {
    private final byte[] buffer;
    private int readPos;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;

    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    BytePipe(int capacity) {
        this.buffer = new byte[capacity];
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    private synchronized int read(byte[] b, int off, int len) throws IOException {
        while (count == 0) {
            if (writerClosed || readerClosed) {
                return -1;
            }
            awaitChange();
        }
        int n = Math.min(len, count);
        int first = Math.min(n, buffer.length - readPos);
        System.arraycopy(buffer, readPos, b, off, first);
        System.arraycopy(buffer, 0, b, off + first, n - first);
        readPos = (readPos + n) % buffer.length;
        count -= n;
        notifyAll();
        return n;
    }

    private synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (writerClosed) {
                throw new IOException("pipe closed");
            }
            if (readerClosed) {
                // Nobody will read: drop the bytes rather than block the container for good.
                return;
            }
            if (count == buffer.length) {
                awaitChange();
                continue;
            }
            int writePos = (readPos + count) % buffer.length;
            int n = Math.min(len, Math.min(buffer.length - count, buffer.length - writePos));
            System.arraycopy(b, off, buffer, writePos, n);
            count += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the pipe");
        }
    }

    /** Ends the stream: the reader gets what is buffered, then end of stream. */
    synchronized void closeWriter() {
        writerClosed = true;
        notifyAll();
    }

    private synchronized void closeReader() {
        readerClosed = true;
        notifyAll();
    }

    private synchronized int available() {
        return count;
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return BytePipe.this.read(b, off, len);
        }

        @Override
        public int available() {
            return BytePipe.this.available();
        }

        @Override
        public void close() {
            closeReader();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            BytePipe.this.write(b, off, len);
        }

        @Override
        public void close() {
            closeWriter();
        }
    }
}
