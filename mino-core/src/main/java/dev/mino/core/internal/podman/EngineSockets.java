package dev.mino.core.internal.podman;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Opens a connected socket to an engine, whatever kind of address it has. */
final class EngineSockets {
    private EngineSockets() {
    }

    /**
     * A new connection of its own to the engine, outside any pool (for hijacked streams).
     *
     * @param timeoutMillis how long a TCP connect may take
     */
    static Socket connect(EngineAddress address, int timeoutMillis) throws IOException {
        Socket socket;
        InetSocketAddress target;
        if (address instanceof EngineAddress.Tcp tcp) {
            socket = new Socket();
            target = new InetSocketAddress(tcp.host(), tcp.port());
        } else {
            // Unix sockets and commands ignore the target; it only matters to TCP.
            socket = address instanceof EngineAddress.Unix unix ? new UnixDomainSocket(unix.socket())
                : new ProcessSocket((EngineAddress.Stdio) address);
            target = InetSocketAddress.createUnresolved("podman", 80);
        }
        try {
            socket.connect(target, timeoutMillis);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return socket;
    }
}
