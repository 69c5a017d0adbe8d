package dev.mino.core.internal.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a Unix domain socket, built on the JDK's own {@code SocketChannel}
 * (Java 16+), so that OkHttp can talk to Podman's socket without a native library.
 *
 * <p>The channel is non-blocking and every read waits in a {@link Selector}, because OkHttp relies
 * on {@link #setSoTimeout} being honoured: before reusing a connection that has been idle for 10 s
 * it sets a 1 ms timeout and tries one read. A socket that ignored the timeout would block that
 * health check forever. {@link #close()} may be called from another thread (okio's timeout
 * watchdog does so) and wakes up any blocked read or write.
 */
final class UnixDomainSocket extends NonTcpSocket {
    private final Path path;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile SocketChannel channel;
    private volatile Selector readSelector;
    private volatile Selector writeSelector;
    private volatile boolean closed;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private final InputStream input = new ChannelInput();
    private final OutputStream output = new ChannelOutput();

    UnixDomainSocket(Path path) {
        this.path = path;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    /** Connects to the socket file; the address OkHttp passes only names the connection pool entry. */
    @Override
    public void connect(SocketAddress ignored, int timeoutMillis) throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // Connecting to a local socket file completes at once or fails at once.
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.configureBlocking(false);
            Selector reads = Selector.open();
            Selector writes = Selector.open();
            ch.register(reads, SelectionKey.OP_READ);
            ch.register(writes, SelectionKey.OP_WRITE);
            channel = ch;
            readSelector = reads;
            writeSelector = writes;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireConnected();
        return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireConnected();
        return output;
    }

    @Override
    public void shutdownInput() throws IOException {
        requireConnected();
        inputShutdown = true;
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        requireConnected();
        outputShutdown = true;
        channel.shutdownOutput();
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public boolean isBound() {
        return channel != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        SocketChannel ch = channel;
        Selector reads = readSelector;
        Selector writes = writeSelector;
        // Closing a selector wakes up a thread blocked in it; the channel close makes its next
        // read or write fail, which is reported as "Socket closed".
        closeQuietly(reads);
        closeQuietly(writes);
        if (ch != null) {
            ch.close();
        }
    }

    private static void closeQuietly(Selector selector) {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // Nothing is left to release.
            }
        }
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    public String toString() {
        return "UnixDomainSocket[" + path + (closed ? ", closed" : "") + "]";
    }

    private void requireConnected() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (channel == null) {
            throw new SocketException("Socket is not connected");
        }
    }

    private int readSome(ByteBuffer buffer) throws IOException {
        synchronized (readLock) {
            int timeout = soTimeoutMillis;
            long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000L : 0L;
            try {
                while (true) {
                    requireConnected();
                    int n = channel.read(buffer);
                    if (n != 0) {
                        return n;
                    }
                    long waitMillis = 0L;
                    if (timeout > 0) {
                        long remainingNanos = deadline - System.nanoTime();
                        if (remainingNanos <= 0) {
                            throw new SocketTimeoutException("Read timed out after " + timeout + " ms");
                        }
                        waitMillis = Math.max(1L, (remainingNanos + 999_999L) / 1_000_000L);
                    }
                    readSelector.select(waitMillis);
                    readSelector.selectedKeys().clear();
                }
            } catch (ClosedChannelException | ClosedSelectorException e) {
                throw new SocketException("Socket closed");
            }
        }
    }

    private void writeAll(ByteBuffer buffer) throws IOException {
        synchronized (writeLock) {
            try {
                while (buffer.hasRemaining()) {
                    requireConnected();
                    if (channel.write(buffer) == 0) {
                        writeSelector.select();
                        writeSelector.selectedKeys().clear();
                    }
                }
            } catch (ClosedChannelException | ClosedSelectorException e) {
                throw new SocketException("Socket closed");
            }
        }
    }

    private final class ChannelInput extends InputStream {
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
            return readSome(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            UnixDomainSocket.this.close();
        }
    }

    private final class ChannelOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeAll(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            UnixDomainSocket.this.close();
        }
    }
}
