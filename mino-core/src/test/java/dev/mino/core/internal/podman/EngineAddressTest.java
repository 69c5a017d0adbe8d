package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EngineAddressTest {

    @Test
    void parsesAUnixSocketPath() {
        EngineAddress address = EngineAddress.parse("unix:///run/user/1000/podman/podman.sock");
        assertEquals(new EngineAddress.Unix(Path.of("/run/user/1000/podman/podman.sock")), address);
        assertEquals("unix:///run/user/1000/podman/podman.sock", address.uri());
    }

    @Test
    void parsesTcpWithIpv4AndIpv6Hosts() {
        assertEquals(new EngineAddress.Tcp("127.0.0.1", 8080), EngineAddress.parse("tcp://127.0.0.1:8080"));
        EngineAddress v6 = EngineAddress.parse("tcp://[::1]:2375");
        assertEquals(new EngineAddress.Tcp("::1", 2375), v6);
        assertEquals("tcp://[::1]:2375", v6.uri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "podman.sock", "unix://relative/path", "http://localhost:80", "tcp://host",
        "tcp://:80", "unix:///with space", "ssh", "orbstack:mino", "orbstack://-u", "orbstack://user@mino",
        "orbstack://mino:22", "orbstack://mino/", "orbstack://mino?distro=fedora", "orbstack://a b", "orbstack:///x"})
    void rejectsWhatIsNotAUsableAddressWithAHint(String value) {
        MinoException e = assertThrows(MinoException.class, () -> EngineAddress.parse(value));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(!e.hint().isEmpty(), "a hint is given");
    }

    @Test
    void parsesOrbStackVmsNamedOrConfigured() {
        assertEquals(new EngineAddress.OrbStackVm("mino"), EngineAddress.parse("orbstack://mino"));
        assertEquals(new EngineAddress.OrbStackVm("dev.vm_2"), EngineAddress.parse(" ORBSTACK://dev.vm_2 "));
        assertEquals(new EngineAddress.OrbStackVm(null), EngineAddress.parse("orbstack:"));
        assertEquals(new EngineAddress.OrbStackVm(null), EngineAddress.parse("orbstack://"));
        assertEquals("orbstack://mino", new EngineAddress.OrbStackVm("mino").uri());
        assertEquals("orbstack:", new EngineAddress.OrbStackVm(null).uri());
    }

    @Test
    void anOrbStackAddressTellsWhatItTakes() {
        MinoException e = assertThrows(MinoException.class, () -> EngineAddress.parse("orbstack://me@mino"));
        assertEquals("Podman address 'orbstack://me@mino' does not name a usable OrbStack VM: it takes a VM name "
            + "only, no user, port, path or query", e.getMessage());
        assertEquals("write " + EngineAddress.OrbStackVm.FORMS, e.hint());
        assertThrows(MinoException.class, () -> EngineAddress.parse("orbstack://" + "v".repeat(64)));
    }

    @Test
    void noClientConnectsToAnOrbStackVmThatWasNotMadeReady() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PodmanClient.create(new EngineAddress.OrbStackVm("mino"), java.time.Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("orbstack://mino must be made ready first"), e.getMessage());
    }
}
