package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A start whose engine is a socket that is missing, or that a server other than Podman answers:
 * the error names the socket and what was found there, and nothing is created, neither on the
 * real Podman (looked for by the session's label) nor in the state directory.
 */
@RequiresPodman
@Timeout(120)
class EngineAddressFaultsIT extends SandboxFolders {
    private static PodmanClient podman;
    private Path sockets;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void folders() {
        sockets = TestDirectories.create("mino-it-sock");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(sockets);
    }

    /**
     * A tiny HTTP/1.1 server on a Unix socket that answers every request with {@code status} and a
     * body, and never with a {@code Libpod-Api-Version} header; it remembers each request line.
     */
    private static final class NotPodman implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server;
        private final Thread acceptor;

        NotPodman(Path socket, String status) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            acceptor = new Thread(() -> {
                while (server.isOpen()) {
                    try (SocketChannel client = server.accept()) {
                        String head = readHead(client);
                        requests.add(head.lines().findFirst().orElse(""));
                        byte[] body = "{\"message\":\"hello from something else\"}".getBytes(StandardCharsets.UTF_8);
                        String response = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
                        client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                        client.write(ByteBuffer.wrap(body));
                    } catch (IOException e) {
                        // Closed by the test, or a client that went away: the next accept decides.
                    }
                }
            }, "not-podman");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Reads up to the end of the request's headers (the clients here send no body with GET). */
        private static String readHead(SocketChannel client) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                buffer.clear();
                if (client.read(buffer) < 0) {
                    break;
                }
                head.write(buffer.array(), 0, buffer.position());
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            server.close();
            acceptor.join(10_000);
        }
    }

    private PodmanConnectionException startFails(String engine, String session) {
        return assertThrows(PodmanConnectionException.class, () -> Sandbox.builder().engine(engine)
            .image(TestPodman.BUSYBOX_IMAGE).project(project).stateDirectory(state).name(session)
            .command("true").start().close());
    }

    private void assertNothingCreated(String session) throws IOException {
        assertEquals(List.of(), podman.containers().list(new Filters().label("dev.mino.session", session), true),
            "no container of the session on the real Podman");
        try (Stream<Path> files = Files.walk(state)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing in the state directory");
        }
    }

    @ParameterizedTest(name = "answering {0}")
    @CsvSource({"200 OK, answered /_ping without a Libpod-Api-Version header, so it is not a Podman service",
        "404 Not Found, does not answer /_ping like Podman"})
    void aSocketThatIsNotPodmansIsAClearErrorNamingItAndNothingIsCreated(String status, String says)
        throws Exception {
        Path socket = sockets.resolve("other.sock");
        String session = "notpodman" + UUID.randomUUID().toString().substring(0, 8);
        try (NotPodman server = new NotPodman(socket, status)) {
            PodmanConnectionException e = startFails("unix://" + socket, session);
            String message = e.getMessage();
            assertTrue(message.contains("explicit engine (unix://" + socket + ")"), message);
            assertTrue(message.contains(says), message);
            assertFalse(e.hint().isBlank(), "a hint says what to do");
            assertTrue(server.requests.stream().anyMatch(r -> r.startsWith("GET ") && r.contains("/_ping")),
                "the server was asked: " + server.requests);
            assertTrue(server.requests.stream().allMatch(r -> r.startsWith("GET ")),
                "nothing but questions were sent: " + server.requests);
        }
        assertNothingCreated(session);
    }

    @Test
    void aMissingSocketIsAClearErrorNamingItAndNothingIsCreated() throws IOException {
        Path socket = sockets.resolve("missing.sock");
        String session = "nosocket" + UUID.randomUUID().toString().substring(0, 8);
        PodmanConnectionException e = startFails("unix://" + socket, session);
        assertTrue(e.getMessage().contains("explicit engine (" + socket + "): no such socket"), e.getMessage());
        assertFalse(e.hint().isBlank(), "a hint says what to do");
        assertNothingCreated(session);
    }
}
