package dev.mino.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies raw bytes both ways between two connected sockets until both directions have ended,
 * passing each half-close on; closes both when either side fails or when neither side has sent
 * anything for the idle time.
 */
final class Tunnel {
    private final Socket a;
    private final Socket b;
    private final long idleMillis;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    Tunnel(Socket a, Socket b, long idleMillis) {
        this.a = a;
        this.b = b;
        this.idleMillis = idleMillis;
    }

    /**
     * Runs the tunnel: one direction on {@code executor}, the other on this thread; returns when
     * both have ended. The caller closes the sockets.
     */
    void run(Executor executor) throws IOException {
        int poll = (int) Math.max(1, Math.min(idleMillis, 1000));
        a.setSoTimeout(poll);
        b.setSoTimeout(poll);
        Object done = new Object();
        boolean[] otherDone = {false};
        try {
            executor.execute(() -> {
                try {
                    pump(b, a);
                } finally {
                    synchronized (done) {
                        otherDone[0] = true;
                        done.notifyAll();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("no thread free for the tunnel's second direction", e);
        }
        pump(a, b);
        synchronized (done) {
            while (!otherDone[0]) {
                try {
                    done.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Copies {@code from} to {@code to}; on any failure closes both, ending the other direction too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastActivity.get() >= idleMillis * 1_000_000L) {
                        throw new IOException("the tunnel was idle for " + idleMillis + " ms", e);
                    }
                    continue;
                }
                if (n < 0) {
                    to.shutdownOutput();
                    return;
                }
                lastActivity.set(System.nanoTime());
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // closing for good: nothing left to do with it
            }
        }
    }
}
