package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The root object against the real Podman: two Minos share nothing (sessions, listeners, once-only
 * warnings), and closing one releases everything it holds.
 */
@RequiresPodman
@Timeout(300)
class MinoIT extends SandboxFolders {
    private static PodmanClient podman;
    private final List<Mino> minos = new ArrayList<>();
    private final String prefix = "minoit" + Long.toHexString(System.nanoTime());
    private Path otherState;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void createOtherState() {
        otherState = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    void removeLeftovers() {
        minos.forEach(Mino::close);
        for (var container : podman.containers().list(new Filters().label("dev.mino.managed", "true"), true)) {
            if (container.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)) {
                podman.containers().remove(container.id(), true);
            }
        }
        TestDirectories.delete(otherState);
    }

    private Mino mino(Path stateDirectory, SandboxListener listener) {
        Mino mino = Mino.builder().engine(TestPodman.address().uri()).stateDirectory(stateDirectory)
            .listener(listener).build();
        minos.add(mino);
        return mino;
    }

    private SandboxBuilder sandbox(Mino mino, String name) {
        return mino.sandbox().image(TestPodman.BUSYBOX_IMAGE).project(project).name(prefix + "-" + name)
            .command("sleep", "300");
    }

    private static List<String> names(List<SessionInfo> sessions) {
        return sessions.stream().map(SessionInfo::name).toList();
    }

