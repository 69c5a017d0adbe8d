package dev.mino.core.internal.orbstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.ContainerCreated;
import dev.mino.core.internal.podman.ContainerRoundTrip;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OrbStack engine end to end against a fake {@code orb} that runs the "VM's" commands on this
 * machine as the test user, its {@code podman system dial-stdio} relaying to the real test Podman:
 * a missing VM is created and started, the checks run, and containers run through the stdio
 * transport.
 */
@RequiresPodman
@Timeout(120)
class OrbStackIT {
    private static final String READY_CHECKS_TAIL = "-m mino which podman|-m mino whoami"
        + "|-m mino grep -q ^minotest: /etc/subuid|-m mino grep -q ^minotest: /etc/subgid"
        + "|-m mino systemctl --user enable --now podman.socket";

    @TempDir
    Path dir;

    private FakeOrb orb;
    private final List<String> progress = new ArrayList<>();
    private final Map<EngineAddress, PodmanClient> clients = new ConcurrentHashMap<>();

    @BeforeEach
    void fakeOrb() {
        orb = FakeOrb.create(dir, ((EngineAddress.Unix) TestPodman.address()).socket());
    }

    @AfterEach
    void closeClients() {
        clients.values().forEach(PodmanClient::close);
    }

    private OrbStackEngine engine() {
        return new OrbStackEngine(OrbStackEngine.DEFAULT_VM, orb.executable(), progress::add);
    }

    private PodmanClient client(EngineAddress address) {
        return clients.computeIfAbsent(address, a -> PodmanClient.create(a, Duration.ofSeconds(30)));
    }

    @Test
    void createsAndStartsAMissingVmThenRunsAContainerThroughDialStdio() throws Exception {
        orb.orbStackRunning(false);

        EngineAddress.Stdio address = engine().ensureReady();

        assertEquals(List.of(orb.executable().toString(), "-m", "mino", "-u", "minotest", "podman", "system",
            "dial-stdio"), address.command());
        // systemctl --user fails in the fake VM; Podman answering through dial-stdio makes that fine.
        assertEquals(String.join("|", "version", "status", "start", "list -q", "create fedora mino",
            "list -f {{.Name}}\t{{.State}}", "start mino", READY_CHECKS_TAIL,
            "-m mino -u minotest podman system dial-stdio"), String.join("|", orb.calls()));
        assertEquals(List.of("Checking OrbStack", "Starting OrbStack", "Checking OrbStack VM 'mino'",
            "Creating OrbStack VM 'mino' (fedora)", "Starting OrbStack VM 'mino'",
            "Checking Podman in OrbStack VM 'mino'", "Checking rootless Podman in OrbStack VM 'mino'",
            "Enabling Podman's socket in OrbStack VM 'mino'", "Podman in OrbStack VM 'mino' is ready (user minotest)"),
            progress);

        PodmanClient client = client(address);
        assertEquals("4.3.1", client.ping());
        assertEquals("4.3.1", client.version().version());
        ContainerRoundTrip.run(client);
    }

    @Test
    void aReadyVmIsOnlyCheckedAndPodmanIsInstalledAndRootlessSetUpWhereMissing() {
        orb.orbStackRunning(true).vm("mino", "running").condition("hide-podman", true).fail("dnf", "no dnf here")
            .condition("hide-subids", true).condition("socket-enable-works", true);

        engine().ensureReady();

        assertEquals(List.of("version", "status", "list -q", "list -f {{.Name}}\t{{.State}}",
            "-m mino which podman", "-m mino sudo dnf install -y podman", "-m mino sudo apt-get update",
            "-m mino sudo apt-get install -y podman", "-m mino which podman", "-m mino whoami",
            "-m mino grep -q ^minotest: /etc/subuid",
            "-m mino sh -c echo 'minotest:100000:65536' | sudo tee -a /etc/subuid",
            "-m mino grep -q ^minotest: /etc/subgid",
            "-m mino sh -c echo 'minotest:100000:65536' | sudo tee -a /etc/subgid",
            "-m mino podman system migrate", "-m mino systemctl --user enable --now podman.socket"), orb.calls());
        assertTrue(progress.contains("Adding minotest to /etc/subuid in OrbStack VM 'mino'"), progress.toString());
        assertTrue(progress.contains("Migrating Podman to rootless mode in OrbStack VM 'mino'"), progress.toString());

        orb.clearCalls();
        engine().ensureReady();
        assertEquals(String.join("|", "version", "status", "list -q", "list -f {{.Name}}\t{{.State}}",
            READY_CHECKS_TAIL), String.join("|", orb.calls()));
    }

    @Test
    void aPostAfterMoreThanTenSecondsIdleDoesNotHangOnTheStdioTransport() throws Exception {
        orb.orbStackRunning(true).vm("mino", "running").condition("socket-enable-works", true);
        try (PodmanClient client = PodmanClient.create(engine().ensureReady(), Duration.ofSeconds(20))) {
            client.ping();
            Thread.sleep(11_000);
            long start = System.nanoTime();
            ContainerCreated created = client.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE,
                "command", List.of("true"), "labels", Map.of("dev.mino.test", "true")));
            try {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 10_000, "create after idle took " + millis + " ms");
            } finally {
                client.containers().remove(created.id(), true);
            }
        }
    }
}
