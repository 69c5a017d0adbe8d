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
        "tcp://:80", "unix:///with space", "ssh"})
    void rejectsWhatIsNotAUsableAddressWithAHint(String value) {
        MinoException e = assertThrows(MinoException.class, () -> EngineAddress.parse(value));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(!e.hint().isEmpty(), "a hint is given");
    }
}
