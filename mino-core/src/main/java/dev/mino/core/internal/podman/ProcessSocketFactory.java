package dev.mino.core.internal.podman;

import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/** Hands OkHttp unconnected {@link ProcessSocket}s; connecting one runs the engine's command. */
final class ProcessSocketFactory extends SocketFactory {
    private final EngineAddress.Stdio address;

    ProcessSocketFactory(EngineAddress.Stdio address) {
        this.address = address;
    }

    @Override
    public Socket createSocket() {
        return new ProcessSocket(address);
    }

    // OkHttp only uses createSocket(); these exist because SocketFactory declares them.
    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("use createSocket() and connect()");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("use createSocket() and connect()");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("use createSocket() and connect()");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("use createSocket() and connect()");
    }
}
