package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mino.core.MinoEvent;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SessionInfo;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.FixedCredential;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.SessionObjects;
import dev.mino.core.testing.TestPodman;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A start that fails half-way removes what it made (the container and the secrets of its
 * credentials) whatever ended it: not only a RuntimeException, but an Error or a checked
 * exception thrown sneakily, here thrown by a listener at a step of the start. Each test also
 * looks, at the moment of the throw, for what it then expects gone, and finds it: the probe
 * cannot pass because it looks in the wrong place.
 */
@RequiresPodman
@Timeout(180)
class FailedStartCleanupIT extends SandboxFolders {

    /** What a listener throws: an Error of its own, so that nothing in the library expects it. */
    private static final class ListenerError extends Error {
        private static final long serialVersionUID = 1L;

        ListenerError() {
            super("a listener failed with an Error");
        }
    }

    private PodmanClient podman;
    private String session;

    @BeforeEach
    void connect() {
        podman = TestPodman.newClient();
        session = "cleanup-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void removeLeftovers() {
        // Only when a test failed is anything left; it is this test's own session either way.
        SessionObjects.remove(podman, session);
        podman.close();
    }

    @Test
    void anErrorWhenTheContainerStartsRemovesTheContainerAndTheSecrets() {
        Throwable thrown = new ListenerError();
        Seen seen = startThrowing(MinoEvent.Step.START_CONTAINER, MinoEvent.Phase.STARTED, thrown);
        assertSame(thrown, seen.caught, "the Error goes on unchanged");
        assertLeftNothing(seen);
        SessionInfo recorded = Sessions.at(state).engine(TestPodman.address().uri()).find(session).orElseThrow();
        assertEquals(SessionInfo.Status.FAILED, recorded.status(), recorded.toString());
    }

    @Test
    void anErrorWhenTheContainerWasJustCreatedRemovesIt() {
        // Thrown by the listener as the creation is told finished: the container exists, and the
        // start must already know it.
        Throwable thrown = new ListenerError();
        Seen seen = startThrowing(MinoEvent.Step.CREATE_CONTAINER, MinoEvent.Phase.FINISHED, thrown);
        assertSame(thrown, seen.caught);
        assertLeftNothing(seen);
    }

    @Test
    void aRuntimeExceptionWhenTheContainerWasJustCreatedRemovesIt() {
        Throwable thrown = new IllegalStateException("a listener failed");
        Seen seen = startThrowing(MinoEvent.Step.CREATE_CONTAINER, MinoEvent.Phase.FINISHED, thrown);
        assertSame(thrown, seen.caught);
        assertLeftNothing(seen);
    }

    @Test
    void aCheckedExceptionThrownSneakilyRemovesTheContainer() {
        // An InterruptedException that reached the start without being declared (through code
        // compiled elsewhere, say): neither a RuntimeException nor an Error.
        Throwable thrown = new InterruptedException("interrupted, undeclared");
        Seen seen = startThrowing(MinoEvent.Step.START_CONTAINER, MinoEvent.Phase.STARTED, thrown);
        assertSame(thrown, seen.caught);
        assertLeftNothing(seen);
    }

    /** What a start that a listener made fail left, seen at the throw and after it. */
    private static final class Seen {
        Throwable caught;
        int containersAtThrow = -1;
        int secretsAtThrow = -1;
    }

    /**
     * Starts a sandbox with a credential whose listener throws {@code thrown} at {@code step}'s
     * {@code phase}, after counting this session's containers and secrets on Podman.
     */
    private Seen startThrowing(MinoEvent.Step step, MinoEvent.Phase phase, Throwable thrown) {
        Seen seen = new Seen();
        AtomicInteger throwsLeft = new AtomicInteger(1);
        SandboxListener listener = SandboxListener.of(event -> {
            if (event instanceof MinoEvent.ProgressStep progress && progress.step() == step
                && progress.phase() == phase && throwsLeft.getAndDecrement() == 1) {
                seen.containersAtThrow = containers().size();
                seen.secretsAtThrow = secrets().size();
                FailedStartCleanupIT.<RuntimeException>sneakyThrow(thrown);
            }
        });
        seen.caught = assertThrows(Throwable.class, () -> Sandbox.builder().engine(TestPodman.address().uri())
            .image(TestPodman.BUSYBOX_IMAGE).project(project).stateDirectory(state).name(session).sshAgent(false)
            .credentials(new FixedCredential("github", "GITHUB_TOKEN", "ghp_" + UUID.randomUUID().toString()
                .replace("-", ""), Instant.now().plusSeconds(3600)))
            .listener(listener).command("sleep", "60").start());
        return seen;
    }

    private void assertLeftNothing(Seen seen) {
        // The control: at the throw, the container and the secret were there to be found.
        assertEquals(1, seen.containersAtThrow, "the sandbox's container existed when the listener threw");
        assertEquals(1, seen.secretsAtThrow, "the credential's secret existed when the listener threw");
        assertEquals(List.of(), containers(), "containers of the session left behind");
        assertEquals(List.of(), secrets(), "secrets of the session left behind");
    }

    private List<String> containers() {
        return SessionObjects.containers(podman, session).stream().map(ContainerSummary::id).toList();
    }

    private List<String> secrets() {
        return SessionObjects.secrets(podman, session);
    }

    /** Throws any throwable without declaring it, as code compiled without Java's checks can. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable thrown) throws T {
        throw (T) thrown;
    }
}
