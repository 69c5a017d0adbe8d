package dev.mino.core.internal.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import okio.Okio;
import okio.Pipe;
import okio.Source;

/**
 * The output of a child process, moved by a thread of its own into a bounded {@link Pipe}, so that
 * reads can wait with a timeout. A pipe from a process offers no way to interrupt a blocked read or to
 * bound how long it waits, and OkHttp needs both: its health check of an idle connection reads with
 * a 1 ms timeout, and its watchdog closes a socket to end a read that took too long. Okio's pipe
 * gives both (a timeout on its source, and {@link Pipe#cancel()} waking reader and pump alike);
 * this class adds what a socket must also tell: how much was received, and whether all of it was.
 */
final class PumpedInput {
    private final Pipe pipe;
    /** What the reader took out of the pipe and has not handed on yet; only the reader uses it. */
    private final Buffer taken = new Buffer();
    private volatile long received;
    private volatile long read;
    private volatile boolean ended;
    private volatile boolean closed;

    PumpedInput(int capacity) {
        this.pipe = new Pipe(capacity);
    }

    /** Starts a daemon thread that moves everything {@code source} gives into this buffer. */
    void pumpFrom(InputStream source, String threadName) {
        Thread pump = new Thread(() -> pump(source), threadName);
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream stream) {
        Buffer chunk = new Buffer();
        try (Source source = Okio.source(stream)) {
            for (long n; (n = source.read(chunk, 8192)) >= 0; ) {
                // Returns once all of it is in the pipe, waiting for room; fails once cancelled.
                pipe.sink().write(chunk, n);
                received += n;
            }
        } catch (IOException e) {
            // The process ended or the socket was closed; either way the stream is over.
        } finally {
            ended = true;
            try {
                pipe.sink().close();
            } catch (IOException ignored) {
                // Cancelled: the reader fails anyway.
            }
        }
    }

    /** Wakes up any reader and the pump; later reads fail as on a closed socket. */
    void close() {
        closed = true;
        pipe.cancel();
    }

    /** How many bytes the process has written so far (at least). */
    long received() {
        return received;
    }

    /**
     * Reads at least one byte, waiting at most {@code timeoutMillis} (0: no limit).
     *
     * @return the number of bytes read, or -1 when the process closed its output
     */
    synchronized int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (closed) {
            throw new SocketException("Socket closed");
        }
        if (taken.size() == 0) {
            pipe.source().timeout().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
            try {
                if (pipe.source().read(taken, len) < 0) {
                    return -1;
                }
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                throw new SocketTimeoutException("Read timed out after " + timeoutMillis + " ms");
            } catch (IOException e) {
                // Cancelled by close().
                throw closed ? new SocketException("Socket closed") : e;
            }
        }
        int n = taken.read(b, off, len);
        read += n;
        return n;
    }

    /** True once the process closed its output and every byte of it was read. */
    boolean exhausted() {
        return ended && read == received;
    }

    /** Bytes that can be read without waiting (at least). */
    int available() {
        return (int) Math.max(0, Math.min(received - read, Integer.MAX_VALUE));
    }
}
