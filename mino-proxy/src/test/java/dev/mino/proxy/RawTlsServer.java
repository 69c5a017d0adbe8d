package dev.mino.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A TLS server on localhost that hands each connection to a handler: answers no JDK server gives. */
final class RawTlsServer implements AutoCloseable {
    /** What to do with one accepted connection. */
    interface Handler {
        void handle(Socket socket) throws Exception;
    }

    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;

    RawTlsServer(Handler handler) throws Exception {
        server = TestTls.server(TestTls.STAND_IN_KEYS).getServerSocketFactory()
            .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread each = new Thread(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (Exception ignored) {
                            // the test connection ended
                        }
                    });
                    each.setDaemon(true);
                    each.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Reads a request head (up to the empty line) and returns it. */
    static String readHead(Socket socket) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line; !(line = Sandbox.line(socket.getInputStream())).isEmpty(); ) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
