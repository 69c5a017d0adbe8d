package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every hardening setting, proven from inside a real container: Podman ignores create-request
 * fields it does not know, so only what the process sees counts.
 */
@RequiresPodman
@Timeout(120)
class HardeningIT {
    private static PodmanClient podman;
    private Path project;
    private Path data;
    private Path state;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void folders() {
        project = TestDirectories.create("mino-it-project");
        data = TestDirectories.create("mino-it-data");
        state = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(project);
        TestDirectories.delete(data);
        TestDirectories.delete(state);
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("sleep", "300");
    }

    private static String statusField(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field + ":")).findFirst()
            .map(l -> l.substring(field.length() + 1).strip()).orElseThrow(() -> new AssertionError(field + " in " + status));
    }

    @Test
    void theCommandHoldsNoCapabilitiesAndCannotGainPrivileges() {
        try (Sandbox sb = builder().start()) {
            ExecResult status = sb.exec("cat", "/proc/self/status");
            assertEquals(0, status.exitCode(), status.stderr());
            for (String set : List.of("CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb")) {
                assertEquals("0000000000000000", statusField(status.stdout(), set), set);
            }
            assertEquals("1", statusField(status.stdout(), "NoNewPrivs"));
            // The container's own process too, not only exec'd ones.
            ExecResult pid1 = sb.exec("cat", "/proc/1/status");
            assertEquals("0000000000000000", statusField(pid1.stdout(), "CapEff"));
            assertEquals("1", statusField(pid1.stdout(), "NoNewPrivs"));
            // Even root inside cannot do what needs a capability.
            ExecResult chown = sb.exec("chown", "1234", "/etc/passwd");
            assertNotEquals(0, chown.exitCode());

            JsonNode inspect = podman.containers().inspect(sb.containerId()).orElseThrow().raw();
            assertEquals(0, inspect.path("EffectiveCaps").size(), inspect.path("EffectiveCaps").toString());
            assertTrue(inspect.path("HostConfig").path("SecurityOpt").toString().contains("no-new-privileges"));
        }
    }

    @Test
    void theProjectIsMountedReadWriteAtItsFolderName() throws IOException {
        try (Sandbox sb = builder().start()) {
            String workdir = "/" + project.getFileName();
            ExecResult write = sb.exec("sh", "-c", "echo made-inside > " + workdir + "/inside.txt && pwd");
            assertEquals(0, write.exitCode(), write.stderr());
            assertEquals(workdir + "\n", write.stdout());
            assertEquals("made-inside\n", Files.readString(project.resolve("inside.txt")));
            ExecResult mounts = sb.exec("cat", "/proc/mounts");
            assertTrue(mounts.stdout().lines().anyMatch(l -> l.split(" ")[1].equals(workdir) && l.contains("rw")),
                mounts.stdout());
        }
    }

    @Test
    void aReadOnlyRootFilesystemStillHasWritableScratchSpace() {
        try (Sandbox sb = builder().readOnly(true).start()) {
            ExecResult root = sb.exec("touch", "/rootfile");
            assertNotEquals(0, root.exitCode());
            assertTrue(root.stderr().contains("Read-only file system"), root.stderr());
            for (String dir : List.of("/tmp", "/run", "/root", "/home/developer")) {
                ExecResult scratch = sb.exec("sh", "-c", "touch " + dir + "/ok && grep ' " + dir + " tmpfs ' /proc/mounts");
                assertEquals(0, scratch.exitCode(), dir + ": " + scratch.stderr() + scratch.stdout());
            }
            // The project stays writable.
            assertEquals(0, sb.exec("touch", "/" + project.getFileName() + "/ok").exitCode());
        }
    }

    @Test
    void aReadOnlyVolumeRefusesWrites() throws IOException {
        Files.writeString(data.resolve("input.txt"), "data\n");
        try (Sandbox sb = builder().readOnlyVolume(data.toString(), "/data").start()) {
            assertEquals("data\n", sb.exec("cat", "/data/input.txt").stdout());
            ExecResult write = sb.exec("touch", "/data/new");
            assertNotEquals(0, write.exitCode());
            assertTrue(write.stderr().contains("Read-only file system"), write.stderr());
        }
    }

    /**
     * Podman's warning that a rootless cgroup v1 engine ignores limits stays in the sandbox's
     * warnings, but the listener is not told it on every start: mino tells once per JVM, in its
     * own words (ResourceLimitsIT proves the once).
     */
    @Test
    void theWarningOfUnenforcedLimitsIsKeptButNotRepeatedToTheListener() {
        JsonNode host = podman.info().path("host");
        boolean unenforced = "v1".equals(host.path("cgroupVersion").asText())
            && host.path("security").path("rootless").asBoolean();
        List<String> heard = new CopyOnWriteArrayList<>();
        try (Sandbox sb = builder().listener(new SandboxListener() {
            @Override
            public void onWarning(String message) {
                heard.add(message);
            }
        }).start()) {
            if (unenforced) {
                assertTrue(sb.warnings().stream().anyMatch(w -> w.contains("Resource limits")), sb.warnings().toString());
                assertTrue(heard.stream().noneMatch(w -> w.contains("Resource limits")), heard.toString());
            } else {
                ExecResult max = sb.exec("sh", "-c", "cat /sys/fs/cgroup/pids.max || cat /sys/fs/cgroup/pids/pids.max");
                assertEquals("4096", max.stdout().strip());
            }
        }
    }
}
