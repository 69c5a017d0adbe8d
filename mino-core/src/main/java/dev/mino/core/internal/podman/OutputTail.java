package dev.mino.core.internal.podman;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last few kilobytes a child process wrote to stderr, drained by a thread of its own. A
 * process whose stderr is not read stalls once the pipe is full, and what it wrote last is what
 * explains a failure ("Permission denied (publickey)").
 */
final class OutputTail {
    private final byte[] ring;
    private long written;
    private volatile Thread drain;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Starts a daemon thread that keeps the tail of {@code source} until it ends. */
    void drain(InputStream source, String threadName) {
        drain = new Thread(() -> {
            byte[] chunk = new byte[1024];
            try (source) {
                int n;
                while ((n = source.read(chunk)) >= 0) {
                    append(chunk, n);
                }
            } catch (IOException e) {
                // The process is gone; what was kept so far is all there is.
            }
        }, threadName);
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * Waits a little for the drain to reach the end, because a process's last words may still be
     * in the pipe when its exit is seen.
     */
    void awaitEnd(long millis) throws InterruptedException {
        Thread running = drain;
        if (running != null) {
            running.join(millis);
        }
    }

    synchronized void append(byte[] chunk, int length) {
        int skipped = Math.max(0, length - ring.length);
        written += skipped;
        for (int i = skipped; i < length; i++) {
            ring[(int) (written++ % ring.length)] = chunk[i];
        }
    }

    /** The kept text, trimmed, with a marker when older output was dropped. */
    synchronized String text() {
        byte[] kept;
        if (written <= ring.length) {
            kept = Arrays.copyOf(ring, (int) written);
        } else {
            int start = (int) (written % ring.length);
            kept = new byte[ring.length];
            System.arraycopy(ring, start, kept, 0, ring.length - start);
            System.arraycopy(ring, 0, kept, ring.length - start, start);
        }
        String text = new String(kept, StandardCharsets.UTF_8).strip();
        return written > ring.length ? "..." + text : text;
    }
}
