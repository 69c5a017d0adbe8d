package dev.mino.core.internal.podman;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * What every socket Mino hands to OkHttp without being TCP shares (a Unix socket, a process's
 * stdio): a read timeout the subclass honours, a plausible address for OkHttp and logging, and TCP
 * options that do nothing. Without these overrides the base class would lazily create a real TCP
 * socket just to hold the options.
 */
abstract class NonTcpSocket extends Socket {
    /** The read timeout OkHttp sets (0: none); reads of the subclass must honour it. */
    protected volatile int soTimeoutMillis;

    @Override
    public void setSoTimeout(int timeoutMillis) throws SocketException {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        soTimeoutMillis = timeoutMillis;
    }

    @Override
    public int getSoTimeout() {
        return soTimeoutMillis;
    }

    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return 0;
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public void setKeepAlive(boolean on) {
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
    }

    @Override
    public void setReceiveBufferSize(int size) {
    }

    @Override
    public void setSendBufferSize(int size) {
    }
}
