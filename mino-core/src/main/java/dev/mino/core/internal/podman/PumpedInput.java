package dev.mino.core.internal.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * The output of a child process, moved by a thread of its own into a bounded buffer, so that reads
 * can wait with a timeout. A pipe from a process offers no way to interrupt a blocked read or to
 * bound how long it waits, and OkHttp needs both: its health check of an idle connection reads with
 * a 1 ms timeout, and its watchdog closes a socket to end a read that took too long.
 */
final class PumpedInput {
    private final byte[] ring;
    private int head;
    private int count;
    private long received;
    private boolean ended;
    private boolean closed;

    PumpedInput(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Starts a daemon thread that moves everything {@code source} gives into this buffer. */
    void pumpFrom(InputStream source, String threadName) {
        Thread pump = new Thread(() -> pump(source), threadName);
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream source) {
        byte[] chunk = new byte[8192];
        try (source) {
            while (true) {
                int n = source.read(chunk);
                if (n < 0 || !offer(chunk, n)) {
                    break;
                }
            }
        } catch (IOException e) {
            // The process ended or the socket was closed; either way the stream is over.
        } finally {
            end();
        }
    }

    /** Adds bytes, waiting for room; false once the reader side is closed. */
    private synchronized boolean offer(byte[] chunk, int length) {
        int offset = 0;
        while (offset < length) {
            while (count == ring.length && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    return false;
                }
            }
            if (closed) {
                return false;
            }
            int tail = (head + count) % ring.length;
            int n = Math.min(length - offset, Math.min(ring.length - count, ring.length - tail));
            System.arraycopy(chunk, offset, ring, tail, n);
            count += n;
            received += n;
            offset += n;
            notifyAll();
        }
        return true;
    }

    private synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Wakes up any reader and the pump; later reads fail as on a closed socket. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** How many bytes the process has written so far. */
    synchronized long received() {
        return received;
    }

    /**
     * Reads at least one byte, waiting at most {@code timeoutMillis} (0: no limit).
     *
     * @return the number of bytes read, or -1 when the process closed its output
     */
    synchronized int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (count == 0 && !ended && !closed) {
            long waitMillis = 0;
            if (timeoutMillis > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new SocketTimeoutException("Read timed out after " + timeoutMillis + " ms");
                }
                waitMillis = Math.max(1L, (remaining + 999_999L) / 1_000_000L);
            }
            try {
                wait(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading from the engine");
            }
        }
        if (closed) {
            throw new SocketException("Socket closed");
        }
        if (count == 0) {
            return -1;
        }
        int n = Math.min(len, Math.min(count, ring.length - head));
        System.arraycopy(ring, head, b, off, n);
        head = (head + n) % ring.length;
        count -= n;
        notifyAll();
        return n;
    }

    /** True once the process closed its output and every byte of it was read. */
    synchronized boolean exhausted() {
        return ended && count == 0;
    }

    /** Bytes that can be read without waiting. */
    synchronized int available() {
        return count;
    }
}
