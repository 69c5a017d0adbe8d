package dev.mino.core.internal.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A TCP port on 127.0.0.1 in front of the test Podman's Unix socket, so that the {@code tcp://}
 * transport (OkHttp's own sockets) can be tested against the real engine. Each direction is passed
 * on as it comes, and an end of input one way is passed on as a half-close, as a TCP engine would
 * see it.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final Path upstream;

    TcpRelay(Path upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "tcp-relay-accept");
    }

    /** The engine address of the relay. */
    EngineAddress.Tcp address() {
        return new EngineAddress.Tcp("127.0.0.1", server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(upstream));
                // Stdin's end is passed on as a half-close; the engine's end of output ends the connection.
                // (The channel itself, not Channels' streams: those let a blocked read hold up a write.)
                InputStream fromClient = client.getInputStream();
                OutputStream toClient = client.getOutputStream();
                daemon(() -> copy(fromClient::read, (b, n) -> engine.write(ByteBuffer.wrap(b, 0, n)),
                    engine::shutdownOutput, client, engine), "tcp-relay-up");
                daemon(() -> copy(b -> engine.read(ByteBuffer.wrap(b)), (b, n) -> toClient.write(b, 0, n),
                    () -> closeBoth(client, engine), client, engine), "tcp-relay-down");
            } catch (IOException e) {
                // Closed, or one connection failed; the next accept tells which.
            }
        }
    }

    /** What ends one direction. */
    private interface HalfClose {
        void run() throws IOException;
    }

    private interface Reader {
        int read(byte[] buffer) throws IOException;
    }

    private interface Writer {
        void write(byte[] buffer, int length) throws IOException;
    }

    private static void copy(Reader in, Writer out, HalfClose end, Socket client, SocketChannel engine) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, n);
            }
            end.run();
        } catch (IOException e) {
            closeBoth(client, engine);
        }
    }

    private static void closeBoth(Socket client, SocketChannel engine) {
        try {
            client.close();
            engine.close();
        } catch (IOException ignored) {
            // Both are going away.
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
