package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConnectionException;
import dev.mino.core.testing.ChildJvmSandbox;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code CONTAINER_HOST=ssh://...} against a real sshd of the test's own on 127.0.0.1, logging in
 * with a key the test made as the test user, whose Podman is the test Podman.
 */
@RequiresPodman
@Timeout(120)
class SshTransportIT {
    private static TestSshd sshd;
    private static Path socket;

    @BeforeAll
    static void startSshd() throws Exception {
        socket = ((EngineAddress.Unix) TestPodman.address()).socket();
        sshd = TestSshd.start(socket);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static EngineAddress.Stdio address(String uri, Map<String, String> env) {
        return assertInstanceOf(EngineAddress.Stdio.class, EngineAddress.parse(uri, env));
    }

    @Test
    void pingsReadsTheVersionAndRunsAContainerThroughSsh() throws Exception {
        EngineAddress.Stdio address = address(sshd.uri(socket), sshd.environment(sshd.clientKey(), true));
        try (PodmanClient client = PodmanClient.create(address, Duration.ofSeconds(30))) {
            assertEquals("4.3.1", client.ping());
            assertEquals("4.3.1", client.version().version());
            ContainerRoundTrip.run(client);
        }
    }

    @Test
    void withoutASocketPathTheRemoteUsersDefaultSocketIsUsed() {
        EngineAddress.Stdio address = address(sshd.uri(null), sshd.environment(sshd.clientKey(), true));
        assertEquals(List.of("podman", "system", "dial-stdio"),
            address.command().subList(address.command().size() - 3, address.command().size()));
        try (PodmanClient client = PodmanClient.create(address, Duration.ofSeconds(30))) {
            assertEquals("4.3.1", client.ping());
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAClearError() {
        EngineAddress.Stdio address = address(sshd.uri(socket), sshd.environment(sshd.otherKey(), true));
        try (PodmanClient client = PodmanClient.create(address, Duration.ofSeconds(30))) {
            PodmanConnectionException e = assertThrows(PodmanConnectionException.class, client::ping);
            assertTrue(e.getMessage().startsWith("cannot reach Podman at " + sshd.uri(socket) + ": 'ssh "),
                e.getMessage());
            assertTrue(e.getMessage().contains("exited with status 255 before the engine answered: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("minotest@127.0.0.1: Permission denied (publickey)."), e.getMessage());
            assertTrue(e.hint().contains("CONTAINER_SSHKEY"), e.hint());
        }
    }

    @Test
    void aSandboxWhoseKeyTheServerRefusesFailsToStartWithAClearError() throws Exception {
        Path project = TestDirectories.create("mino-it-ssh-project");
        Path state = TestDirectories.create("mino-it-ssh-state");
        try {
            Map<String, String> env = new HashMap<>(sshd.environment(sshd.otherKey(), true));
            env.put("CONTAINER_HOST", null);
            ChildJvmSandbox.Result result = ChildJvmSandbox.run(env, TestPodman.BUSYBOX_IMAGE, project, state,
                sshd.uri(socket), null);
            assertEquals(3, result.exitCode(), result.toString());
            String text = result.text();
            assertTrue(text.startsWith("ERROR PodmanConnectionException: no Podman service found; tried:\n"
                + "  - explicit engine (" + sshd.uri(socket) + "): cannot reach Podman at " + sshd.uri(socket)
                + ": 'ssh "), text);
            assertTrue(text.contains("minotest@127.0.0.1: Permission denied (publickey).\nHINT "), text);
            assertTrue(result.linesOf("HINT").get(0).contains("CONTAINER_SSHKEY names the key to log in with"), text);
        } finally {
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedUnlessTheUserSaysOtherwise() throws Exception {
        Map<String, String> env = sshd.environment(sshd.clientKey(), false);
        env.put("MINO_SSH_OPTIONS", env.get("MINO_SSH_OPTIONS").replace(sshd.dir().resolve("known_hosts").toString(),
            sshd.dir().resolve("empty_known_hosts").toString()));
        try (PodmanClient client = PodmanClient.create(address(sshd.uri(socket), env), Duration.ofSeconds(30))) {
            PodmanConnectionException e = assertThrows(PodmanConnectionException.class, client::ping);
            assertTrue(e.getMessage().contains("Host key verification failed."), e.getMessage());
            assertTrue(e.getMessage().contains("No ED25519 host key is known for [127.0.0.1]:" + sshd.port()),
                e.getMessage());
        }
    }

    @Test
    void aSandboxRunsThroughContainerHostInAnotherJvm() throws Exception {
        Path project = TestDirectories.create("mino-it-ssh-project");
        Path state = TestDirectories.create("mino-it-ssh-state");
        try {
            Files.writeString(project.resolve("hello.txt"), "from the host over ssh\n");
            Map<String, String> env = new HashMap<>(sshd.environment(sshd.clientKey(), true));
            env.put("CONTAINER_HOST", sshd.uri(socket));
            ChildJvmSandbox.Result result = ChildJvmSandbox.run(env, TestPodman.BUSYBOX_IMAGE, project, state,
                ChildJvmSandbox.NONE, null);
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(List.of("42"), result.linesOf("EXIT"), result.toString());
            assertEquals(List.of("from the host over ssh"), result.linesOf("STDOUT"), result.toString());
            assertEquals(List.of("0 exec-ok exec-err"), result.linesOf("EXEC"), result.toString());
        } finally {
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }
}
