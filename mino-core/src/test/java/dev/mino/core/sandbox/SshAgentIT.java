package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real ssh-agent on the host, holding a key this test generates, is usable inside the sandbox by
 * the image's non-root user; the private key itself never enters the sandbox.
 */
@RequiresPodman
@Timeout(120)
class SshAgentIT {
    private Path project;
    private Path state;
    private Path keys;
    private Process agent;
    private Path agentSocket;

    @BeforeEach
    void startAgent() throws Exception {
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
        keys = Files.createTempDirectory("mino-it-keys");
        agentSocket = keys.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
            .redirectErrorStream(true).redirectOutput(keys.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(agentSocket); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(agentSocket), "ssh-agent is listening");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mino-it", "-f", keys.resolve("id").toString()));
        run(List.of("ssh-add", keys.resolve("id").toString()));
    }

    @AfterEach
    void stopAgent() throws IOException, InterruptedException {
        agent.destroy();
        // The agent removes its socket as it ends: wait, or the folder's removal races with it.
        agent.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        TestDirectories.delete(keys);
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), command + ": " + output);
        return output;
    }

    @Test
    void theImagesUserListsTheHostAgentsKeyInsideTheSandbox() throws Exception {
        String fingerprint = run(List.of("ssh-keygen", "-lf", keys.resolve("id.pub").toString())).split("\\s+")[1];
        try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.DEBIAN_IMAGE)
            .project(project).stateDirectory(state).user("developer").sshAgent(agentSocket)
            .command("sleep", "300").start()) {
            ExecResult whoami = sb.exec("id", "-un");
            assertEquals("developer\n", whoami.stdout());
            ExecResult listed = sb.exec("ssh-add", "-l");
            assertEquals(0, listed.exitCode(), listed.stdout() + listed.stderr());
            assertTrue(listed.stdout().contains(fingerprint), listed.stdout());
            assertEquals("/ssh-agent\n", sb.exec("sh", "-c", "echo $SSH_AUTH_SOCK").stdout());
            // Files only (not /proc, /sys or /dev, which never end): nothing looks like a private key.
            ExecResult search = sb.exec("sh", "-c", "grep -rl 'PRIVATE KEY' /home /root /tmp /run /etc /ssh-agent "
                + "/" + project.getFileName() + " 2>/dev/null | head -1");
            assertEquals("", search.stdout(), "no private key inside the sandbox");
        }
    }

    @Test
    void forwardingCanBeTurnedOff() {
        try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.DEBIAN_IMAGE)
            .project(project).stateDirectory(state).sshAgent(agentSocket).sshAgent(false)
            .command("sleep", "300").start()) {
            assertEquals("\n", sb.exec("sh", "-c", "echo $SSH_AUTH_SOCK").stdout());
            assertTrue(sb.exec("test", "-e", "/ssh-agent").exitCode() != 0);
        }
    }
}
