package dev.mino.core.internal.podman;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Socket;

/**
 * A bidirectional byte stream to a container or exec process, made by Podman "hijacking" an HTTP
 * connection: the request asks for {@code Upgrade: tcp}, Podman answers {@code 101 UPGRADED}, and
 * from then on the connection carries the process's output one way and its stdin the other.
 *
 * <p>OkHttp does the upgrade ({@code Response.socket()}, OkHttp 5.2 and later) on whatever socket
 * the engine needs (TCP, a Unix socket, a dial-stdio process). It takes the connection out of its
 * pool for good and has no timeout on it; bytes Podman sent right behind the response head are in
 * OkHttp's buffer, so no output is lost. Both halves must be closed for OkHttp to release the
 * connection (otherwise it reports a leak), which {@link #close()} does; {@link #closeStdin()}
 * closes only the sending half, which OkHttp turns into a socket half-close.
 *
 * <p>Reads and writes each hold a lock of their own, so that {@link #close()} from another thread
 * can first cancel the connection (which wakes a blocked reader or writer with an error) and then
 * close the halves without touching a buffer another thread is using.
 */
public final class HijackedStream implements AutoCloseable {
    private final Socket socket;
    private final BufferedSource source;
    private final BufferedSink sink;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guarded by writeLock. */
    private boolean stdinClosed;
    private final InputStream output = new Output();
    private final OutputStream stdin = new Stdin();

    HijackedStream(Socket socket) {
        this.socket = socket;
        this.source = Okio.buffer(socket.getSource());
        this.sink = Okio.buffer(socket.getSink());
    }

    /**
     * The process's output: multiplexed frames without a TTY, raw terminal bytes with one. Closing
     * it closes the whole stream.
     */
    public InputStream output() {
        return output;
    }

    /**
     * The process's stdin. Every write goes out at once, as on a socket; closing it is
     * {@link #closeStdin()}.
     */
    public OutputStream stdin() {
        return stdin;
    }

    /**
     * Signals end of input to the process (a half-close); its output keeps flowing. Quiet when the
     * connection has ended already.
     */
    public void closeStdin() throws IOException {
        writeLock.lock();
        try {
            if (!closed.get() && !stdinClosed) {
                stdinClosed = true;
                try {
                    sink.close();
                } catch (IOException e) {
                    // Every write was flushed as it was made, so nothing is lost: the half-close only
                    // tells the process its input ended, and one whose connection is already gone
                    // (it ended, Podman closed it) needs no telling. An embedder closing its input
                    // late must not get an error for that.
                    System.getLogger(HijackedStream.class.getName()).log(System.Logger.Level.DEBUG,
                        "half-close of stdin after the connection ended: " + e);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the connection; idempotent and callable from any thread, waking a blocked reader or writer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Closes the socket under a blocked read or write, which then fails and lets go of its lock.
        socket.cancel();
        readLock.lock();
        try {
            closeQuietly(source);
        } finally {
            readLock.unlock();
        }
        writeLock.lock();
        try {
            closeQuietly(sink);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Closeable half) {
        try {
            half.close();
        } catch (IOException ignored) {
            // The connection is cancelled already; closing only tells OkHttp this half is done.
        }
    }

    private final class Output extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            readLock.lock();
            try {
                if (closed.get()) {
                    throw new SocketException("Socket closed");
                }
                return source.read(b, off, len);
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public int available() throws IOException {
            // Only what is buffered here: asking the socket could block, and this must not.
            return (int) Math.min(source.getBuffer().size(), Integer.MAX_VALUE);
        }

        @Override
        public void close() {
            HijackedStream.this.close();
        }
    }

    private final class Stdin extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeLock.lock();
            try {
                if (closed.get() || stdinClosed) {
                    throw new SocketException(closed.get() ? "Socket closed" : "stdin closed");
                }
                sink.write(b, off, len);
                sink.flush();
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            closeStdin();
        }
    }
}
