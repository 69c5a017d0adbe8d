package dev.mino.core.internal.podman;

import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.SocketFactory;

/**
 * Hands OkHttp unconnected sockets of a kind that ignores the host and port it is given: a Unix
 * domain socket to one file, or a child process running the engine's dial-stdio command.
 */
final class UnconnectedSocketFactory extends SocketFactory {
    private final Supplier<Socket> sockets;

    UnconnectedSocketFactory(Supplier<Socket> sockets) {
        this.sockets = sockets;
    }

    @Override
    public Socket createSocket() {
        return sockets.get();
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
