package dev.mino.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.internal.orbstack.FakeOrb;
import dev.mino.core.internal.orbstack.OrbStackEngine;
import dev.mino.core.internal.podman.PodmanClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery failures, without any Podman: each attempt is named in the one error. */
class EngineDiscoveryTest {
    @TempDir
    Path tmp;

    private EngineDiscovery discovery(Map<String, String> env) {
        return discovery(env, "Linux", null);
    }

    /**
     * Discovery whose rootful socket is in the temp folder, so a service this machine runs is not
     * found, with {@code orb} (if not null) as OrbStack's command and VM {@code dev} from ubuntu configured.
     */
    private EngineDiscovery discovery(Map<String, String> env, String osName, Path orb) {
        return new EngineDiscovery(env, address -> PodmanClient.create(address, Duration.ofSeconds(2)), 4321, osName,
            CONFIGURED_VM, orb == null ? null : vm -> new OrbStackEngine(vm, orb, progress::add),
            tmp.resolve("rootful/podman.sock"));
    }

    private static final MinoConfig.Vm CONFIGURED_VM = new MinoConfig.Vm("dev", "ubuntu");
    private final List<String> progress = new ArrayList<>();

    @Test
    void listsEveryPlaceItLookedWhenNothingAnswers() {
        Map<String, String> env = Map.of("CONTAINER_HOST", "unix://" + tmp.resolve("env.sock"),
            "XDG_RUNTIME_DIR", tmp.toString());
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class, () -> discovery(env).find(null));
        String message = e.getMessage();
        assertTrue(message.contains("CONTAINER_HOST (" + tmp.resolve("env.sock") + "): no such socket"), message);
        assertTrue(message.contains(tmp.resolve("podman/podman.sock").toString()), message);
        assertTrue(message.contains("/run/user/4321/podman/podman.sock"), message);
        assertTrue(message.contains("rootful socket (" + tmp.resolve("rootful/podman.sock") + "): no such socket"),
            message);
        assertTrue(e.hint().contains("CONTAINER_HOST"), e.hint());
    }

    @Test
    void anExplicitEngineIsTheOnlyCandidate() {
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class,
            () -> discovery(Map.of()).find("unix://" + tmp.resolve("explicit.sock")));
        assertTrue(e.getMessage().contains("explicit engine"), e.getMessage());
        assertTrue(!e.getMessage().contains("rootful"), e.getMessage());
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
    void onLinuxOrbStackIsNeverTried() {
        FakeOrb orb = FakeOrb.create(tmp);
        EngineDiscovery discovery = discovery(Map.of("XDG_RUNTIME_DIR", tmp.toString()), "Linux", orb.executable());
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class, () -> discovery.find(null));
        assertTrue(!e.getMessage().contains("OrbStack"), e.getMessage());
        assertEquals(List.of(), orb.calls());
    }

    @Test
    void onMacOsOrbStackComesLastAndItsAdviceIsTheHint() {
        EngineDiscovery discovery = discovery(Map.of("XDG_RUNTIME_DIR", tmp.toString()), "Mac OS X",
            tmp.resolve("no-orb"));
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class, () -> discovery.find(null));
        String message = e.getMessage();
        assertTrue(message.contains("/run/user/4321/podman/podman.sock"), message);
        Path orb = tmp.resolve("no-orb");
        assertTrue(message.endsWith("OrbStack VM 'dev': OrbStack is not installed: cannot run '" + orb
            + "' (Cannot run program \"" + orb + "\": error=2, No such file or directory)"), message);
        assertTrue(e.hint().contains("https://orbstack.dev"), e.hint());
    }

    @Test
    void anExplicitEngineIsNotReplacedByOrbStack() {
        FakeOrb orb = FakeOrb.create(tmp);
        EngineDiscovery discovery = discovery(Map.of(), "Mac OS X", orb.executable());
        assertThrows(PodmanConnectionException.class, () -> discovery.find("unix://" + tmp.resolve("x.sock")));
        assertEquals(List.of(), orb.calls());
    }

    @Test
    void anExplicitOrbStackEngineIsTriedOnAnySystemAndItsFailureIsClear() {
        EngineDiscovery discovery = discovery(Map.of(), "Linux", tmp.resolve("no-orb"));
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class,
            () -> discovery.find("orbstack://work"));
        assertTrue(e.getMessage().startsWith("no Podman service found; tried:\n  - explicit engine (orbstack://work): "
            + "OrbStack is not installed: cannot run '" + tmp.resolve("no-orb") + "'"), e.getMessage());
        assertTrue(e.hint().contains("https://orbstack.dev"), e.hint());
        assertEquals(List.of("Checking OrbStack"), progress);
    }

    @Test
    void orbStackWithoutANameIsTheConfiguredVmAndANamedOneIsCreatedFromTheConfiguredDistro() {
        FakeOrb orb = FakeOrb.create(tmp).orbStackRunning(true).fail("create", "no space left for a VM");
        EngineDiscovery discovery = discovery(Map.of(), "Linux", orb.executable());

        PodmanConnectionException e = assertThrows(PodmanConnectionException.class, () -> discovery.find("orbstack:"));
        assertTrue(e.getMessage().endsWith("explicit engine (orbstack:): VM failed to start: Failed to create VM: "
            + "no space left for a VM"), e.getMessage());
        assertEquals("Try: orb delete dev && mino setup", e.hint());
        assertTrue(orb.calls().contains("create ubuntu dev"), orb.calls().toString());

        orb.clearCalls();
        assertThrows(PodmanConnectionException.class, () -> discovery.find("orbstack://other"));
        assertTrue(orb.calls().contains("create ubuntu other"), orb.calls().toString());
    }

    @Test
    void containerHostMayNameAnOrbStackVm() {
        FakeOrb orb = FakeOrb.create(tmp).orbStackRunning(true).fail("create", "quota");
        EngineDiscovery discovery = discovery(Map.of("CONTAINER_HOST", "orbstack://fromenv"), "Mac OS X",
            orb.executable());
        PodmanConnectionException e = assertThrows(PodmanConnectionException.class, () -> discovery.find(null));
        assertTrue(e.getMessage().contains("CONTAINER_HOST (orbstack://fromenv): VM failed to start"), e.getMessage());
        // The configured VM is still the last resort on macOS.
        assertTrue(e.getMessage().contains("OrbStack VM 'dev': VM failed to start"), e.getMessage());
        assertTrue(orb.calls().containsAll(List.of("create ubuntu fromenv", "create ubuntu dev")), orb.calls().toString());
    }

    @Test
    void recognisesMacOs() {
        assertTrue(EngineDiscovery.isMacOs("Mac OS X"));
        assertTrue(!EngineDiscovery.isMacOs("Linux"));
        assertTrue(!EngineDiscovery.isMacOs(null));
    }

    @Test
    void requiresLibpodFourOrLater() {
        assertTrue(EngineDiscovery.atLeastFour("4.3.1"));
        assertTrue(EngineDiscovery.atLeastFour("5.2.0"));
        assertTrue(!EngineDiscovery.atLeastFour("3.4.4"));
        assertTrue(!EngineDiscovery.atLeastFour("garbage"));
    }

    /**
     * Without a runtime directory, 'podman system service' puts its socket under
     * $TMPDIR/podman-run-<uid>: discovery looks there, but only when that folder is this user's
     * alone, since another local user could prepare one in the shared temp folder to serve a fake
     * Podman.
     */
    @Test
    void theTemporarySocketOfAUserWithoutRuntimeDirectoryIsFoundOnlyInAFolderOfTheirsAlone() throws Exception {
        // The folder is judged against this process's user (who made it); 4321 only names it.
        long me = 4321;
        Path runDir = tmp.resolve("podman-run-" + me);
        Path socket = runDir.resolve("podman/podman.sock");
        java.nio.file.Files.createDirectories(socket.getParent());
        EngineDiscovery discovery = new EngineDiscovery(Map.of("TMPDIR", tmp.toString()),
            address -> PodmanClient.create(address, Duration.ofSeconds(2)), me, "Linux", CONFIGURED_VM, null,
            tmp.resolve("rootful/podman.sock"));
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
            java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            java.nio.file.Files.setPosixFilePermissions(runDir, java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxrwxrwx"));
            String shared = assertThrows(PodmanConnectionException.class, () -> discovery.find(null)).getMessage();
            assertTrue(shared.contains("temporary user socket (unix://" + socket + "): not used, since " + runDir
                + " is not a folder of this user's alone"), shared);

            java.nio.file.Files.setPosixFilePermissions(runDir, java.nio.file.attribute.PosixFilePermissions
                .fromString("rwx------"));
            server.configureBlocking(false);
            String tried = assertThrows(PodmanConnectionException.class, () -> discovery.find(null)).getMessage();
            assertTrue(tried.contains("temporary user socket (unix://" + socket + "): "), tried);
            assertTrue(!tried.contains("not used, since"), "the private folder's socket is tried: " + tried);
        }
    }
}
