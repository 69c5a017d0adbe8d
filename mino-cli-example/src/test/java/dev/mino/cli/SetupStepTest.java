package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code mino setup} finds missing on Linux, and the commands it offers. */
class SetupStepTest {
    private static final Path SOCKET = Path.of("/run/user/1000/podman/podman.sock");

    private static HostFacts user(boolean podman, boolean subids, boolean socket) {
        return new HostFacts("me", 1000, podman ? Optional.of(Path.of("/usr/bin/podman")) : Optional.empty(),
            Optional.of("apt-get"), subids, subids, SOCKET, socket, null);
    }

    @Test
    void everythingPresent() {
        List<SetupStep> steps = SetupStep.linux(user(true, true, true));
        assertEquals(List.of("Podman", "Subordinate ids", "Podman socket"),
            steps.stream().map(SetupStep::name).toList());
        assertTrue(steps.stream().allMatch(SetupStep::ok));
    }

    @Test
    void missingPiecesComeWithTheirFixes() {
        List<SetupStep> steps = SetupStep.linux(user(false, false, false));
        assertFalse(steps.get(0).ok());
        assertEquals(List.of("sudo", "apt-get", "install", "-y", "podman"), steps.get(0).fix());
        assertEquals(List.of("sudo", "usermod", "--add-subuids", "100000-165535", "--add-subgids", "100000-165535",
            "me"), steps.get(1).fix());
        assertEquals(List.of("systemctl", "--user", "enable", "--now", "podman.socket"), steps.get(2).fix());
    }

    @Test
    void rootNeedsNoSubordinateIdsNorSudo() {
        HostFacts root = new HostFacts("root", 0, Optional.empty(), Optional.of("dnf"), false, false,
            Path.of("/run/podman/podman.sock"), false, null);
        List<SetupStep> steps = SetupStep.linux(root);
        assertEquals(List.of("dnf", "install", "-y", "podman"), steps.get(0).fix());
        assertTrue(steps.get(1).ok());
        assertEquals(List.of("systemctl", "enable", "--now", "podman.socket"), steps.get(2).fix());
    }

    @Test
    void aContainerHostThatDoesNotAnswerIsNotOursToStart() {
        HostFacts host = new HostFacts("me", 1000, Optional.of(Path.of("/usr/bin/podman")), Optional.empty(), true,
            true, Path.of("/tmp/elsewhere.sock"), false, "unix:///tmp/elsewhere.sock");
        SetupStep socket = SetupStep.linux(host).get(2);
        assertFalse(socket.ok());
        assertTrue(socket.fix().isEmpty());
        assertTrue(socket.detail().contains("CONTAINER_HOST"));
    }

    @Test
    void noPackageManagerMeansNoInstallCommand() {
        HostFacts host = new HostFacts("me", 1000, Optional.empty(), Optional.empty(), true, true, SOCKET, true, null);
        SetupStep podman = SetupStep.linux(host).get(0);
        assertTrue(podman.fix().isEmpty());
        assertTrue(podman.detail().contains("neither apt-get nor dnf"));
    }

    @Test
    void socketAndRangesAreFoundWhereRootlessPodmanLooks() {
        assertEquals(Path.of("/tmp/x.sock"), HostFacts.socket(Map.of("CONTAINER_HOST", "unix:///tmp/x.sock"), 1000));
        assertEquals(Path.of("/run/user/1000/podman/podman.sock"), HostFacts.socket(Map.of(), 1000));
        assertEquals(Path.of("/xdg/podman/podman.sock"), HostFacts.socket(Map.of("XDG_RUNTIME_DIR", "/xdg"), 1000));
        assertEquals(Path.of("/run/podman/podman.sock"), HostFacts.socket(Map.of(), 0));
        assertTrue(HostFacts.hasRange(List.of("other:1:2", "me:100000:65536"), "me", 1000));
        assertTrue(HostFacts.hasRange(List.of("1000:100000:65536"), "me", 1000));
        assertFalse(HostFacts.hasRange(List.of("meme:100000:65536"), "me", 1000));
    }
}
