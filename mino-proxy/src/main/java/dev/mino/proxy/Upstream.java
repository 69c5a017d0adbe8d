package dev.mino.proxy;

import dev.mino.proxy.internal.RelayUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the credential proxy reaches the servers the sandbox wanted: for a swapped request, the
 * provider's server; for a connection it does not decrypt, the original destination. In
 * production every connection goes through the firewall container ({@link #relay(Path)}), so that
 * it leaves through the sandbox's own network and firewall and reaches only what the sandbox may
 * reach; the JVM itself opens no network connection for the proxy.
 */
@FunctionalInterface
public interface Upstream {
    /** How long {@link #relay(Path)} and {@link #direct()} wait for a connection by default. */
    Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Opens a connection to {@code address} on {@code port}.
     *
     * @param address the destination, an address literal the firewall container resolved
     * @param port the destination port
     * @return a connected socket; the caller closes it
     * @throws IOException when the destination cannot be reached or is refused
     */
    Socket connect(InetAddress address, int port) throws IOException;

    /**
     * Connections through the firewall container's guard, over its unix socket
     * ({@code upstream.sock}): one line {@code CONNECT <ip> <port>}, answered {@code OK} (then
     * the bytes are the destination's) or {@code ERR <reason>}. Waits at most
     * {@link #DEFAULT_CONNECT_TIMEOUT} for the answer.
     *
     * @param upstreamSocket the guard's unix socket on this host
     * @return the upstream; it opens nothing until {@link #connect} is called
     */
    static Upstream relay(Path upstreamSocket) {
        return relay(upstreamSocket, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * As {@link #relay(Path)}, waiting at most {@code timeout} for the guard's answer.
     *
     * @param upstreamSocket the guard's unix socket on this host
     * @param timeout how long to wait for {@code OK}; positive
     * @return the upstream
     */
    static Upstream relay(Path upstreamSocket, Duration timeout) {
        Objects.requireNonNull(upstreamSocket, "upstreamSocket");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the relay timeout must be positive, not " + timeout);
        }
        return new RelayUpstream(upstreamSocket, timeout);
    }

    /**
     * Plain TCP connections from this JVM, with no firewall in between: for tests and
     * diagnostics only, since it reaches whatever this host reaches.
     *
     * @return the upstream
     */
    static Upstream direct() {
        return (address, port) -> {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) DEFAULT_CONNECT_TIMEOUT.toMillis());
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }
}
