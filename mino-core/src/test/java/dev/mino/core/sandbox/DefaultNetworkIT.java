package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bridge mode without a named Podman network: every sandbox gets a network namespace of its own.
 * It reaches out (to a listener of this test on the host's own address), but not a container on
 * Podman's shared default network and not a service bound to the host's loopback (IPv4 or IPv6).
 * The only destinations ever contacted are the listeners and the containers this test starts.
 */
@RequiresPodman
@Timeout(180)
class DefaultNetworkIT extends SandboxFolders {
    private static final Map<String, String> TEST_LABELS = Map.of("dev.mino.test", "true");
    private static PodmanClient podman;
    private static String sharedServer;
    private static String sharedAddress;
    private static String hostAddress;
    private static Listener external;
    private static Listener externalOther;
    private static Listener loopback;
    private static Listener loopback6;


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
        loopback = Listener.on(InetAddress.getByName("127.0.0.1"));
        loopback6 = Listener.on(InetAddress.getByName("::1"));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            podman.containers().remove(sharedServer, true);
            external.close();
            externalOther.close();
            loopback.close();
            loopback6.close();
        } finally {
            podman.close();
        }
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).command("sleep", "300");
    }

    private static ExecResult connect(Sandbox sb, String host, int port) {
        return sb.exec("timeout", "5", "nc", host, Integer.toString(port));
    }

    @Test
    void aBridgeSandboxReachesOutButNotOtherContainers() {
        assertNotEquals("", sharedAddress, "the shared server has an address on Podman's default network");
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            ExecResult out = connect(sb, hostAddress, external.port());
            assertEquals(Listener.GREETING, out.stdout(), out.stderr());

            ExecResult shared = sb.exec("timeout", "5", "wget", "-qO-", "http://" + sharedAddress + ":8080/");
            assertNotEquals(0, shared.exitCode(), "a container on Podman's shared network: " + shared.stdout());
        }
        // The control: the same server answers a sandbox that joins the shared network on purpose.
        try (Sandbox sb = builder().podmanNetwork("podman").start()) {
            ExecResult shared = sb.exec("timeout", "5", "wget", "-qO-", "http://" + sharedAddress + ":8080/");
            assertEquals("shared\n", shared.stdout(), shared.stderr());
        }
    }

    /**
     * How the host's loopback stays out of reach, and proof that the same probes reach the same
     * listeners (on 127.0.0.1 and ::1) where loopback is allowed. In its own network namespace the
     * sandbox's 127.0.0.1 and ::1 are its own: nothing listens there, so the kernel refuses at once.
     * The ways slirp4netns offers to the host's loopback (10.0.2.2 and fd00::2, which mino never
     * enables) answer "Network is unreachable" at once; {@code host.containers.internal} names
     * the host's outside address, where the loopback-only listener is not.
     */
    @Test
    void theHostsLoopbackIsRefusedAtOnceWhileTheSameProbesReachItWhereLoopbackIsAllowed() {
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            assertFails(sb, "127.0.0.1", loopback.port(), "Connection refused");
            assertFails(sb, "::1", loopback6.port(), "Connection refused");
            assertFails(sb, "host.containers.internal", loopback.port(), "Connection refused");
            String mode = podman.containers().inspect(sb.containerId()).orElseThrow().raw().path("HostConfig")
                .path("NetworkMode").asText();
            if (mode.equals("slirp4netns")) {
                assertFails(sb, "10.0.2.2", loopback.port(), "Network is unreachable");
                assertFails(sb, "fd00::2", loopback6.port(), "Network is unreachable");
            } else {
                // pasta (Podman 5) or a rootful bridge: only that nothing answers is known here.
                for (String host : List.of("10.0.2.2", "fd00::2")) {
                    int port = host.contains(":") ? loopback6.port() : loopback.port();
                    assertNotEquals(Listener.GREETING, connect(sb, host, port).stdout(), host + " in " + mode);
                }
            }
        }
        // Control 1: the same probe, with the host's network namespace, reaches both listeners.
        try (Sandbox sb = builder().network(NetworkPolicy.host()).start()) {
            ExecResult v4 = connect(sb, "127.0.0.1", loopback.port());
            assertEquals(Listener.GREETING, v4.stdout(), v4.stderr());
            ExecResult v6 = connect(sb, "::1", loopback6.port());
            assertEquals(Listener.GREETING, v6.stdout(), v6.stderr());
        }
        // Control 2: slirp4netns with the host's loopback allowed (which mino never asks for) leads
        // the refused addresses to the listeners: "unreachable" above is the setting, not a fault.
        String output = probeWithHostLoopbackAllowed("nc 10.0.2.2 " + loopback.port() + "; nc fd00::2 "
            + loopback6.port());
        assertEquals(Listener.GREETING + Listener.GREETING, output);
    }

    /** The probe fails at once (not by timing out) with exactly this error. */
    private static void assertFails(Sandbox sb, String host, int port, String error) {
        long start = System.nanoTime();
        ExecResult result = connect(sb, host, port);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String what = "nc " + host + " " + port + ": exit " + result.exitCode() + ", stdout " + result.stdout()
            + ", stderr " + result.stderr() + ", " + millis + " ms";
        assertEquals(1, result.exitCode(), what);
        assertEquals("", result.stdout(), what);
        assertTrue(result.stderr().contains(error), what);
        assertTrue(millis < 4000, "at once, not by a timeout: " + what);
    }

    /** Runs {@code script} in a plain container on slirp4netns with allow_host_loopback=true. */
    private static String probeWithHostLoopbackAllowed(String script) {
        String id = podman.containers().create(Map.of(
            "name", "mino-it-loopback-" + UUID.randomUUID().toString().substring(0, 8),
            "image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sh", "-c", script),
            "labels", TEST_LABELS,
            "netns", Map.of("nsmode", "slirp4netns"),
            "network_options", Map.of("slirp4netns", List.of("allow_host_loopback=true")))).id();
        try {
            podman.containers().start(id);
            podman.containers().waitForExit(id, Duration.ofMillis(50));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (InputStream logs = podman.containers().logs(id, false, -1)) {
                StreamDemultiplexer.copy(logs, out, err);
            }
            return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            podman.containers().remove(id, true);
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
            // IPv6 too: where the bridge sandbox above is told "Network is unreachable" at once by
            // slirp4netns, here the egress guard rejects the probe before it leaves, and says so.
            ExecResult v6 = sb.exec("timeout", "3", "nc", "fd00::2", Integer.toString(loopback6.port()));
            assertNotEquals(0, v6.exitCode(), "blocked: " + v6.stderr());
            assertEquals("", v6.stdout());
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (!blockedV6(sb) && System.nanoTime() < deadline) {
                sleep(50);
            }
            assertTrue(blockedV6(sb), "the guard blocked it: " + sb.egressEvents());
        }
    }

    private boolean blockedV6(Sandbox sb) {
        return sb.egressEvents().stream().anyMatch(e -> e instanceof EgressEvent.ConnectionBlocked b
            && b.address().equals("fd00::2") && b.port() == loopback6.port());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
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
