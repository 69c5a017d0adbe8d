package dev.mino.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The firewall container's upstream.sock as the tests play it: reads {@code CONNECT <ip> <port>},
 * answers {@code ERR} for a port it does not allow, or connects over TCP, answers {@code OK} and
 * copies both ways. A silent guard never answers.
 */
final class FakeGuard implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final int allowedPort;
    private final boolean silent;

    FakeGuard(Path path, int allowedPort, boolean silent) throws IOException {
        this.allowedPort = allowedPort;
        this.silent = silent;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread thread = new Thread(this::accept, "fake-guard");
        thread.setDaemon(true);
        thread.start();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread thread = new Thread(() -> serve(channel), "fake-guard-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            // Not Channels.newInputStream/newOutputStream: on Java 17 they share one lock, so a
            // blocked read would stop the other direction's writes.
            InputStream in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return channel.read(ByteBuffer.wrap(b, off, len));
                }
            };
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            };
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    return;
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            lines.add(text);
            if (silent) {
                in.read();
                return;
            }
            String[] parts = text.split(" ");
            if (!parts[0].equals("CONNECT") || Integer.parseInt(parts[2]) != allowedPort) {
                out.write("ERR destination not allowed\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket target = new Socket(InetAddress.getByName(parts[1]), allowedPort)) {
                out.write("OK\n".getBytes(StandardCharsets.US_ASCII));
                Thread back = new Thread(() -> {
                    try {
                        target.getInputStream().transferTo(out);
                        channel.shutdownOutput();
                    } catch (IOException ignored) {
                        // the other side ended
                    }
                });
                back.setDaemon(true);
                back.start();
                in.transferTo(target.getOutputStream());
                target.shutdownOutput();
                back.join();
            }
        } catch (IOException | InterruptedException ignored) {
            // the test connection ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
