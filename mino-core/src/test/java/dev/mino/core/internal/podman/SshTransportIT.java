package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConnectionException;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), SandboxOverSshMain.class.getName(),
                TestPodman.BUSYBOX_IMAGE, project.toString(), state.toString());
            builder.environment().putAll(sshd.environment(sshd.clientKey(), true));
            builder.environment().put("CONTAINER_HOST", sshd.uri(socket));
            File stderr = state.resolve("child-stderr.txt").toFile();
            Process child = builder.redirectError(stderr).start();
            String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(90, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), stdout + Files.readString(stderr.toPath()));
            assertEquals("EXIT 42\nSTDOUT from the host over ssh\nEXEC 0 exec-ok exec-err\n", stdout);
        } finally {
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }
}
