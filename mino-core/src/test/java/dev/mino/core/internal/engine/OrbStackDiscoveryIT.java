package dev.mino.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.orbstack.FakeOrb;
import dev.mino.core.internal.orbstack.OrbStackEngine;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Discovery on macOS ending with an OrbStack VM (a fake orb in front of the test Podman). */
@RequiresPodman
@Timeout(120)
class OrbStackDiscoveryIT {
    @TempDir
    Path dir;

    private final Map<EngineAddress, PodmanClient> clients = new ConcurrentHashMap<>();
    /** One Mino's memory of the VMs it made ready: every discovery here is that Mino's. */
    private final ReadyVms readyVms = new ReadyVms();

    @AfterEach
    void closeClients() {
        clients.values().forEach(PodmanClient::close);
    }

    private PodmanClient client(EngineAddress address) {
        return clients.computeIfAbsent(address, a -> PodmanClient.create(a, Duration.ofSeconds(30)));
    }

    private EngineDiscovery discovery(OrbStackEngine engine) {
        // Nothing at the usual places (the rootful socket moved into the temp folder), so OrbStack it is.
        return new EngineDiscovery(Map.of("XDG_RUNTIME_DIR", dir.toString()), this::client, -1, "Mac OS X",
            engine.vm(), engine::forVm, dir.resolve("rootful.sock"), readyVms);
    }

    @Test
    void endsWithTheVmMadeReadyAndLaterOnlyPingsIt() {
        FakeOrb orb = FakeOrb.create(dir, ((EngineAddress.Unix) TestPodman.address()).socket()).orbStackRunning(true)
            .vm("mino", "running").condition("socket-enable-works", true);
        OrbStackEngine engine = new OrbStackEngine(OrbStackEngine.DEFAULT_VM, orb.executable(), message -> { });

        EngineAddress found = discovery(engine).find(null);

        assertEquals(engine.address(FakeOrb.USER), assertInstanceOf(EngineAddress.Stdio.class, found));
        assertTrue(orb.calls().contains("version"), orb.calls().toString());
        orb.clearCalls();
        assertEquals(found, discovery(engine).find(null));
        // The pooled connection of the first discovery answers the ping: no orb call at all.
        assertEquals(List.of(), orb.calls());
    }
}
