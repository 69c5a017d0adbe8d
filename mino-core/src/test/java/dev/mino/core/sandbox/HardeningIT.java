package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.Caches;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.MountTable;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
class HardeningIT extends SandboxFolders {
    private static PodmanClient podman;
    private Path data;

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
        data = TestDirectories.create("mino-it-data");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(data);
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

    /**
     * The sandbox's mounts, read from its own {@code /proc/self/mountinfo}: nothing of the user's
     * home (this JVM's, and that of the user the engine runs as), the state directory or the
     * engine socket's folder is mounted, except what the test mounts on purpose. Podman's own
     * store (the image's files, named volumes, the container's hosts and resolv.conf) lies in the
     * engine user's home on a rootless engine and is not a host file the user has. The control:
     * a folder of the home that the test mounts on purpose is found by the same check.
     */
    @Test
    void noHostPathOfTheHomeStateOrEngineSocketIsMountedButWhatTheTestMountsOnPurpose() throws IOException {
        EngineAddress engine = TestPodman.address();
        Prerequisites.require(engine instanceof EngineAddress.Unix, "the test engine on a Unix socket");
        Path socket = ((EngineAddress.Unix) engine).socket();
        Path userHome = Path.of(System.getProperty("user.home"));
        Path engineHome = homeOf(Files.getOwner(socket).getName()).orElse(userHome);
        // The engine must be able to read the folder: the home of the user it runs as.
        Path onPurpose = engineHome.resolve("mino-it-mounted-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(onPurpose);
        try {
            Files.setPosixFilePermissions(onPurpose, PosixFilePermissions.fromString("rwxr-xr-x"));
            MountTable host = MountTable.ofThisProcess();
            Map<String, MountTable.Place> forbidden = new LinkedHashMap<>();
            forbidden.put("this JVM's home", host.locate(userHome));
            forbidden.put("the engine user's home", host.locate(engineHome));
            forbidden.put("the state directory", host.locate(state));
            forbidden.put("the engine socket's folder", host.locate(socket.getParent()));
            JsonNode store = podman.info().path("store");
            List<MountTable.Place> podmansStore = new ArrayList<>();
            for (String key : List.of("graphRoot", "runRoot", "volumePath")) {
                Path dir = Path.of(store.path(key).asText());
                if (Files.isDirectory(dir)) {
                    podmansStore.add(host.locate(dir));
                }
            }
            MountTable.Place mountedOnPurpose = host.locate(onPurpose);

            try (Sandbox sb = builder().home(true).sshAgent(false).readOnlyVolume(onPurpose.toString(), "/mounted")
                .start()) {
                ExecResult read = sb.exec("cat", "/proc/self/mountinfo");
                assertEquals(0, read.exitCode(), read.stderr());
                MountTable inside = MountTable.parse(read.stdout());
                List<String> found = new ArrayList<>();
                for (MountTable.Mount mount : inside.mounts()) {
                    // Inside the store, not the store itself: that would be a leak like any other.
                    if (podmansStore.stream().anyMatch(mount::startsInside)) {
                        continue;
                    }
                    forbidden.forEach((what, place) -> {
                        if (mount.reaches(place)) {
                            found.add(mount.mountPoint() + " shows " + what + " (" + mount.root() + ")");
                        }
                    });
                }
                // The control: exactly the on-purpose folder is found, at its mount point.
                String expected = "/mounted shows the engine user's home (" + mountedOnPurpose.path() + ")";
                List<String> expectedFound = engineHome.equals(userHome)
                    ? List.of(expected.replace("the engine user's home", "this JVM's home"), expected)
                    : List.of(expected);
                assertEquals(expectedFound, found, read.stdout());
                // Positive controls of the reading itself: the project is there, from where it is.
                MountTable.Place projectPlace = host.locate(project);
                assertTrue(inside.mounts().stream().anyMatch(m -> m.mountPoint().equals("/" + project.getFileName())
                    && m.device().equals(projectPlace.device()) && m.root().equals(projectPlace.path())),
                    read.stdout());
            }
        } finally {
            TestDirectories.delete(onPurpose);
            Caches.at(state).engine(engine.uri()).homeVolumes().stream().filter(h -> h.project().equals(project))
                .forEach(h -> podman.volumes().remove(h.volume(), true));
        }
    }

    /** The home folder of a local user, from /etc/passwd. */
    private static Optional<Path> homeOf(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields.length >= 6 && fields[0].equals(user)) {
                return Optional.of(Path.of(fields[5]));
            }
        }
        return Optional.empty();
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
