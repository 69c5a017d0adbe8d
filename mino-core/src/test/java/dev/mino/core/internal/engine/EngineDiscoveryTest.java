package dev.mino.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.internal.podman.PodmanClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery failures, without any Podman: each attempt is named in the one error. */
class EngineDiscoveryTest {
    @TempDir
    Path tmp;

    private EngineDiscovery discovery(Map<String, String> env) {
        return new EngineDiscovery(env, address -> PodmanClient.create(address, Duration.ofSeconds(2)), 4321);
    }

    @Test
    void listsEveryPlaceItLookedWhenNothingAnswers() {
        Map<String, String> env = Map.of("CONTAINER_HOST", "unix://" + tmp.resolve("env.sock"),
            "XDG_RUNTIME_DIR", tmp.toString());
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class, () -> discovery(env).find(null));
        String message = e.getMessage();
        assertTrue(message.contains("CONTAINER_HOST (" + tmp.resolve("env.sock") + "): no such socket"), message);
        assertTrue(message.contains(tmp.resolve("podman/podman.sock").toString()), message);
        assertTrue(message.contains("/run/user/4321/podman/podman.sock"), message);
        assertTrue(message.contains("/run/podman/podman.sock"), message);
        assertTrue(e.hint().contains("CONTAINER_HOST"), e.hint());
    }

    @Test
    void anExplicitEngineIsTheOnlyCandidate() {
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class,
            () -> discovery(Map.of()).find("unix://" + tmp.resolve("explicit.sock")));
        assertTrue(e.getMessage().contains("explicit engine"), e.getMessage());
        assertTrue(!e.getMessage().contains("/run/podman/podman.sock"), e.getMessage());
    }

    @Test
    void aServerThatIsNotPodmanIsReportedAsSuch() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("OK".getBytes());
            exchange.close();
        });
        server.start();
        try {
            String uri = "tcp://127.0.0.1:" + server.getAddress().getPort();
            PodmanConnectionException e = assertThrows(PodmanConnectionException.class,
                () -> discovery(Map.of()).find(uri));
            assertTrue(e.getMessage().contains("not a Podman service"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void requiresLibpodFourOrLater() {
        assertTrue(EngineDiscovery.atLeastFour("4.3.1"));
        assertTrue(EngineDiscovery.atLeastFour("5.2.0"));
        assertTrue(!EngineDiscovery.atLeastFour("3.4.4"));
        assertTrue(!EngineDiscovery.atLeastFour("garbage"));
    }
}
