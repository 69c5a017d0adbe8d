package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bridge mode without a named Podman network: every sandbox gets a network namespace of its own.
 * It reaches out (to a listener of this test on the host's own address), but not a container on
 * Podman's shared default network and not a service bound to the host's loopback. The only
 * destinations ever contacted are the listeners and the container this test starts.
 */
@RequiresPodman
@Timeout(180)
class DefaultNetworkIT {
    private static final Map<String, String> TEST_LABELS = Map.of("dev.mino.test", "true");
    private static PodmanClient podman;
    private static String sharedServer;
    private static String sharedAddress;
    private static String hostAddress;
    private static Listener external;
    private static Listener externalOther;
    private static Listener loopback;

    private Path project;
    private Path state;

    @BeforeAll
    static void start() throws IOException {
        podman = TestPodman.newClient();
        sharedServer = "mino-it-shared-" + UUID.randomUUID().toString().substring(0, 8);
        // On Podman's shared default network, where mino 1.6.0 puts every sandbox.
        String id = podman.containers().create(Map.of(
            "name", sharedServer,
            "image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sh", "-c", "mkdir -p /www && echo shared > /www/index.html && exec httpd -f -p 8080 "
                + "-h /www"),
            "labels", TEST_LABELS,
            "netns", Map.of("nsmode", "bridge"))).id();
        podman.containers().start(id);
        sharedAddress = podman.containers().inspect(id).orElseThrow().raw().path("NetworkSettings")
            .path("Networks").path("podman").path("IPAddress").asText();
        hostAddress = externalAddress().getHostAddress();
        external = Listener.on(InetAddress.getByName(hostAddress));
        externalOther = Listener.on(InetAddress.getByName(hostAddress));
        loopback = Listener.on(InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            podman.containers().remove(sharedServer, true);
            external.close();
            externalOther.close();
            loopback.close();
        } finally {
            podman.close();
        }
    }

    @BeforeEach
    void folders() {
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).command("sleep", "300");
    }

    private static ExecResult connect(Sandbox sb, String host, int port) {
        return sb.exec("timeout", "5", "nc", host, Integer.toString(port));
    }

    @Test
    void aBridgeSandboxReachesOutButNotOtherContainersNorTheHostsLoopback() {
        assertNotEquals("", sharedAddress, "the shared server has an address on Podman's default network");
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            ExecResult out = connect(sb, hostAddress, external.port());
            assertEquals(Listener.GREETING, out.stdout(), out.stderr());

            ExecResult shared = sb.exec("timeout", "5", "wget", "-qO-", "http://" + sharedAddress + ":8080/");
            assertNotEquals(0, shared.exitCode(), "a container on Podman's shared network: " + shared.stdout());

            for (String host : List.of("10.0.2.2", "host.containers.internal")) {
                ExecResult local = connect(sb, host, loopback.port());
                assertNotEquals(Listener.GREETING, local.stdout(), "the host's loopback through " + host);
            }
        }
        // The control: the same server answers a sandbox that joins the shared network on purpose.
        try (Sandbox sb = builder().podmanNetwork("podman").start()) {
            ExecResult shared = sb.exec("timeout", "5", "wget", "-qO-", "http://" + sharedAddress + ":8080/");
            assertEquals("shared\n", shared.stdout(), shared.stderr());
        }
    }

    @Test
    void anAllowlistWorksOnTheSandboxesOwnNetwork() {
        try (Sandbox sb = builder().firewallImage(TestPodman.DEBIAN_IMAGE)
            .network(NetworkPolicy.allow(hostAddress + ":" + external.port())).start()) {
            ExecResult allowed = connect(sb, hostAddress, external.port());
            assertEquals(Listener.GREETING, allowed.stdout(), allowed.stderr());
            ExecResult blocked = connect(sb, hostAddress, externalOther.port());
            assertNotEquals(Listener.GREETING, blocked.stdout(), "only the allowed port");
        }
    }

    /** The host's first IPv4 address that is neither loopback nor one of Podman's own interfaces. */
    private static InetAddress externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String name = nic.getName();
            if (!nic.isUp() || nic.isLoopback() || name.startsWith("podman") || name.startsWith("cni")
                || name.startsWith("veth") || name.startsWith("tap")) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        throw new IllegalStateException("this host has no IPv4 address besides loopback");
    }

    /** A TCP listener on the host that greets every connection and closes it. */
    private static final class Listener implements AutoCloseable {
        static final String GREETING = "hello from the host\n";
        private final ServerSocket server;

        private Listener(ServerSocket server) {
            this.server = server;
        }

        static Listener on(InetAddress address) throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(address, 0));
            Listener listener = new Listener(server);
            Thread thread = new Thread(listener::serve, "greeter-" + server.getLocalPort());
            thread.setDaemon(true);
            thread.start();
            return listener;
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write(GREETING.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // Closed at the end of the test, or a client gave up: serve the next one.
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
