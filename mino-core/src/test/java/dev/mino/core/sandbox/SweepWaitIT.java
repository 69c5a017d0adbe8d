package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.Sandbox;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.TestTar;
import dev.mino.core.testing.DelayingEngineProxy;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.SessionObjects;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep of what killed JVMs left behind is finished by the next start, however short its run,
 * within a bound: a slow sweep does not hold the start. A sandbox of a live JVM is never swept, a
 * JVM that died but was not reaped yet (a zombie) counts as dead, and an image's labels cannot
 * make a sandbox look like something the sweep keeps.
 */
@RequiresPodman
@Timeout(400)
class SweepWaitIT extends SandboxFolders {
    /** In the query of the sweep's listing only: containers filtered by their owner's host (the '=' escaped). */
    private static final String SWEEP_LISTING = "dev.mino.owner.host%3D";
    private static PodmanClient podman;
    private final List<String> sessions = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        for (String session : sessions) {
            SessionObjects.removeContainers(podman, session);
        }
    }

    private String newSession(String tag) {
        String session = tag + Long.toHexString(System.nanoTime());
        sessions.add(session);
        return session;
    }

    private boolean exists(String session) {
        return !SessionObjects.containers(podman, session).isEmpty();
    }

    /** The command line of a child JVM that starts a sandbox running {@code sleep 600} and waits to be killed. */
    private List<String> ownerCommand(String session, String image) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", System.getProperty("java.class.path"), OwnerProcessMain.class.getName(), "wait",
            TestPodman.address().uri(), image, project.toString(), state.toString(), session, "-", "sleep", "600");
    }

    /** Starts {@code command}, reads its first line and checks it says the sandbox started. */
    private Process launch(List<String> command, String session, BufferedReader[] out) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(new File(state.toFile(), session + ".err")).start();
        processes.add(process);
        out[0] = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return process;
    }

    private String started(BufferedReader out, String session) throws Exception {
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("STARTED "),
            "child said " + line + ": " + Files.readString(state.resolve(session + ".err")));
        return line.substring("STARTED ".length());
    }

    /** Starts and closes a sandbox running {@code true} from this JVM, against {@code engine}; returns how long start took. */
    private Duration runTrue(String engine, Path stateDirectory) {
        long begin = System.nanoTime();
        try (Sandbox sandbox = Sandbox.builder().engine(engine).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(stateDirectory).command("true").start()) {
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertEquals(0, sandbox.awaitExit(Duration.ofSeconds(60)));
            return took;
        }
    }

    /** The status in the session record of {@code session} in this test's state directory. */
    private String status(String session) throws Exception {
        return new ObjectMapper().readTree(state.resolve("sessions").resolve(session + ".json").toFile())
            .get("status").asText();
    }

    private static char processState(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void aKilledOwnerThatItsParentHasNotReapedIsSweptAndALiveOnesSandboxIsNot() throws Exception {
        Prerequisites.require(Files.isDirectory(Path.of("/proc/self")), "/proc, where a zombie can be told");
        String orphan = newSession("zombie");
        String live = newSession("live");
        // sh starts the owner JVM and then becomes sleep, which never waits for its child: killed,
        // the JVM stays a zombie, as under a parent that reaps late or never.
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" & echo $!; exec sleep 600", "sh"));
        command.addAll(ownerCommand(orphan, TestPodman.BUSYBOX_IMAGE));
        BufferedReader[] out = new BufferedReader[1];
        launch(command, orphan, out);
        long pid = Long.parseLong(out[0].readLine().strip());
        String orphanId = started(out[0], orphan);
        BufferedReader[] liveOut = new BufferedReader[1];
        launch(ownerCommand(live, TestPodman.BUSYBOX_IMAGE), live, liveOut);
        String liveId = started(liveOut[0], live);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (processState(pid) != 'Z' && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals('Z', processState(pid), "the killed JVM is a zombie");
        // What made the sweep keep it: the JDK still counts a zombie as alive.
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the JDK calls the zombie alive");
        assertTrue(podman.containers().inspect(orphanId).orElseThrow().running(), "SIGKILL left the sandbox running");

        runTrue(TestPodman.address().uri(), state);

        assertFalse(podman.containers().exists(orphanId), "the zombie's sandbox was swept by a run of true");
        assertEquals("failed", status(orphan), "this start's sweep judged the zombie dead");
        // The positive control: the same sweep judged the live JVM's sandbox and kept it.
        assertTrue(podman.containers().inspect(liveId).orElseThrow().running(), "a live JVM's sandbox is kept");
    }

    @Test
    void aSlowSweepDoesNotHoldTheStartPastItsBoundAndStillFinishes() throws Exception {
        Prerequisites.require(TestPodman.address() instanceof EngineAddress.Unix, "a test Podman on a Unix socket");
        Path upstream = ((EngineAddress.Unix) TestPodman.address()).socket();
        String orphan = newSession("slow");
        BufferedReader[] out = new BufferedReader[1];
        Process owner = launch(ownerCommand(orphan, TestPodman.BUSYBOX_IMAGE), orphan, out);
        String id = started(out[0], orphan);
        owner.destroyForcibly();
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS));

        // Below the client's own timeout of a minute, so that the held listing is answered in the end.
        Duration delay = Duration.ofSeconds(30);
        Path folder = TestDirectories.create("mino-it-proxy");
        // Only the sweep lists containers by their owner's host: that listing is what the engine is slow to answer.
        try (DelayingEngineProxy slow = new DelayingEngineProxy(folder.resolve("podman.sock"), upstream,
            SWEEP_LISTING, delay)) {
            Duration took = runTrue(slow.uri(), state);

            assertEquals(1, slow.seen(), "the start began a sweep, which listed the containers once");
            assertEquals(0, slow.passed(), "the start returned while the sweep was still held");
            assertTrue(took.compareTo(Duration.ofSeconds(25)) < 0, "the start took " + took + " with a sweep held "
                + delay + "; it waits at most 5 s for the sweep");
            // Only a sweep of this state directory fails the record (any JVM's sweep may remove the container).
            assertEquals("running", status(orphan), "the sweep had not judged the orphan yet");

            // In a JVM that lives on, the sweep goes on in the background and finishes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!status(orphan).equals("failed") && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertEquals(1, slow.passed());
            assertEquals("failed", status(orphan), "the sweep finished in the background");
            assertFalse(podman.containers().exists(id), "the orphan is gone");
        } finally {
            TestDirectories.delete(folder);
        }
    }

    @Test
    void aSweepWithNothingToDoIsDoneBeforeTheStartReturnsAndListsContainersOnce() throws Exception {
        Prerequisites.require(TestPodman.address() instanceof EngineAddress.Unix, "a test Podman on a Unix socket");
        Path upstream = ((EngineAddress.Unix) TestPodman.address()).socket();
        Path folder = TestDirectories.create("mino-it-proxy");
        try (DelayingEngineProxy counting = new DelayingEngineProxy(folder.resolve("podman.sock"), upstream,
            SWEEP_LISTING, Duration.ZERO)) {
            runTrue(counting.uri(), state);
            assertEquals(1, counting.seen(), "one listing by label finds what there is to sweep");
            assertEquals(1, counting.passed());
        } finally {
            TestDirectories.delete(folder);
        }
    }

    @Test
    void anImagesLabelsCannotMakeASandboxOutliveItsKilledJvm() throws Exception {
        String tag = "localhost/mino-test-hostile-labels:" + UUID.randomUUID().toString().substring(0, 8);
        // What an image's author could put on every container of it, if Mino did not set each of these itself.
        String containerfile = "FROM " + TestPodman.BUSYBOX_IMAGE + "\n"
            + "LABEL dev.mino.detached=true dev.mino.role=firewall dev.mino.caches.pending=mino-cache-victim"
            + " mino.test.inherited=yes\n";
        podman.images().build(new ByteArrayInputStream(TestTar.of(Map.of("Containerfile", containerfile))), tag,
            Map.of("dev.mino.test", "true"), line -> { });
        String session = newSession("hostileimage");
        try {
            BufferedReader[] out = new BufferedReader[1];
            Process owner = launch(ownerCommand(session, tag), session, out);
            String id = started(out[0], session);
            Map<String, String> labels = podman.containers().inspect(id).orElseThrow().labels();
            // The positive control: an image's labels do reach its containers...
            assertEquals("yes", labels.get("mino.test.inherited"), labels.toString());
            // ...but not those of Mino's, which the plan sets on every sandbox.
            assertEquals("false", labels.get("dev.mino.detached"));
            assertEquals("sandbox", labels.get("dev.mino.role"));
            assertEquals("", labels.get("dev.mino.caches.pending"));

            owner.destroyForcibly();
            assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
            runTrue(TestPodman.address().uri(), state);
            assertFalse(podman.containers().exists(id), "the sandbox of the killed JVM was swept");
        } finally {
            podman.images().remove(tag, true);
        }
    }
}
