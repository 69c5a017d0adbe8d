package dev.mino.core.internal.sandbox;

import static dev.mino.core.testing.EgressTestbed.API;
import static dev.mino.core.testing.EgressTestbed.PORT;
import static dev.mino.core.testing.EgressTestbed.WILDCARD_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.ProcessUid;
import dev.mino.core.testing.EgressProbe;
import dev.mino.core.testing.EgressTestbed;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestNetwork;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.EgressGuard;
import dev.mino.network.InterceptTarget;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The firewall side of the credential proxy, inside real containers: the egress guard redirects
 * the sandbox's connections to intercepted names to its relay, which hands them to the proxy's
 * socket with their original destination, and the proxy's own connections leave through the
 * guard's upstream socket, still filtered. This test plays the JVM's proxy itself ({@link
 * TestProxy}: it reads the relay's line and tunnels through the upstream socket), and drives the
 * planner and the firewall's start directly, since the builder does not offer interception yet.
 * One firewall and one sandbox serve every test: {@link EgressTestbed#API} is allowed and
 * intercepted on {@link EgressTestbed#PORT}, {@link EgressTestbed#WILDCARD_NAME} allowed only.
 */
@RequiresPodman
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialInterceptionIT {
    private PodmanClient podman;
    private EgressTestbed bed;
    private Path project;
    private Path folder;
    private TestProxy proxy;
    private String firewall;
    private String sandbox;

    @BeforeAll
    void startSandbox() throws IOException {
        podman = TestPodman.newClient();
        bed = EgressTestbed.start(podman, "intercept");
        project = TestDirectories.create("mino-it-project");
        folder = proxyFolder(podman);
        proxy = TestProxy.start(folder);
        SandboxSpec spec = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.DEBIAN_IMAGE)
            .project(project).podmanNetwork(bed.network().name()).command("sleep", "600")
            .firewallImage(TestPodman.DEBIAN_IMAGE).upstreamDns(bed.upstream().ipv4())
            .network(NetworkPolicy.allow(API + ":" + PORT, WILDCARD_NAME + ":" + PORT)).build();
        PlanFacts facts = new PlanFacts(spec, TestPodman.DEBIAN_IMAGE, Optional.empty(), false,
            EngineFacts.of(podman.cachedInfo()), null, PreparedVolumes.NONE, null, List.of());
        String session = "intercept-" + bed.network().run();
        SandboxPlan plan = SandboxPlanner.plan(facts, session, Owner.current(), SecretDelivery.NONE,
            new ProxyInterception(folder, List.of(new InterceptTarget(API, PORT))));
        firewall = FirewallStarter.start(podman, plan, SandboxListener.NONE);
        sandbox = podman.containers().create(plan.createBody()).id();
        podman.containers().start(sandbox);
    }

    @AfterAll
    void removeAll() {
        try {
            for (String id : new String[] {sandbox, firewall}) {
                if (id != null) {
                    podman.containers().remove(id, true);
                }
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            TestDirectories.delete(folder);
            TestDirectories.delete(project);
            try {
                bed.close();
            } finally {
                podman.close();
            }
        }
    }

    @BeforeEach
    void proxyListens() throws IOException {
        if (!proxy.listening()) {
            proxy = TestProxy.start(folder);
        }
        proxy.lines.clear();
    }

    /**
     * The proxy's folder as core makes it: only its owner may enter; when this JVM is root beside
     * another user's rootless engine (CI), handed to that user, as the firewall's root is that user.
     */
    private static Path proxyFolder(PodmanClient podman) throws IOException {
        Path dir = Files.createTempDirectory("mino-proxy-it-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        long engineUid = PlanFacts.peers(podman, ProcessUid.current()).engineUid();
        if (ProcessUid.current() == 0 && engineUid != 0) {
            Files.setAttribute(dir, "unix:uid", Math.toIntExact(engineUid), LinkOption.NOFOLLOW_LINKS);
        }
        return dir;
    }

    private String inSandbox(String... probe) {
        return EgressProbe.run(bed.network(), sandbox, probe);
    }

    private TestNetwork.Output execIn(String container, String... command) {
        return bed.network().exec(container, List.of(command));
    }

    @Test
    void anInterceptedConnectionReachesTheProxyWithItsOriginalDestinationAndIsTunnelled() throws Exception {
        TestNetwork.WebServer a = bed.a();
        assertEquals(String.join(" ", sorted(a.ipv4(), a.ipv6())), inSandbox("resolve", API),
            "the sandbox's resolver hands out (and intercepts) both addresses");
        assertEquals("from-a", inSandbox("http", a.ipv4(), Integer.toString(PORT)), "IPv4, through the proxy");
        assertRelayed(proxy.nextLine(), a.ipv4(), PORT);
        assertEquals("from-a", inSandbox("http", a.ipv6(), Integer.toString(PORT)), "IPv6, through the proxy");
        assertRelayed(proxy.nextLine(), a.ipv6(), PORT);
        assertEquals("from-a", inSandbox("http", API, Integer.toString(PORT)), "by name, as a client does");
        assertTrue(proxy.nextLine().startsWith(EgressGuard.RELAY_LINE_PREFIX + " "));
        // A client that half-closes after its request still gets the whole answer: the end of its
        // side travels through the relay and the proxy without ending the other side.
        String halfClose = "import socket\ns=socket.create_connection(('" + a.ipv4() + "'," + PORT + "),timeout=5)\n"
            + "s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')\ns.shutdown(socket.SHUT_WR)\ndata=b''\n"
            + "while True:\n c=s.recv(4096)\n if not c: break\n data+=c\nprint(data.split(b'\\r\\n\\r\\n')[-1].decode().strip())\n";
        TestNetwork.Output half = execIn(sandbox, "python3", "-c", halfClose);
        assertEquals("from-a", half.stdout().strip(), half.stderr());
        assertRelayed(proxy.nextLine(), a.ipv4(), PORT);
    }

    @Test
    void anAllowedNameThatIsNotInterceptedGoesStraightOut() throws Exception {
        assertEquals("from-b", inSandbox("http", WILDCARD_NAME, Integer.toString(PORT)));
        assertNull(proxy.lines.poll(1, TimeUnit.SECONDS), "never handed to the proxy");
    }

    @Test
    void withNobodyOnTheProxySocketAnInterceptedConnectionFailsClosed() throws Exception {
        proxy.close();
        String answer = inSandbox("http", API, Integer.toString(PORT));
        assertFalse(answer.contains("from-a"), "not sent on directly: " + answer);
        // The control: what is not intercepted still works meanwhile.
        assertEquals("from-b", inSandbox("http", WILDCARD_NAME, Integer.toString(PORT)));
        proxy = TestProxy.start(folder);
        assertEquals("from-a", inSandbox("http", API, Integer.toString(PORT)), "and works again with a proxy");
    }

    @Test
    void aConnectionStraightToTheRelayIsClosedAndNeverReachesTheProxy() throws Exception {
        for (String relay : List.of("127.0.0.1", "::1")) {
            String answer = inSandbox("http", relay, Integer.toString(EgressGuard.RELAY_PORT));
            assertFalse(answer.contains("from-"), relay + ": " + answer);
        }
        assertNull(proxy.lines.poll(1, TimeUnit.SECONDS), "the relay refused its own address as a destination");
        // The control: the relay is there and serves redirected connections.
        assertEquals("from-a", inSandbox("http", API, Integer.toString(PORT)));
        assertRelayed(proxy.nextLine(), null, PORT);
    }

    @Test
    void theSandboxHasNoProxyFolderAndCannotReachTheUpstreamSocket() {
        String upstream = EgressGuard.PROXY_FOLDER + "/" + EgressGuard.UPSTREAM_SOCKET;
        String script = "import socket,os\nprint(os.path.exists('" + EgressGuard.PROXY_FOLDER + "'))\n"
            + "s=socket.socket(socket.AF_UNIX)\ntry:\n s.connect('" + upstream + "'); print('connected')\n"
            + "except OSError as e: print('error', e.errno)\n";
        TestNetwork.Output inside = execIn(sandbox, "python3", "-c", script);
        assertEquals("False\nerror 2", inside.stdout().strip(), inside.stderr());
        // The control: the same script in the firewall finds the folder and connects.
        TestNetwork.Output guard = execIn(firewall, "python3", "-c", script);
        assertEquals("True\nconnected", guard.stdout().strip(), guard.stderr());
        // Nor is the folder among the sandbox's mounts at all.
        TestNetwork.Output mounts = execIn(sandbox, "cat", "/proc/self/mountinfo");
        assertFalse(mounts.stdout().contains(EgressGuard.PROXY_FOLDER), mounts.stdout());
        assertFalse(mounts.stdout().contains(folder.getFileName().toString()), mounts.stdout());
    }

    @Test
    void theUpstreamSocketStillAppliesTheAllowlist() throws Exception {
        TestNetwork.WebServer a = bed.a();
        inSandbox("resolve", API);
        // Control: an admitted destination is connected, and answers.
        try (SocketChannel admitted = proxy.connectUpstream(a.ipv4(), PORT)) {
            assertEquals("OK", readLine(admitted));
            writeAll(admitted, "GET / HTTP/1.0\r\n\r\n");
            assertTrue(readAll(admitted).contains("from-a"));
        }
        // Server C (a name nobody allows) is never admitted: the output chain rejects the connection.
        for (String refused : List.of(bed.c().ipv4(), bed.c().ipv6())) {
            try (SocketChannel upstream = proxy.connectUpstream(refused, PORT)) {
                long start = System.nanoTime();
                String answer = readLine(upstream);
                assertTrue(answer.startsWith(EgressGuard.CONNECT_ERROR + " "), refused + ": " + answer);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5),
                    "refused at once (the output chain's reset reaches the guard), not after a timeout");
            }
        }
        // Nor is an admitted address reachable on a port no rule allows.
        try (SocketChannel otherPort = proxy.connectUpstream(a.ipv4(), EgressTestbed.OTHER_PORT)) {
            assertTrue(readLine(otherPort).startsWith("ERR "));
        }
        // Loopback (the guard's own resolver and relay), link-local and garbage are refused before
        // any connection.
        for (String line : List.of("CONNECT 127.0.0.1 53", "CONNECT ::1 15443", "CONNECT 0.0.0.0 80",
            "CONNECT 169.254.169.254 80", "CONNECT fe80::1 80",
            "CONNECT 224.0.0.1 80", "CONNECT 10.0.0.1 0", "CONNECT not-an-ip 80", "HELLO", "CONNECT 10.0.0.1 80 x",
            "CONNECT " + "1".repeat(300))) {
            try (SocketChannel upstream = proxy.openUpstream()) {
                writeAll(upstream, line + "\n");
                String answer = readLine(upstream);
                assertTrue(answer.startsWith("ERR "), line + ": " + answer);
            }
        }
        assertEquals("from-a", inSandbox("http", API, Integer.toString(PORT)), "the guard goes on serving");
    }

    @Test
    void theUpstreamSocketNeverConnectsToAListenerOfTheSandboxOnItsOwnAddress() throws Exception {
        String own = podman.containers().inspect(firewall).orElseThrow().raw().path("NetworkSettings")
            .path("Networks").path(bed.network().name()).path("IPAddress").asText();
        assertFalse(own.isEmpty());
        // The sandbox listens on its own address, hoping to be handed the proxy's connection.
        String listen = "python3 -c \"import socket,time\ns=socket.socket()\ns.bind(('" + own + "',9443))\n"
            + "s.listen(8)\ns.settimeout(20)\ntry:\n while True: s.accept()\nexcept OSError: pass\n\" "
            + ">/dev/null 2>&1 &";
        assertEquals(0, execIn(sandbox, "sh", "-c", listen).exitCode());
        String connect = "import socket,time\nfor i in range(50):\n try:\n  socket.create_connection(('" + own
            + "',9443),timeout=1); print('listening'); break\n except OSError: time.sleep(0.1)\n";
        // The control: the listener is there (the firewall's own processes reach it).
        assertEquals("listening", execIn(firewall, "python3", "-c", connect).stdout().strip());
        try (SocketChannel upstream = proxy.connectUpstream(own, 9443)) {
            assertEquals("ERR destination not allowed", readLine(upstream));
        }
    }

    @Test
    void theSandboxCannotMarkASocketToDodgeTheRedirect() {
        assertEquals("error EPERM", inSandbox("mark"));
        // The control: the probe does mark a socket where NET_ADMIN is held (the firewall).
        assertEquals("marked", EgressProbe.run(bed.network(), firewall, "mark"));
    }

    @Test
    void aFloodOfConnectionsToTheRelayDoesNotStopTheGuard() throws Exception {
        TestNetwork.WebServer a = bed.a();
        inSandbox("resolve", API);
        proxy.hold = true;
        String flood = "import socket,time\nheld=[];failed=0\n"
            + "for target in [('" + a.ipv4() + "'," + PORT + ")]*300+[('127.0.0.1'," + EgressGuard.RELAY_PORT + ")]*300:\n"
            + " try:\n  held.append(socket.create_connection(target,timeout=5))\n"
            + " except OSError:\n  failed+=1\n"
            + "time.sleep(2)\nprint(len(held),failed)\n";
        TestNetwork.Output out = execIn(sandbox, "python3", "-c", flood);
        assertEquals(0, out.exitCode(), out.stderr());
        proxy.hold = false;
        assertTrue(podman.containers().inspect(firewall).orElseThrow().running(), "the guard still runs");
        proxy.lines.clear();
        assertEquals("from-a", inSandbox("http", API, Integer.toString(PORT)), "and still relays");
        assertRelayed(proxy.nextLine(), null, PORT);
        assertEquals("from-b", inSandbox("http", WILDCARD_NAME, Integer.toString(PORT)), "and still resolves");
        // The flood did reach the proxy (not refused wholesale), and no more than the cap at once.
        assertTrue(proxy.maxHeld >= EgressGuard.MAX_PROXIED_CONNECTIONS - 16 && proxy.maxHeld
            <= EgressGuard.MAX_PROXIED_CONNECTIONS, "held at once: " + proxy.maxHeld + "; sandbox: " + out.stdout());
    }

    @Test
    void aFirewallWithoutTheProxyFolderFailsToStart() {
        SandboxSpec spec = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.DEBIAN_IMAGE)
            .project(project).podmanNetwork(bed.network().name()).command("true")
            .firewallImage(TestPodman.DEBIAN_IMAGE).upstreamDns(bed.upstream().ipv4())
            .network(NetworkPolicy.allow(API + ":" + PORT)).build();
        PlanFacts facts = new PlanFacts(spec, TestPodman.DEBIAN_IMAGE, Optional.empty(), false,
            EngineFacts.of(podman.cachedInfo()), null, PreparedVolumes.NONE, null, List.of());
        String session = "intercept-nofolder-" + bed.network().run();
        SandboxPlan planned = SandboxPlanner.plan(facts, session, Owner.current(), SecretDelivery.NONE,
            new ProxyInterception(folder, List.of(new InterceptTarget(API, PORT))));
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>(planned.firewallCreateBody().orElseThrow());
        body.remove("mounts");
        SandboxPlan withoutFolder = new SandboxPlan(spec, session, planned.containerName(), planned.labels(),
            planned.createBody(), java.util.Collections.unmodifiableMap(body));
        dev.mino.core.MinoException e = org.junit.jupiter.api.Assertions.assertThrows(dev.mino.core.MinoException.class,
            () -> FirewallStarter.start(podman, withoutFolder, SandboxListener.NONE));
        assertTrue(e.getMessage().contains("relay to the credential proxy") && e.getMessage().contains("not mounted"),
            e.getMessage());
        assertTrue(podman.containers().inspect(SandboxPlanner.firewallName(session)).isEmpty(), "and is removed");
    }

    /** A relay line names this destination (any address when {@code address} is null). */
    private static void assertRelayed(String line, String address, int port) throws IOException {
        String[] words = line.split(" ");
        assertEquals(4, words.length, line);
        assertEquals(EgressGuard.RELAY_LINE_PREFIX, words[0] + " " + words[1], line);
        if (address != null) {
            assertEquals(InetAddress.getByName(address), InetAddress.getByName(words[2]), line);
        }
        assertEquals(Integer.toString(port), words[3], line);
    }

    private static List<String> sorted(String... values) {
        return java.util.Arrays.stream(values).sorted().toList();
    }

    static void writeAll(SocketChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** One line, byte by byte (what follows it belongs to the connection), without its end. */
    static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.length() <= EgressGuard.MAX_LINE_BYTES) {
            one.clear();
            if (channel.read(one) < 0) {
                return line.toString();
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
        throw new IOException("line too long: " + line);
    }

    private static String readAll(SocketChannel channel) throws IOException {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer.clear()) >= 0) {
            text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    /**
     * The JVM's side, played by the test: listens on {@code proxy.sock}, records each relay line,
     * then tunnels the connection to its original destination through {@code upstream.sock}
     * (or, when {@link #hold}, just keeps it open until the sandbox closes it).
     */
    static final class TestProxy implements AutoCloseable {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        volatile boolean hold;
        volatile int maxHeld;
        private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        private final Path folder;
        private final ServerSocketChannel server;

        private TestProxy(Path folder, ServerSocketChannel server) {
            this.folder = folder;
            this.server = server;
        }

        static TestProxy start(Path folder) throws IOException {
            Path socket = folder.resolve(EgressGuard.PROXY_SOCKET);
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket), 512);
            // The firewall's root may be another uid than this JVM's (root beside a rootless engine).
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            TestProxy proxy = new TestProxy(folder, server);
            Thread accept = new Thread(proxy::acceptLoop, "test-proxy");
            accept.setDaemon(true);
            accept.start();
            return proxy;
        }

        boolean listening() {
            return server.isOpen();
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertTrue(line != null, "the relay handed the proxy no connection");
            return line;
        }

        SocketChannel openUpstream() throws IOException {
            return SocketChannel.open(UnixDomainSocketAddress.of(folder.resolve(EgressGuard.UPSTREAM_SOCKET)));
        }

        SocketChannel connectUpstream(String address, int port) throws IOException {
            SocketChannel upstream = openUpstream();
            writeAll(upstream, EgressGuard.CONNECT_WORD + " " + address + " " + port + "\n");
            return upstream;
        }

        private void acceptLoop() {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    Thread serve = new Thread(() -> serve(client), "test-proxy-connection");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(SocketChannel client) {
            int now = open.incrementAndGet();
            maxHeld = Math.max(maxHeld, now);
            try (client) {
                String line = readLine(client);
                lines.add(line);
                if (hold) {
                    readAll(client);
                    return;
                }
                String[] words = line.split(" ");
                try (SocketChannel upstream = connectUpstream(words[2], Integer.parseInt(words[3]))) {
                    if (!readLine(upstream).equals(EgressGuard.CONNECT_OK)) {
                        return;
                    }
                    Thread back = new Thread(() -> pump(upstream, client), "test-proxy-back");
                    back.setDaemon(true);
                    back.start();
                    pump(client, upstream);
                    back.join();
                }
            } catch (IOException | RuntimeException e) {
                // One connection's trouble; the test sees it as a failed probe.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
            }
        }

        /** Copies until the source ends, then half-closes the target, as the guard does. */
        private static void pump(SocketChannel from, SocketChannel to) {
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            try {
                while (from.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // The other side went away; the connection ends.
            }
        }

        @Override
        public void close() {
            try {
                server.close();
                Files.deleteIfExists(folder.resolve(EgressGuard.PROXY_SOCKET));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
