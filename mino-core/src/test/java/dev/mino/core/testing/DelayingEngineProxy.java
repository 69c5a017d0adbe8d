package dev.mino.core.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Unix socket in front of the test Podman that passes everything through, except that a request
 * holding {@code marker} (a label filter only one caller uses, say) reaches Podman only after
 * {@code delay}: an engine slow to answer one kind of call, for tests of what waits for it.
 * Everything else, the hijacked streams of attach included, flows at once.
 */
public final class DelayingEngineProxy implements AutoCloseable {
    private final Path socket;
    private final Path upstream;
    private final String marker;
    private final Duration delay;
    private final ServerSocketChannel server;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger passed = new AtomicInteger();

    /** Listens on {@code socket} and relays to the Unix socket {@code upstream}. */
    public DelayingEngineProxy(Path socket, Path upstream, String marker, Duration delay) throws IOException {
        this.socket = socket;
        this.upstream = upstream;
        this.marker = marker;
        this.delay = delay;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        daemon(this::accept, "proxy-accept");
    }

    /** The address to give as the engine: {@code unix://} and the socket. */
    public String uri() {
        return "unix://" + socket;
    }

    /** How many requests holding the marker arrived. */
    public int seen() {
        return seen.get();
    }

    /** How many of them were passed on to Podman (after their delay). */
    public int passed() {
        return passed.get();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                daemon(() -> pump(client, engine, true), "proxy-up");
                daemon(() -> pump(engine, client, false), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to, boolean requests) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (from; to) {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                // A request line comes whole in one read: the client writes it at once.
                if (requests && StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString().contains(marker)) {
                    seen.incrementAndGet();
                    Thread.sleep(delay.toMillis());
                    passed.incrementAndGet();
                }
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // The other side closed: so does this one.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        Files.deleteIfExists(socket);
    }
}
