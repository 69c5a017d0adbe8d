package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.testing.Launcher;
import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code mino run} killed with SIGKILL leaves its sandbox running (no shutdown hook runs); the
 * next {@code mino run -- true}, however short, removes it, whether or not the killed JVM's parent
 * has reaped it yet, and leaves the sandbox of a run still going alone.
 */
@RequiresPodman
@Timeout(400)
class CrashSweepIT {
    private static final String BUSYBOX = TestPodman.BUSYBOX_IMAGE;
    private Path home;
    private Path project;
    private Launcher mino;
    private PodmanClient podman;
    private final List<String> sessions = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        home = TestDirectories.create("mino-cli-it-home");
        project = TestDirectories.create("mino-cli-it-project");
        mino = new Launcher(home, project).env("GH_TOKEN", "gho_test-token-" + UUID.randomUUID());
        podman = TestPodman.newClient();
    }

    @AfterEach
    void tearDown() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (String session : sessions) {
            containersOf(session).forEach(c -> podman.containers().remove(c.id(), true));
        }
        podman.close();
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    private List<ContainerSummary> containersOf(String session) {
        return podman.containers().list(new Filters().label("dev.mino.session", session), true);
    }

    private boolean running(String session) {
        return containersOf(session).stream().anyMatch(c -> "running".equalsIgnoreCase(c.state()));
    }

    /** Starts {@code mino run -n <session> -- sleep 600} behind {@code wrapper} and waits until its sandbox runs. */
    private Process runSleeping(String session, List<String> wrapper) throws Exception {
        sessions.add(session);
        Path log = home.resolve(session + ".log");
        Process process = mino.start(wrapper, log, "run", "--image", BUSYBOX, "-n", session, "--", "sleep", "600");
        processes.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!running(session) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(running(session), session + " did not start: " + Files.readString(log));
        return process;
    }

    private static char processState(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void aRunOfTrueRemovesTheSandboxesOfKilledRunsAndKeepsThoseOfALiveOne() throws Exception {
        Prerequisites.require(Files.isDirectory(Path.of("/proc/self")), "/proc, where a zombie can be told");
        String live = "it-live-" + UUID.randomUUID().toString().substring(0, 8);
        String reaped = "it-reaped-" + UUID.randomUUID().toString().substring(0, 8);
        String zombie = "it-zombie-" + UUID.randomUUID().toString().substring(0, 8);
        runSleeping(live, List.of());
        Process killed = runSleeping(reaped, List.of());
        // sh starts mino and becomes sleep, which never waits for it: once killed, mino's JVM stays
        // a zombie, as under a parent that reaps late (an init that reaps now and then) or never.
        Path pidFile = home.resolve("zombie.pid");
        runSleeping(zombie, List.of("sh", "-c", "\"$@\" & echo $! > " + pidFile + "; exec sleep 600", "sh"));
        long zombiePid = Long.parseLong(Files.readString(pidFile).strip());

        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + 9, killed.exitValue(), "mino died of SIGKILL, with no shutdown hook");
        ProcessHandle.of(zombiePid).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (processState(zombiePid) != 'Z' && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals('Z', processState(zombiePid), "the killed mino is a zombie");
        assertTrue(running(reaped), "SIGKILL left the sandbox running");
        assertTrue(running(zombie), "SIGKILL left the sandbox running");

        Launcher.Result next = mino.run("run", "--image", BUSYBOX, "--", "true");
        assertEquals(0, next.exitCode(), next.toString());

        assertEquals(List.of(), containersOf(reaped), "the killed run's sandbox is gone after a run of true");
        assertEquals(List.of(), containersOf(zombie), "the unreaped run's sandbox is gone after a run of true");
        // The positive control: the same sweep saw the live run's sandbox and left it running.
        assertTrue(running(live), "the sandbox of a run still going is kept");
    }
}
