package dev.mino.core.internal.orbstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import dev.mino.core.config.MinoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OrbStack engine's failure paths against a fake {@code orb}: each stops at the failing step
 * with a message naming it. These never reach a command run "in the VM", so need no Podman.
 */
@Timeout(60)
class OrbStackEngineTest {
    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();

    private OrbStackEngine engine(Path orb) {
        return new OrbStackEngine(OrbStackEngine.DEFAULT_VM, orb, progress::add);
    }

    @Test
    void aMissingOrbIsReportedAsOrbStackNotInstalled() {
        MinoException e = assertThrows(MinoException.class, () -> engine(dir.resolve("no-orb-here")).ensureReady());
        assertTrue(e.getMessage().startsWith("OrbStack is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("no-orb-here").toString()), e.getMessage());
        assertTrue(e.hint().contains("https://orbstack.dev"), e.hint());
        assertEquals(List.of("Checking OrbStack"), progress);
    }

    @Test
    void anOrbThatCannotTellItsVersionCountsAsNotInstalled() {
        FakeOrb orb = FakeOrb.create(dir).fail("version", "orb: broken installation");
        MinoException e = assertThrows(MinoException.class, () -> engine(orb.executable()).ensureReady());
        assertEquals("OrbStack is not installed: 'orb version' failed: orb: broken installation", e.getMessage());
        assertEquals(List.of("version"), orb.calls());
    }

    @Test
    void aFailingVmCreationNamesTheStepAndWhatOrbSaid() {
        FakeOrb orb = FakeOrb.create(dir).orbStackRunning(true).fail("create", "create: no space left on device");
        MinoException e = assertThrows(MinoException.class, () -> engine(orb.executable()).ensureReady());
        assertEquals("VM failed to start: Failed to create VM: create: no space left on device", e.getMessage());
        assertEquals("Try: orb delete mino && mino setup", e.hint());
        // After a failed create the list is read again: another process may have made the VM.
        assertEquals(List.of("version", "status", "list -q", "create fedora mino", "list -q"), orb.calls());
        assertEquals(List.of("Checking OrbStack", "Checking OrbStack VM 'mino'",
            "Creating OrbStack VM 'mino' (fedora)"), progress);
    }

    @Test
    void aVmCreatedMeanwhileByAnotherProcessIsFine() throws IOException {
        // A racing orb: the first list shows no VM, create fails because the VM exists by then,
        // and the re-check finds it; the next step (starting the stopped VM) stops the test.
        Path listed = dir.resolve("listed");
        Path script = dir.resolve("racy-orb");
        Files.writeString(script, "#!/bin/bash\n"
            + "case \"$1 $2\" in\n"
            + "  'list -q') if [ -f " + listed + " ]; then echo mino; else touch " + listed + "; fi ;;\n"
            + "  'create fedora') echo 'machine already exists' >&2; exit 1 ;;\n"
            + "  'list -f') printf 'mino\\tstopped\\n' ;;\n"
            + "  'start mino') echo 'cannot start: the test stops here' >&2; exit 1 ;;\n"
            + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        MinoException e = assertThrows(MinoException.class, () -> engine(script).ensureReady());
        assertEquals("VM failed to start: Failed to start VM: mino: cannot start: the test stops here",
            e.getMessage());
    }

    @Test
    void orbStackThatWillNotStartIsAClearError() {
        FakeOrb orb = FakeOrb.create(dir).fail("start-orbstack", "OrbStack helper not responding");
        MinoException e = assertThrows(MinoException.class, () -> engine(orb.executable()).ensureReady());
        assertEquals("VM failed to start: Failed to start OrbStack: OrbStack helper not responding", e.getMessage());
        assertTrue(e.hint().contains("orb start"), e.hint());
        assertEquals(List.of("version", "status", "start"), orb.calls());
        assertTrue(progress.contains("Starting OrbStack"), progress.toString());
    }

    @Test
    void aVmThatWillNotStartIsAClearError() {
        FakeOrb orb = FakeOrb.create(dir).orbStackRunning(true).vm("mino", "stopped")
            .fail("start-vm", "kernel panic");
        MinoException e = assertThrows(MinoException.class, () -> engine(orb.executable()).ensureReady());
        assertEquals("VM failed to start: Failed to start VM: mino: kernel panic", e.getMessage());
        assertEquals(List.of("version", "status", "list -q", "list -f {{.Name}}\t{{.State}}", "start mino"),
            orb.calls());
    }

    @Test
    void podmanThatCannotBeInstalledNamesTheCommandToRun() {
        FakeOrb orb = FakeOrb.create(dir).orbStackRunning(true).vm("mino", "running")
            .condition("hide-podman", true).fail("dnf", "sudo: dnf: command not found")
            .fail("apt-get", "E: Unable to locate package podman");
        MinoException e = assertThrows(MinoException.class, () -> engine(orb.executable()).ensureReady());
        assertEquals("Podman not available in OrbStack VM. Run: orb -m mino sudo dnf install -y podman "
            + "(installing it failed: E: Unable to locate package podman)", e.getMessage());
        assertEquals("Run: orb -m mino sudo dnf install -y podman", e.hint());
        assertEquals(List.of("version", "status", "list -q", "list -f {{.Name}}\t{{.State}}",
            "-m mino which podman", "-m mino sudo dnf install -y podman", "-m mino sudo apt-get update",
            "-m mino sudo apt-get install -y podman"), orb.calls());
        assertTrue(progress.contains("Installing Podman in OrbStack VM 'mino'"), progress.toString());
    }

    @Test
    void vmNamesAndDistributionsThatWouldBeOptionsAreRefused() {
        Path orb = dir.resolve("orb");
        assertThrows(MinoException.class, () -> new OrbStackEngine(new MinoConfig.Vm("-u", "fedora"), orb, m -> { }));
        assertThrows(MinoException.class, () -> new OrbStackEngine(new MinoConfig.Vm("mino", "--x"), orb, m -> { }));
        new OrbStackEngine(new MinoConfig.Vm("dev.vm_2", "ubuntu:jammy"), orb, m -> { });
    }

    @Test
    void theAddressRunsDialStdioAsTheVmUser() {
        OrbStackEngine engine = new OrbStackEngine(new MinoConfig.Vm("work", "fedora"), Path.of("/opt/orb"), m -> { });
        assertEquals(List.of("/opt/orb", "-m", "work", "-u", "alice", "podman", "system", "dial-stdio"),
            engine.address("alice").command());
        assertEquals("orbstack://work", engine.address("alice").description());
    }

    @Test
    void orbIsFoundOnPathOrWhereOrbStackPutsIt() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path home = dir.resolve("home");
        Map<String, String> env = Map.of("PATH", bin.toString(), "HOME", home.toString());
        assertEquals(Optional.empty(), OrbStackEngine.locate(env).filter(p -> p.startsWith(dir)));
        Path inHome = Files.createDirectories(home.resolve(".orbstack/bin")).resolve("orb");
        Files.writeString(inHome, "#!/bin/sh\n");
        Files.setPosixFilePermissions(inHome, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.of(inHome), OrbStackEngine.locate(env));
        Path onPath = bin.resolve("orb");
        Files.writeString(onPath, "#!/bin/sh\n");
        Files.setPosixFilePermissions(onPath, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.of(onPath), OrbStackEngine.locate(env));
    }
}