    /**
     * A Mino that followed the engine's deaths holds an event stream that never ends while nothing
     * dies. Closing that stream's response before cancelling its call made OkHttp drain it, and a
     * CLI run hung at exit waiting for an event that never came (CliIT's allowlisted run).
     */
    @Test
    void closeEndsAnIdleEventStreamWithoutWaitingForAnEvent() {
        for (int round = 0; round < 3; round++) {
            Mino mino = mino(state, SandboxListener.NONE);
            try (Sandbox sandbox = sandbox(mino, "idle" + round).command("true").start()) {
                assertEquals(0, sandbox.awaitExit(Duration.ofSeconds(60)));
            }
            // The stream stays open after the sandbox is gone; nothing else dies on this engine now.
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), mino::close,
                "round " + round + ": Mino.close() waited for the engine's next event");
        }
    }

    @Test
    void twoMinosWithDifferentStateDirectoriesSeeOnlyTheirOwnSessions() {
        Mino a = mino(state, SandboxListener.NONE);
        Mino b = mino(otherState, SandboxListener.NONE);
        try (Sandbox first = sandbox(a, "a").start(); Sandbox second = sandbox(b, "b").start()) {
            assertEquals(List.of(first.sessionName()), names(a.sessions().list()));
            assertEquals(List.of(second.sessionName()), names(b.sessions().list()));
            assertEquals(SessionInfo.Status.RUNNING, a.sessions().find(first.sessionName()).orElseThrow().status());
            assertThrows(SessionNotFoundException.class, () -> b.sessions().open(first.sessionName()),
                "B cannot open A's session by name");
            // Positive control: A can.
            assertEquals(first.containerId(), a.sessions().open(first.sessionName()).containerId());
        }
    }

    @Test
    void eachListenerHearsOnlyItsOwnMinosSandboxes() {
        List<String> heardByA = new CopyOnWriteArrayList<>();
        List<String> heardByB = new CopyOnWriteArrayList<>();
        Mino a = mino(state, recorder(heardByA));
        Mino b = mino(otherState, recorder(heardByB));
        try (Sandbox first = sandbox(a, "a").start(); Sandbox second = sandbox(b, "b").start()) {
            assertTrue(heardByA.stream().anyMatch(m -> m.contains(first.sessionName())), "positive control: " + heardByA);
            assertTrue(heardByB.stream().anyMatch(m -> m.contains(second.sessionName())), heardByB.toString());
            assertTrue(heardByA.stream().noneMatch(m -> m.contains(second.sessionName())), heardByA.toString());
            assertTrue(heardByB.stream().noneMatch(m -> m.contains(first.sessionName())), heardByB.toString());
        }
    }

    /** Hears progress and warnings, each as one line. */
    private static SandboxListener recorder(List<String> heard) {
        return new SandboxListener() {
            @Override
            public void onProgress(String message) {
                heard.add(message);
            }

            @Override
            public void onWarning(String message) {
                heard.add(message);
            }

            @Override
            public void onWarning(String code, String message) {
                heard.add(code + " " + message);
            }
        };
    }

    /**
     * A provider that fails as one does when the host lacks what it needs (GitHub without a
     * token): a coded warning about the host, told once. Once per Mino, not once per JVM: a second
     * Mino (the plugin loaded again) tells its own listener.
     */
    @Test
    void codedWarningsComeOncePerMino() {
        List<String> codesA = new CopyOnWriteArrayList<>();
        List<String> codesB = new CopyOnWriteArrayList<>();
        Mino a = mino(state, codes(codesA));
        Mino b = mino(otherState, codes(codesB));
        for (int i = 0; i < 2; i++) {
            try (Sandbox sb = sandbox(a, "a" + i).credentials(new HostLacksToken()).command("true").start()) {
                assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            }
        }
        try (Sandbox sb = sandbox(b, "b").credentials(new HostLacksToken()).command("true").start()) {
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
        }
        assertEquals(1, count(codesA, WarningCodes.GITHUB_NO_TOKEN), "once for A's two sandboxes: " + codesA);
        assertEquals(1, count(codesB, WarningCodes.GITHUB_NO_TOKEN), "and once for B's: " + codesB);
        if (a.engineInfo().unenforcedLimits().isPresent()) {
            // This engine ignores the limits (rootless on cgroup v1): told once per Mino as well.
            assertEquals(1, count(codesA, WarningCodes.LIMITS_NOT_ENFORCED), codesA.toString());
            assertEquals(1, count(codesB, WarningCodes.LIMITS_NOT_ENFORCED), codesB.toString());
        }
    }

    private static SandboxListener codes(List<String> heard) {
        return new SandboxListener() {
            @Override
            public void onWarning(String code, String message) {
                heard.add(code);
            }
        };
    }

    private static long count(List<String> codes, String code) {
        return codes.stream().filter(code::equals).count();
    }

    /** Fails every time, as the GitHub provider does without a token. */
    private static final class HostLacksToken implements CredentialProvider {
        @Override
        public String name() {
            return "github";
        }

        @Override
        public String cacheKey() {
            return "test-no-token";
        }

        @Override
        public IssuedCredential issue() {
            throw new CredentialException("github", "no GitHub token on this host", "log in with gh", null,
                WarningCodes.GITHUB_NO_TOKEN);
        }
    }

    @Test
    void closeRemovesItsSandboxesLetsGoOfTheOthersAndLeavesNoThreadOrHook() throws Exception {
        Set<Thread> before = minoThreads();
        Mino mino = mino(state, SandboxListener.NONE);
        Sandbox owned = sandbox(mino, "owned").attach(true).start();
        Sandbox detached = sandbox(mino, "detached").detached(true).start();
        Sandbox opened = mino.sessions().open(detached.sessionName());
        ExecProcess process = owned.startProcess(List.of("sleep", "300"), false);
        ExecProcess inDetached = detached.startProcess(List.of("sleep", "300"), false);
        SandboxBuilder notYetStarted = sandbox(mino, "late");

        // Positive control: what close must end is there.
        Set<String> running = namesOf(newThreads(before));
        for (String thread : List.of("mino-wait-" + owned.sessionName(), "mino-output-" + owned.sessionName(),
            "mino-wait-" + detached.sessionName(), "mino-exec-" + owned.sessionName(),
            "mino-exec-" + detached.sessionName(), "mino-events")) {
            assertTrue(running.contains(thread), thread + " in " + running);
        }
        assertTrue(mino.runtime().holdsShutdownHook());
        PodmanClient client = mino.runtime().client(TestPodman.address().uri());
        assertTrue(client.pooledConnections() > 0, "its pool holds connections");

        mino.close();

        assertEquals(0, client.pooledConnections(), "its pool is empty");
        assertEquals(Set.of(), namesOf(newThreads(before)), "no thread of the Mino is left");
        assertFalse(mino.runtime().holdsShutdownHook(), "its shutdown hook is gone");
        assertFalse(podman.containers().exists(owned.containerId()), "the sandbox it started is removed");
        assertTrue(podman.containers().exists(detached.containerId()), "a detached sandbox outlives its Mino");
        MinoException closed = assertThrows(MinoException.class, () -> owned.exec("true"));
        assertTrue(closed.getMessage().contains("Mino is closed"), closed.getMessage());
        assertThrows(MinoException.class, () -> opened.exec("true"), "the handle was let go");
        assertTrue(ended(process), "a process in the removed sandbox ended with it");
        assertTrue(ended(inDetached), "a process in a sandbox let go of was let go of too");
        assertThrows(MinoException.class, notYetStarted::start);
        assertTrue(podman.containers().list(new Filters().label("dev.mino.session", prefix + "-late"), true).isEmpty(),
            "nothing was made for a start after close");
        assertDoesNotThrow(mino::close, "closing twice is fine");

        Mino next = mino(state, SandboxListener.NONE);
        assertEquals(SessionInfo.Status.STOPPED, next.sessions().find(owned.sessionName()).orElseThrow().status());
        // The detached sandbox still works for a new Mino, which removes it.
        try (Sandbox again = next.sessions().open(detached.sessionName())) {
            assertEquals(0, again.exec("true").exitCode());
        }
        assertFalse(podman.containers().exists(detached.containerId()));
    }

    /**
     * The sandboxed command as an attacker of the host's cleanup: it floods its output (and so does
     * a process exec'd in it) while the program reads none of it, so that the threads pumping the
     * output block on full pipes. Closing the Mino must end them all the same.
     */
    @Test
    void aCommandFloodingOutputThatNobodyReadsKeepsNoThreadOfAClosedMinoAlive() throws Exception {
        Set<Thread> before = minoThreads();
        Mino mino = mino(state, SandboxListener.NONE);
        String flood = "while :; do echo flooding-the-pipe-flooding-the-pipe-flooding-the-pipe; done";
        Sandbox flooding = sandbox(mino, "flood").attach(true).command("sh", "-c", flood).start();
        ExecProcess process = flooding.startProcess(List.of("sh", "-c", flood), false);
        // Positive control: both pipes fill up, so both pumps are blocked.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((flooding.stdout().available() < PIPE_FULL || process.stdout().available() < PIPE_FULL)
            && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(PIPE_FULL, flooding.stdout().available());
        assertEquals(PIPE_FULL, process.stdout().available());
        assertTrue(namesOf(newThreads(before)).contains("mino-output-" + flooding.sessionName()));

        mino.close();

        assertEquals(Set.of(), namesOf(newThreads(before)), "no thread of the Mino is left");
        assertFalse(podman.containers().exists(flooding.containerId()));
        // What was pumped before the close can still be read, then the streams end.
        assertEquals(PIPE_FULL, flooding.stdout().readAllBytes().length);
        assertEquals(PIPE_FULL, process.stdout().readAllBytes().length);
    }

    /** What a sandbox's output pipe holds (RunningSandbox's and RunningProcess's capacity). */
    private static final int PIPE_FULL = 256 * 1024;

    /** True when the process has ended (its exit code known or not), false when it still runs. */
    private static boolean ended(ExecProcess process) {
        try {
            process.awaitExit(Duration.ofSeconds(10));
            return true;
        } catch (SandboxTimeoutException e) {
            return false;
        } catch (MinoException e) {
            return true;
        }
    }

    /** The live threads named as Mino names its own. */
    private static Set<Thread> minoThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("mino-"))
            .filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = minoThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<String> namesOf(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
