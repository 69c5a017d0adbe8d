package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.cache.HomeVolumes;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RootfulPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.EgressEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a rootful engine, uid 0 in a sandbox must not be the host's root: each sandbox gets a user
 * namespace of its own (Podman's userns=auto), and the project and volumes it writes stay usable.
 * Needs the rootful service of scripts/test-podman.sh ({@code MINO_TEST_ROOTFUL_HOST}) and a JVM
 * that may read what that engine writes (root, as CI runs).
 */
@Timeout(180)
class RootfulEngineIT {
    private static final String HOST_ROOT_MAP = "0 0 4294967295";

    private String engine;
    private Path project;
    private Path state;

    @BeforeEach
    void setUp() {
        engine = RootfulPodman.requireAddress();
        project = TestDirectories.create("mino-it-rootful");
        state = TestDirectories.create("mino-it-rootful-state");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(engine).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).sshAgent(false).command("sleep", "300");
    }

    private static String firstMapping(ExecResult map) {
        assertEquals(0, map.exitCode(), map.stderr());
        return map.stdout().lines().findFirst().orElseThrow().trim().replaceAll("\\s+", " ");
    }

    private static long containersStart() {
        return RootfulPodman.containersRangeStart(Path.of("/etc/subuid"))
            .orElseThrow(() -> new AssertionError("no containers range in /etc/subuid: run scripts/test-podman.sh"));
    }

    private static long ownerUid(Path file) throws IOException {
        // Uids of the containers range pass 2^31: Java reads them as negative ints.
        return Integer.toUnsignedLong((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void rootInTheSandboxIsAnUnprivilegedUidOfTheContainersRange() {
        try (Sandbox sb = builder().start()) {
            String[] uid = firstMapping(sb.exec("cat", "/proc/self/uid_map")).split(" ");
            String[] gid = firstMapping(sb.exec("cat", "/proc/self/gid_map")).split(" ");
            assertEquals("0", uid[0]);
            assertTrue(Long.parseLong(uid[1]) >= containersStart(), "uid 0 maps to host uid " + uid[1]);
            assertTrue(Long.parseLong(uid[2]) <= 65536, "the namespace holds " + uid[2] + " uids");
            assertTrue(Long.parseLong(gid[1]) >= RootfulPodman.containersRangeStart(Path.of("/etc/subgid"))
                .orElseThrow(), "gid 0 maps to host gid " + gid[1]);
            // As a hostile command would try: no other line maps a host uid below the range.
            sb.exec("cat", "/proc/self/uid_map").stdout().lines().map(l -> l.trim().split("\\s+"))
                .forEach(f -> assertTrue(Long.parseLong(f[1]) >= containersStart(), String.join(" ", f)));
        }
    }

    @Test
    void theSandboxWritesTheProjectAndTheHostReadsIt_butNotAsHostRoot() throws IOException {
        Files.writeString(project.resolve("before.txt"), "from the host\n");
        try (Sandbox sb = builder().start()) {
            String dir = sb.spec().workdir();
            ExecResult wrote = sb.exec("sh", "-c", "cat " + dir + "/before.txt && echo from-the-sandbox > " + dir
                + "/written.txt && mkdir " + dir + "/sub && touch " + dir + "/sub/f");
            assertEquals(0, wrote.exitCode(), wrote.stderr());
            assertEquals("from the host\n", wrote.stdout());
        }
        Path written = project.resolve("written.txt");
        assertEquals("from-the-sandbox\n", Files.readString(written, StandardCharsets.UTF_8));
        assertTrue(ownerUid(written) >= containersStart(), "written as uid " + ownerUid(written));
        assertTrue(ownerUid(project.resolve("sub/f")) >= containersStart());
    }

    @Test
    void aFileWrittenInAVolumeIsNotOwnedByAUidOfTheHost() throws IOException {
        String volume = HomeVolumes.nameOf(project);
        try (PodmanClient client = PodmanClient.create(EngineAddress.parse(engine), Duration.ofSeconds(60))) {
            try {
                // As mino's images run: as developer, whose home the volume is.
                try (Sandbox sb = builder().home(true).user("1000:1000").start()) {
                    ExecResult wrote = sb.exec("sh", "-c", "echo kept > /home/developer/by-developer && id -u");
                    assertEquals(0, wrote.exitCode(), wrote.stderr());
                    assertEquals("1000", wrote.stdout().strip());
                }
                Path mountpoint = Path.of(client.volumes().inspect(volume).orElseThrow().mountpoint());
                Path file = mountpoint.resolve("by-developer");
                assertEquals("kept\n", Files.readString(file));
                assertNotEquals(0L, ownerUid(file));
                assertTrue(ownerUid(file) >= containersStart(), "owned by host uid " + ownerUid(file));
                // The next sandbox of the project (another range, perhaps) still uses the volume.
                try (Sandbox sb = builder().home(true).user("1000:1000").start()) {
                    ExecResult again = sb.exec("sh", "-c", "cat /home/developer/by-developer && echo more >> /home/developer/by-developer");
                    assertEquals(0, again.exitCode(), again.stderr());
                    assertEquals("kept\n", again.stdout());
                }
            } finally {
                client.volumes().remove(volume, true);
            }
        }
    }

    @Test
    void aReadOnlySandboxOfMinosUserWritesItsProjectAndTmp() throws IOException {
        try (Sandbox sb = builder().readOnly(true).user("1000:1000").start()) {
            ExecResult wrote = sb.exec("sh", "-c", "touch /tmp/t " + sb.spec().workdir() + "/by-developer && id -u"
                + " && ! touch /etc/x 2>/dev/null");
            assertEquals(0, wrote.exitCode(), wrote.stdout() + wrote.stderr());
        }
        assertTrue(ownerUid(project.resolve("by-developer")) >= containersStart() + 1000);
    }

    @Test
    void aLinkPlantedInTheProjectDoesNotHandAHostFileToTheSandbox() throws IOException {
        // The attack: the sandbox leaves a link to a host file; handing the project to the next
        // sandbox's uids must not follow it.
        Path outside = TestDirectories.create("mino-it-rootful-outside");
        try {
            Path secret = Files.writeString(outside.resolve("host-file"), "host\n");
            long before = ownerUid(secret);
            try (Sandbox sb = builder().start()) {
                ExecResult link = sb.exec("ln", "-s", secret.toString(), sb.spec().workdir() + "/link");
                assertEquals(0, link.exitCode(), link.stderr());
            }
            try (Sandbox sb = builder().start()) {
                assertEquals(0, sb.exec("true").exitCode());
            }
            assertEquals(before, ownerUid(secret), "the host file was handed to the sandbox");
            assertEquals("host\n", Files.readString(secret));
        } finally {
            TestDirectories.delete(outside);
        }
    }

    @Test
    void anEngineWithoutSubordinateIdsIsRefusedWithWhyAndWhatToDo_unlessTheCallerOptsIn() {
        String noIds = RootfulPodman.requireAddressWithoutIds();
        String session = "it-refused-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        MinoException e = assertThrows(MinoException.class, () -> builder().engine(noIds).name(session).start());
        assertTrue(e.getMessage().contains("no free subordinate ids for the user 'containers'"), e.getMessage());
        assertTrue(e.getMessage().contains("uid 0 in the sandbox would be the host's root"), e.getMessage());
        assertTrue(e.hint().contains("containers:2147483647:2147483648") && e.hint().contains("allowRootfulEngine(true)"),
            e.hint());
        dev.mino.core.testing.FlagFreeText.assertCodedAndFlagFree(
            dev.mino.core.ErrorCodes.ROOTFUL_NO_SUBORDINATE_IDS, e);
        try (PodmanClient client = PodmanClient.create(EngineAddress.parse(noIds), Duration.ofSeconds(60))) {
            assertTrue(client.containers().inspect("mino-" + session).isEmpty(), "nothing is left behind");
        }
        // Positive control: the same engine runs the sandbox once the caller accepts host uids.
        try (Sandbox sb = builder().engine(noIds).allowRootfulEngine(true).start()) {
            assertEquals(HOST_ROOT_MAP, firstMapping(sb.exec("cat", "/proc/self/uid_map")));
        }
    }

    @Test
    void withAnAllowlistTheSandboxSharesTheFirewallsUserNamespaceAndItsRules() throws InterruptedException {
        try (PodmanClient client = PodmanClient.create(EngineAddress.parse(engine), Duration.ofSeconds(60))) {
            String run = java.util.UUID.randomUUID().toString().substring(0, 8);
            String allowed = server(client, "mino-it-rootful-a-" + run, "from-A");
            String other = server(client, "mino-it-rootful-b-" + run, "from-B");
            try (Sandbox sb = builder().firewallImage(TestPodman.DEBIAN_IMAGE)
                .network(dev.mino.network.NetworkPolicy.allow(allowed + ":8080")).start()) {
                String[] uid = firstMapping(sb.exec("cat", "/proc/self/uid_map")).split(" ");
                assertTrue(Long.parseLong(uid[1]) >= containersStart(), "uid 0 maps to host uid " + uid[1]);
                ExecResult ok = sb.exec("timeout", "5", "wget", "-qO-", "http://" + allowed + ":8080/");
                assertEquals("from-A\n", ok.stdout(), "positive control: " + ok.stderr());
                ExecResult blocked = sb.exec("timeout", "5", "wget", "-qO-", "http://" + other + ":8080/");
                assertNotEquals(0, blocked.exitCode(), "B must be unreachable: " + blocked.stdout());
                // The guard reports it from the firewall's user namespace too.
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (sb.egressEvents().stream().noneMatch(e -> e instanceof EgressEvent.ConnectionBlocked b
                    && b.address().equals(other)) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(sb.egressEvents().stream().anyMatch(e -> e instanceof EgressEvent.ConnectionBlocked b
                    && b.address().equals(other) && b.port() == 8080), sb.egressEvents().toString());
            } finally {
                client.containers().remove("mino-it-rootful-a-" + run, true);
                client.containers().remove("mino-it-rootful-b-" + run, true);
            }
        }
    }

    /** An httpd on the rootful engine's default network; returns its address. */
    private static String server(PodmanClient client, String name, String text) {
        String id = client.containers().create(java.util.Map.of("name", name, "image", TestPodman.BUSYBOX_IMAGE,
            "command", java.util.List.of("sh", "-c", "mkdir -p /www && echo " + text
                + " > /www/index.html && exec httpd -f -p 8080 -h /www"),
            "labels", java.util.Map.of("dev.mino.test", "rootful"), "netns", java.util.Map.of("nsmode", "bridge"))).id();
        client.containers().start(id);
        return client.containers().inspect(id).orElseThrow().raw().path("NetworkSettings").path("Networks")
            .path("podman").path("IPAddress").asText();
    }

    @Test
    void positiveControl_optingInRunsAsTheHostsOwnUids() throws IOException {
        try (Sandbox sb = builder().allowRootfulEngine(true).start()) {
            assertEquals(HOST_ROOT_MAP, firstMapping(sb.exec("cat", "/proc/self/uid_map")));
            ExecResult wrote = sb.exec("touch", sb.spec().workdir() + "/as-host-root");
            assertEquals(0, wrote.exitCode(), wrote.stderr());
        }
        assertEquals(0L, ownerUid(project.resolve("as-host-root")));
    }
}
