package dev.mino.cli.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** Copies one stream to another on its own thread, flushing after every read so a person sees output as it comes. */
public final class StreamPump {
    /** How long to wait for output still in flight once the command has ended. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private StreamPump() {
    }

    /**
     * Starts copying {@code from} to {@code to} on a daemon thread: daemon, because a pump blocked
     * reading the user's stdin must not keep mino alive after the command ended.
     *
     * @param closeTarget whether to close {@code to} at the end of {@code from} (stdin: the
     *     sandboxed command then sees end of input)
     */
    public static Thread start(String name, InputStream from, OutputStream to, boolean closeTarget) {
        Thread thread = new Thread(() -> copy(from, to, closeTarget), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void copy(InputStream from, OutputStream to, boolean closeTarget) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (n > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // One side went away (the command ended, or the reader of our output did): stop copying.
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException e) {
                    // Already closed by the other side.
                }
            }
        }
    }

    /** Waits for a pump to copy what is left, at most {@link #DRAIN}. */
    public static void drain(Thread pump) {
        try {
            pump.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
