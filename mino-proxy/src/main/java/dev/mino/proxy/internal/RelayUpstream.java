package dev.mino.proxy.internal;

import dev.mino.proxy.Upstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** {@link Upstream#relay}: the {@code CONNECT} protocol over the guard's unix socket. */
public final class RelayUpstream implements Upstream {
    private final Path socketPath;
    private final Duration timeout;

    /** An upstream through the guard listening on {@code socketPath}. */
    public RelayUpstream(Path socketPath, Duration timeout) {
        this.socketPath = socketPath;
        this.timeout = timeout;
    }

    @Override
    public Socket connect(InetAddress address, int port) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        String destination = Lines.text(address) + " port " + port;
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (UnsupportedOperationException e) {
            throw new IOException("this Java cannot open unix domain sockets", e);
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException e) {
            channel.close();
            throw new IOException("the firewall container's relay at " + socketPath + " cannot be reached ("
                + e.getMessage() + "); was the sandbox stopped?", e);
        }
        ChannelSocket socket = new ChannelSocket(channel, new InetSocketAddress(address, port));
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            socket.getOutputStream().write(Lines.connectLine(address, port));
            String answer;
            try {
                answer = Lines.readLine(socket.getInputStream());
            } catch (java.net.SocketTimeoutException e) {
                throw new IOException("the firewall container did not answer within " + timeout
                    + " for a connection to " + destination, e);
            }
            if (answer.equals("OK")) {
                socket.setSoTimeout(0);
                return socket;
            }
            if (answer.startsWith("ERR")) {
                throw new IOException("the firewall container refused the connection to " + destination + ": "
                    + Lines.printable(answer.substring(3).trim()));
            }
            throw new IOException("the firewall container answered a connection to " + destination
                + " with an unexpected line");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "relay via " + socketPath;
    }
}
