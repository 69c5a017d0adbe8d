package dev.mino.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whether a registry answers: a stand-in on loopback that answers {@code /v2/} as registries do
 * (401) is the positive control; a closed port, a name that never resolves and a server that
 * accepts but never answers are not registries that answer, and the last is given up on within
 * the probe's timeout.
 */
class RegistryProbeTest {

    @Test
    void theRegistryOfAReferenceIsReadAsPodmanReadsIt() {
        assertEquals(Optional.of("ghcr.io"), RegistryProbe.registryOf("ghcr.io/dean0x/mino-base:latest"));
        assertEquals(Optional.of("localhost:5000"), RegistryProbe.registryOf("localhost:5000/x/y:1"));
        assertEquals(Optional.of("localhost"), RegistryProbe.registryOf("localhost/mino-local:latest"));
        assertEquals(Optional.of("docker.io"), RegistryProbe.registryOf("docker.io/library/busybox"));
        assertEquals(Optional.of("quay.io"), RegistryProbe.registryOf("Quay.IO/x@sha256:" + "a".repeat(64)));
        assertEquals(Optional.empty(), RegistryProbe.registryOf("fedora:43"), "a short name: the engine resolves it");
        assertEquals(Optional.empty(), RegistryProbe.registryOf("library/busybox"));
        assertTrue(RegistryProbe.isLocal("localhost"));
        assertTrue(RegistryProbe.isLocal("localhost:5000"));
        assertFalse(RegistryProbe.isLocal("ghcr.io"));
    }

    @Test
    void aServerThatAnswersV2IsARegistryAndAClosedPortIsNot() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> paths = new ArrayList<>();
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        RegistryProbe probe = new RegistryProbe("http", Duration.ofSeconds(2), Map.of());
        try {
            assertTrue(probe.answers("127.0.0.1:" + port), "401 at /v2/ is how registries answer");
            assertEquals(List.of("/v2/"), paths);
        } finally {
            server.stop(0);
        }
        assertFalse(probe.answers("127.0.0.1:" + port), "the same port, closed");
        assertFalse(new RegistryProbe(Map.of()).answers("registry.example.invalid"), "a name that never resolves");
        assertFalse(probe.answers("bad host name"), "not a host at all");
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpOnWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.start();
            long start = System.nanoTime();
            boolean answered = new RegistryProbe("http", Duration.ofMillis(500), Map.of())
                .answers("127.0.0.1:" + silent.getLocalPort());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertFalse(answered);
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "gave up after " + took);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void theProxyOfTheEnvironmentIsUsed() throws Exception {
        // A stand-in proxy that answers every request: the registry behind it is never resolved here.
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> asked = new ArrayList<>();
        proxy.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        proxy.start();
        try {
            RegistryProbe probe = new RegistryProbe("http", Duration.ofSeconds(2),
                Map.of("https_proxy", "http://127.0.0.1:" + proxy.getAddress().getPort()));
            assertTrue(probe.answers("registry.example.invalid"));
            assertEquals(List.of("http://registry.example.invalid/v2/"), asked);
            RegistryProbe exempt = new RegistryProbe("http", Duration.ofSeconds(2), Map.of(
                "https_proxy", "http://127.0.0.1:" + proxy.getAddress().getPort(), "no_proxy", "localhost,.invalid"));
            assertFalse(exempt.answers("registry.example.invalid"), "no_proxy: asked directly, and no such host");
            assertEquals(1, asked.size(), "the proxy was not asked again");
            assertTrue(exempt.bypassesProxy("registry.example.invalid:5000"));
            assertTrue(exempt.bypassesProxy("localhost"));
            assertFalse(exempt.bypassesProxy("ghcr.io"));
            assertFalse(exempt.bypassesProxy("notinvalid"), "a domain, not a suffix of letters");
        } finally {
            proxy.stop(0);
        }
    }
}
