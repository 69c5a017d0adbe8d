package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.MountSpec;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real ssh-agent on the host, holding a key this test generates, is usable inside the sandbox by
 * the image's non-root user; the private key itself never enters the sandbox. The sandbox may
 * list the keys and have them sign, nothing else, and no other local user can reach the agent
 * through the relay.
 */
@RequiresPodman
@Timeout(180)
class SshAgentIT {
    /** The relay's limit of connections served at once (SshAgentRelay.MAX_CONNECTIONS). */
    private static final int MAX_CONNECTIONS = 16;
    private static final String FAILURE_REPLY = "0 0 0 1 5";

    private Path project;
    private Path state;
    private Path keys;
    private Process agent;
    private Path agentSocket;
    private String fingerprint;

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
        fingerprint = run(List.of("ssh-keygen", "-lf", keys.resolve("id.pub").toString())).split("\\s+")[1];
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

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.DEBIAN_IMAGE)
            .project(project).stateDirectory(state).user("developer").sshAgent(agentSocket).command("sleep", "300");
    }

    /** Runs a host command with the test's agent; it must succeed. */
    private String run(List<String> command) throws IOException, InterruptedException {
        Result result = host(command, agentSocket);
        assertEquals(0, result.exitCode(), command + ": " + result.output());
        return result.output();
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a host command with {@code SSH_AUTH_SOCK} naming {@code socket}. */
    private static Result host(List<String> command, Path socket) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    /** {@code ssh-add -l} on the host, run as {@code uid} (0: as the test itself), through {@code socket}. */
    private static Result listAs(int uid, Path socket) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (uid != 0) {
            command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        command.addAll(List.of("ssh-add", "-l"));
        return host(command, socket);
    }

    /** The host's end of the sandbox's {@code /ssh-agent}. */
    private static Path relaySocket(Sandbox sb) {
        return sb.spec().mounts().stream().filter(m -> m.containerPath().equals("/ssh-agent"))
            .map(MountSpec::hostPath).findFirst().orElseThrow();
    }

    /** The agent's reply to one raw message sent from inside the sandbox, as decimal bytes ("" when closed). */
    private static String rawReply(Sandbox sb, String printfBytes) {
        ExecResult reply = sb.exec("sh", "-c", "printf '" + printfBytes + "' | timeout 20 nc -N -U /ssh-agent | od -An -tu1");
        return reply.stdout().trim().replaceAll("\\s+", " ");
    }

    /** The host agent still holds exactly the test's key and is not locked (a locked agent lists none). */
    private void assertHostAgentIntact() throws IOException, InterruptedException {
        String listed = run(List.of("ssh-add", "-l"));
        assertTrue(listed.contains(fingerprint), listed);
        assertEquals(1, listed.lines().filter(l -> !l.isBlank()).count(), listed);
    }

    @Test
    void theImagesUserListsTheHostAgentsKeyInsideTheSandbox() {
        try (Sandbox sb = builder().start()) {
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
        try (Sandbox sb = builder().sshAgent(false).start()) {
            assertEquals("\n", sb.exec("sh", "-c", "echo $SSH_AUTH_SOCK").stdout());
            assertTrue(sb.exec("test", "-e", "/ssh-agent").exitCode() != 0);
        }
    }

    @Test
    void anotherLocalUserCannotUseTheRelay() throws Exception {
        Prerequisites.requireRoot("this test runs a client as another local user");
        try (Sandbox sb = builder().start()) {
            Path relay = relaySocket(sb);
            // Positive controls: the sandbox's user and the JVM's own user list the key through the relay.
            ExecResult inside = sb.exec("ssh-add", "-l");
            assertTrue(inside.stdout().contains(fingerprint), inside.stdout() + inside.stderr());
            Result own = listAs(0, relay);
            assertEquals(0, own.exitCode(), own.output());
            assertTrue(own.output().contains(fingerprint), own.output());

            Result nobody = listAs(65534, relay);
            assertNotEquals(0, nobody.exitCode(), nobody.output());
            assertFalse(nobody.output().contains(fingerprint), nobody.output());
            Path folder = relay.getParent();
            assertFalse(Files.isSymbolicLink(folder));
            assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS)), "only its owner may enter the folder");

            // Should another user reach the socket anyway (a folder opened by mistake), the relay
            // still refuses them by their credentials, and still serves the sandbox.
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
            Result passedTheFolder = listAs(65534, relay);
            assertNotEquals(0, passedTheFolder.exitCode(), passedTheFolder.output());
            assertFalse(passedTheFolder.output().contains(fingerprint), passedTheFolder.output());
            assertTrue(sb.exec("ssh-add", "-l").stdout().contains(fingerprint));
            assertHostAgentIntact();
        }
    }

    @Test
    void theSandboxCanListAndSignButNotChangeOrLockTheAgent() throws Exception {
        try (Sandbox sb = builder().start()) {
            // Positive controls: listing and signing work.
            ExecResult listed = sb.exec("ssh-add", "-l");
            assertTrue(listed.stdout().contains(fingerprint), listed.stdout() + listed.stderr());
            ExecResult signed = sb.exec("sh", "-c", "cd /tmp && ssh-add -L > id.pub && echo hello > message "
                + "&& ssh-keygen -Y sign -f id.pub -n mino-it message "
                + "&& ssh-keygen -Y check-novalidate -n mino-it -f id.pub -s message.sig < message");
            assertEquals(0, signed.exitCode(), signed.stdout() + signed.stderr());

            ExecResult removeAll = sb.exec("ssh-add", "-D");
            assertNotEquals(0, removeAll.exitCode(), removeAll.stdout() + removeAll.stderr());
            ExecResult remove = sb.exec("ssh-add", "-d", "/tmp/id.pub");
            assertNotEquals(0, remove.exitCode(), remove.stdout() + remove.stderr());
            ExecResult add = sb.exec("sh", "-c", "ssh-keygen -q -t ed25519 -N '' -C planted -f /tmp/planted "
                + "&& ssh-add /tmp/planted");
            assertNotEquals(0, add.exitCode(), add.stdout() + add.stderr());
            ExecResult lock = sb.exec("sh", "-c", "printf 'pw\\npw\\n' | ssh-add -x");
            assertNotEquals(0, lock.exitCode(), lock.stdout() + lock.stderr());
            assertHostAgentIntact();

            // The same requests as raw messages: each is answered with failure by the relay.
            Map<String, String> requests = Map.of(
                "remove all identities (19)", "\\000\\000\\000\\001\\023",
                "lock (22)", "\\000\\000\\000\\007\\026\\000\\000\\000\\002pw",
                "unlock (23)", "\\000\\000\\000\\007\\027\\000\\000\\000\\002pw",
                "add identity (17)", "\\000\\000\\000\\005\\021\\000\\000\\000\\000",
                "extension (27)", "\\000\\000\\000\\011\\033\\000\\000\\000\\004\\161\\165\\145\\162",
                "unknown (200)", "\\000\\000\\000\\001\\310");
            requests.forEach((name, bytes) -> assertEquals(FAILURE_REPLY, rawReply(sb, bytes), name));
            // Control: a raw "request identities" gets the agent's list (type 12), not a failure.
            String identities = rawReply(sb, "\\000\\000\\000\\001\\013");
            assertEquals("12", identities.split(" ")[4], identities);
            assertHostAgentIntact();
            assertTrue(sb.exec("ssh-add", "-l").stdout().contains(fingerprint), "the agent still serves the sandbox");
        }
    }

    @Test
    void hostileFramingEndsOnlyItsOwnConnection() throws Exception {
        try (Sandbox sb = builder().start()) {
            // A length beyond the relay's cap, and an empty message: the connection is closed, unanswered.
            assertEquals("", rawReply(sb, "\\177\\377\\377\\377\\013"));
            assertEquals("", rawReply(sb, "\\000\\000\\000\\000"));
            // A request that never completes holds its own connection only.
            ExecResult partial = sb.exec("sh", "-c", "( (printf '\\000\\000\\000\\005\\013'; sleep 20) "
                + "| nc -N -U /ssh-agent ) >/dev/null 2>&1 </dev/null & sleep 1; ssh-add -l");
            assertTrue(partial.stdout().contains(fingerprint), partial.stdout() + partial.stderr());

            // Many connections at once: the relay serves a bounded number and stays alive.
            ExecResult many = sb.exec("sh", "-c", "for i in $(seq 60); do ( sleep 12 | nc -N -U /ssh-agent ) "
                + ">/dev/null 2>&1 </dev/null & done; sleep 4; echo opened");
            assertEquals("opened\n", many.stdout(), many.stderr());
            long serving = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mino-ssh-agent-connection")).count();
            assertTrue(serving > 0 && serving <= MAX_CONNECTIONS, "connections served at once: " + serving);
            // Once they are gone the sandbox's agent works again.
            ExecResult again = null;
            for (int i = 0; i < 40; i++) {
                again = sb.exec("ssh-add", "-l");
                if (again.exitCode() == 0) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertTrue(again.stdout().contains(fingerprint), again.stdout() + again.stderr());
            assertHostAgentIntact();
        }
    }

    @Test
    void aDetachedSandboxHasNoAgentAndSaysSoAtStart() {
        List<String> told = new CopyOnWriteArrayList<>();
        SandboxListener listener = new SandboxListener() {
            @Override
            public void onWarning(String message) {
                told.add(message);
            }
        };
        try (Sandbox sb = builder().detached(true).listener(listener).start()) {
            assertTrue(sb.warnings().stream().anyMatch(w -> w.contains("SSH agent not forwarded")), sb.warnings().toString());
            assertTrue(told.stream().anyMatch(w -> w.contains("SSH agent not forwarded")), told.toString());
            assertEquals("\n", sb.exec("sh", "-c", "echo $SSH_AUTH_SOCK").stdout());
            assertTrue(sb.exec("test", "-e", "/ssh-agent").exitCode() != 0, "no agent socket to go stale");
        }
        // Control: the same sandbox attached has the agent, and no such warning.
        told.clear();
        try (Sandbox sb = builder().listener(listener).start()) {
            assertTrue(sb.exec("ssh-add", "-l").stdout().contains(fingerprint));
            assertTrue(told.stream().noneMatch(w -> w.contains("SSH agent")), told.toString());
        }
    }
}
