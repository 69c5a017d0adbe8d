package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket adapter against a plain Unix socket server in the same JVM: no Podman needed. */
@Timeout(20)
class UnixDomainSocketTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private Path socketFile;

    @BeforeEach
    void listen() throws IOException {
        socketFile = dir.resolve("test.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketFile));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private UnixDomainSocket connect() throws IOException {
        UnixDomainSocket socket = new UnixDomainSocket(socketFile);
        socket.connect(InetSocketAddress.createUnresolved("podman", 80), 1000);
        return socket;
    }

    @Test
    void carriesBytesBothWaysAndHalfCloses() throws Exception {
        try (UnixDomainSocket socket = connect(); SocketChannel peer = server.accept()) {
            socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            ByteBuffer received = ByteBuffer.allocate(16);
            while (peer.read(received) >= 0) {
                // read until the half-close arrives as end of stream
            }
            assertEquals("ping", new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII));
            assertTrue(socket.isOutputShutdown());

            peer.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
            peer.shutdownOutput();
            assertArrayEquals("pong".getBytes(StandardCharsets.US_ASCII), socket.getInputStream().readAllBytes());
        }
    }

    @Test
    void honoursTheReadTimeoutEvenOfOneMillisecond() throws Exception {
        // OkHttp's health check of an idle pooled connection sets a 1 ms timeout and reads once;
        // a socket that ignored it would hang that request for good.
        try (UnixDomainSocket socket = connect(); SocketChannel peer = server.accept()) {
            socket.setSoTimeout(1);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());

            socket.setSoTimeout(300);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(new byte[8]));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis >= 290, "waited " + elapsedMillis + " ms");

            // After a timeout the socket is still usable.
            peer.write(ByteBuffer.wrap(new byte[] {42}));
            socket.setSoTimeout(5000);
            assertEquals(42, socket.getInputStream().read());
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        UnixDomainSocket socket = connect();
        try (SocketChannel peer = server.accept()) {
            InputStream in = socket.getInputStream();
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    in.read();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            assertTrue(peer.isConnected(), "the peer stays open, so only close() can end the read");
            socket.close();
            Throwable failure = reader.get(5, TimeUnit.SECONDS);
            assertTrue(failure instanceof SocketException, String.valueOf(failure));
            assertTrue(socket.isClosed());
            // A second close is harmless.
            socket.close();
        }
    }

    @Test
    void reportsAMissingSocketFileWithItsPath() {
        UnixDomainSocket socket = new UnixDomainSocket(dir.resolve("absent.sock"));
        IOException e = assertThrows(IOException.class,
            () -> socket.connect(InetSocketAddress.createUnresolved("podman", 80), 1000));
        assertTrue(e.getMessage().contains("absent.sock"), e.getMessage());
    }
}
