package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay against a stand-in agent: where its socket lives, and whom it serves. */
class SshAgentRelayTest {
    private static final byte[] IDENTITIES_ANSWER = {0, 0, 0, 5, 12, 0, 0, 0, 0};

    @TempDir
    Path dir;
    private ServerSocketChannel agent;

    /** A stand-in agent that answers every request with an empty key list. */
    @BeforeEach
    void startAgent() throws IOException {
        agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        agent.bind(UnixDomainSocketAddress.of(dir.resolve("agent.sock")));
        RunningSandbox.daemon("test-agent", () -> {
            while (agent.isOpen()) {
                try (SocketChannel connection = agent.accept()) {
                    while (AgentConnection.readFrame(connection) != null) {
                        connection.write(ByteBuffer.wrap(IDENTITIES_ANSWER));
                    }
                } catch (IOException e) {
                    // The next connection, or the end of the test.
                }
            }
        }).start();
    }

    @AfterEach
    void stopAgent() throws IOException {
        agent.close();
    }

    /** Sends "request identities" and returns what comes back before the relay closes or answers. */
    private static byte[] requestIdentities(Path socket) throws IOException {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            client.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 11}));
            ByteBuffer reply = ByteBuffer.allocate(IDENTITIES_ANSWER.length);
            try {
                while (reply.hasRemaining() && client.read(reply) >= 0) {
                    // Until the whole answer is in, or the relay hung up.
                }
            } catch (IOException e) {
                // Reset by a relay that refused the connection.
            }
            byte[] bytes = new byte[reply.position()];
            reply.flip().get(bytes);
            return bytes;
        }
    }

    @Test
    void theRelayLivesInANewPrivateFolderOfTheRuntimeDirectoryAndServesAnAllowedPeer() throws IOException {
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        try (SshAgentRelay relay = SshAgentRelay.start(dir.resolve("agent.sock"),
            own -> new AgentPeers(own, own, List.of()), Map.of("XDG_RUNTIME_DIR", runtime.toString()))) {
            Path folder = relay.socket().getParent();
            assertEquals(runtime.resolve("mino"), folder.getParent());
            assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS)));
            assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.getParent(), LinkOption.NOFOLLOW_LINKS)));
            assertArrayEquals(IDENTITIES_ANSWER, requestIdentities(relay.socket()));
        }
    }

    /**
     * The plan names the relay's folder before the start makes it. Another user who learned the
     * name and put a folder or a link there first does not get the relay (nor has their folder
     * touched): the start fails closed. The control: the same plan, unplanted, starts.
     */
    @Test
    void aFolderOrLinkPlantedWhereThePlanPutTheRelayIsRefused() throws IOException {
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString());
        java.util.function.LongFunction<AgentPeers> peers = own -> new AgentPeers(own, own, List.of());

        // The runtime directory's mino folder is the user's alone, as mino makes it.
        assertTrue(dev.mino.core.internal.state.PrivateFolders.ensureUsersAlone(runtime.resolve("mino")));
        SshAgentRelay.Plan planted = SshAgentRelay.plan(dir.resolve("agent.sock"), env, 1000, 1000);
        Files.createDirectory(planted.folder());
        Files.writeString(planted.folder().resolve("mine"), "the planter's");
        dev.mino.core.MinoException e = org.junit.jupiter.api.Assertions.assertThrows(
            dev.mino.core.MinoException.class, () -> SshAgentRelay.start(planted, peers, env, RunningSandbox::daemon));
        assertTrue(e.getMessage().contains("cannot forward the SSH agent"), e.getMessage());
        assertEquals("the planter's", Files.readString(planted.folder().resolve("mine")), "left alone");
        assertFalse(Files.exists(planted.socket()), "no socket in a folder someone else made");

        SshAgentRelay.Plan linked = SshAgentRelay.plan(dir.resolve("agent.sock"), env, 1000, 1000);
        Path target = Files.createDirectory(dir.resolve("attackers"));
        Files.createSymbolicLink(linked.folder(), target);
        org.junit.jupiter.api.Assertions.assertThrows(dev.mino.core.MinoException.class,
            () -> SshAgentRelay.start(linked, peers, env, RunningSandbox::daemon));
        assertFalse(Files.exists(target.resolve("agent.sock")), "nothing bound through the link");

        SshAgentRelay.Plan fresh = SshAgentRelay.plan(dir.resolve("agent.sock"), env, 1000, 1000);
        assertEquals(runtime.resolve("mino"), fresh.folder().getParent(), "planned in the runtime directory");
        try (SshAgentRelay relay = SshAgentRelay.start(fresh, peers, env, RunningSandbox::daemon)) {
            assertEquals(fresh.socket(), relay.socket(), "the start binds exactly the planned socket");
            assertArrayEquals(IDENTITIES_ANSWER, requestIdentities(relay.socket()));
        }
        assertFalse(Files.exists(fresh.folder()), "closed: the folder is gone");
    }

    @Test
    void aPeerOutsideTheAllowedUsersIsHungUpOnUnanswered() throws IOException {
        try (SshAgentRelay relay = SshAgentRelay.start(dir.resolve("agent.sock"),
            own -> new AgentPeers(-1, own, List.of(new AgentPeers.Range(own + 1, own + 1))), Map.of())) {
            assertEquals(0, requestIdentities(relay.socket()).length, "no answer for a user not allowed");
        }
    }

    @Test
    void aLinkedOrSharedMinoRuntimeFolderIsNotUsed() throws IOException {
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(runtime.resolve("mino"), elsewhere);
        try (SshAgentRelay relay = SshAgentRelay.start(dir.resolve("agent.sock"),
            own -> new AgentPeers(own, own, List.of()), Map.of("XDG_RUNTIME_DIR", runtime.toString()))) {
            Path folder = relay.socket().getParent();
            assertFalse(folder.startsWith(runtime), folder.toString());
            assertFalse(folder.toRealPath().startsWith(elsewhere.toRealPath()), folder.toString());
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")), folder.getParent());
        }
        Files.delete(runtime.resolve("mino"));
        Files.setPosixFilePermissions(Files.createDirectory(runtime.resolve("mino")),
            PosixFilePermissions.fromString("rwxr-xr-x"));
        try (SshAgentRelay relay = SshAgentRelay.start(dir.resolve("agent.sock"),
            own -> new AgentPeers(own, own, List.of()), Map.of("XDG_RUNTIME_DIR", runtime.toString()))) {
            assertFalse(relay.socket().startsWith(runtime), "a folder others may list is not private");
            assertTrue(Files.exists(relay.socket()));
        }
    }
}
