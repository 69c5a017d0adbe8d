package dev.mino.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A {@link Socket} view of a connected {@link SocketChannel}, such as a unix domain one, whose
 * {@code socket()} Java does not offer. TLS can be layered on it with
 * {@code SSLSocketFactory.createSocket(socket, ...)}. Reads and writes honour
 * {@link #setSoTimeout}: a peer that neither sends nor reads cannot hold a thread for ever. The
 * channel is used in non-blocking mode with one selector per direction, so that a read and a
 * write may wait at the same time (a tunnel copies both ways on two threads). As with a TCP
 * socket, {@link #setSoTimeout} bounds reads only; {@link #setWriteTimeout} bounds writes.
 *
 * <p>Every method of {@link Socket} that would otherwise create a real operating system socket
 * is overridden; options that make no sense here are accepted and ignored.
 */
public final class ChannelSocket extends Socket {
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final InputStream in = new ChannelInput();
    private final OutputStream out = new ChannelOutput();
    private volatile int timeoutMillis;
    private volatile int writeTimeoutMillis;
    private volatile boolean inputShut;
    private volatile boolean outputShut;

    /**
     * Wraps {@code channel}, which must be connected.
     *
     * @param channel the connected channel; this socket owns it from now on
     * @param remote what {@link #getInetAddress()} and {@link #getPort()} report (the address the
     *     bytes are meant for), or null
     * @throws IOException when the channel cannot be set up for waiting with a timeout
     */
    public ChannelSocket(SocketChannel channel, InetSocketAddress remote) throws IOException {
        super((SocketImpl) null);
        if (!channel.isConnected()) {
            throw new SocketException("the channel is not connected");
        }
        this.channel = channel;
        this.remote = remote;
        Selector reads = null;
        Selector writes = null;
        try {
            channel.configureBlocking(false);
            reads = Selector.open();
            writes = Selector.open();
            channel.register(reads, SelectionKey.OP_READ);
            channel.register(writes, SelectionKey.OP_WRITE);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reads);
            closeQuietly(writes);
            channel.close();
            throw e;
        }
        this.readSelector = reads;
        this.writeSelector = writes;
    }

    private static void closeQuietly(Selector selector) {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do: it held no resource of the peer's
            }
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        ensureOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        ensureOpen();
        return out;
    }

    private void ensureOpen() throws SocketException {
        if (!channel.isOpen()) {
            throw new SocketException("Socket is closed");
        }
    }

    /** Waits on {@code selector} for at most the time left until {@code deadline} (0: no limit). */
    private void await(Selector selector, long deadline, String what) throws IOException {
        long wait = 0;
        if (deadline != 0) {
            wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                throw new SocketTimeoutException(what + " timed out");
            }
        }
        try {
            selector.select(wait);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket is closed");
        }
        ensureOpen();
    }

    private static long deadline(int timeout) {
        return timeout == 0 ? 0 : System.currentTimeMillis() + timeout;
    }

    /**
     * Bounds how long a write may wait for the peer to read: a peer that stops reading cannot
     * hold the writing thread longer.
     *
     * @param timeout milliseconds; 0 waits for ever (the default)
     */
    public void setWriteTimeout(int timeout) {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        writeTimeoutMillis = timeout;
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
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            synchronized (readLock) {
                long deadline = deadline(timeoutMillis);
                while (true) {
                    if (inputShut) {
                        return -1;
                    }
                    int n;
                    try {
                        n = channel.read(buffer);
                    } catch (ClosedChannelException e) {
                        throw new SocketException("Socket is closed");
                    }
                    if (n != 0) {
                        return n;
                    }
                    await(readSelector, deadline, "Read");
                }
            }
        }

        @Override
        public void close() throws IOException {
            ChannelSocket.this.close();
        }
    }

    private final class ChannelOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            synchronized (writeLock) {
                if (outputShut) {
                    throw new SocketException("Socket output is shut down");
                }
                long deadline = deadline(writeTimeoutMillis);
                while (buffer.hasRemaining()) {
                    int n;
                    try {
                        n = channel.write(buffer);
                    } catch (ClosedChannelException e) {
                        throw new SocketException("Socket is closed");
                    }
                    if (n == 0) {
                        await(writeSelector, deadline, "Write");
                    } else {
                        deadline = deadline(writeTimeoutMillis);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            ChannelSocket.this.close();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            closeQuietly(readSelector);
            closeQuietly(writeSelector);
        }
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public void shutdownInput() throws IOException {
        inputShut = true;
        try {
            channel.shutdownInput();
        } catch (ClosedChannelException e) {
            throw new SocketException("Socket is closed");
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        synchronized (writeLock) {
            outputShut = true;
            try {
                channel.shutdownOutput();
            } catch (ClosedChannelException e) {
                throw new SocketException("Socket is closed");
            }
        }
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    @Override
    public InetAddress getInetAddress() {
        return remote == null ? null : remote.getAddress();
    }

    @Override
    public int getPort() {
        return remote == null ? 0 : remote.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote;
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return null;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("already connected");
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        throw new SocketException("already bound");
    }

    @Override
    public java.nio.channels.SocketChannel getChannel() {
        // The channel is non-blocking and owned by this socket: nobody else may use it.
        return null;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // not a TCP socket
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
        // not supported; closing never lingers
    }

    @Override
    public int getSoLinger() {
        return -1;
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported");
    }

    @Override
    public void setOOBInline(boolean on) {
        // not supported
    }

    @Override
    public boolean getOOBInline() {
        return false;
    }

    @Override
    public void setSendBufferSize(int size) {
        // the channel's own buffers are used
    }

    @Override
    public int getSendBufferSize() {
        return 65536;
    }

    @Override
    public void setReceiveBufferSize(int size) {
        // the channel's own buffers are used
    }

    @Override
    public int getReceiveBufferSize() {
        return 65536;
    }

    @Override
    public void setKeepAlive(boolean on) {
        // not a TCP socket
    }

    @Override
    public boolean getKeepAlive() {
        return false;
    }

    @Override
    public void setTrafficClass(int tc) {
        // not a TCP socket
    }

    @Override
    public int getTrafficClass() {
        return 0;
    }

    @Override
    public void setReuseAddress(boolean on) {
        // not applicable
    }

    @Override
    public boolean getReuseAddress() {
        return false;
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        throw new UnsupportedOperationException("socket options are not supported on " + this);
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        throw new UnsupportedOperationException("socket options are not supported on " + this);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "ChannelSocket[" + (remote == null ? "" : remote) + (channel.isOpen() ? "" : ", closed") + "]";
    }
}
