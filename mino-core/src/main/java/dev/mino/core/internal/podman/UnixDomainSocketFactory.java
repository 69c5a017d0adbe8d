package dev.mino.core.internal.podman;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.SocketFactory;

/** Hands OkHttp unconnected {@link UnixDomainSocket}s that all lead to one socket file. */
final class UnixDomainSocketFactory extends SocketFactory {
    private final Path path;

    UnixDomainSocketFactory(Path path) {
        this.path = path;
    }

    @Override
    public Socket createSocket() {
        return new UnixDomainSocket(path);
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
