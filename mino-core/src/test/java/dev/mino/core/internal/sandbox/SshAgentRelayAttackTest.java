package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team: a hostile sandbox against its relay, with a stand-in agent that serves connections
 * at once (as ssh-agent does) and answers a sign request with a large reply. What the sandbox may
 * do (list, sign, as often as it likes) it may do; it must not stall other clients by refusing to
 * read, nor get anything but list and sign to the agent however it frames them.
 */
class SshAgentRelayAttackTest {
    private static final byte[] IDENTITIES_ANSWER = {0, 0, 0, 5, 12, 0, 0, 0, 0};
    /** A sign reply larger than any socket buffer, so that a client that never reads holds it up. */
    private static final int SIGN_REPLY_BYTES = 200 * 1024;

    @TempDir
    Path dir;
    private ServerSocketChannel agent;
    private final AtomicInteger otherRequests = new AtomicInteger();

    @BeforeEach
    void startAgent() throws IOException {
        agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        agent.bind(UnixDomainSocketAddress.of(dir.resolve("agent.sock")));
        RunningSandbox.daemon("test-agent", () -> {
            while (agent.isOpen()) {
                try {
                    SocketChannel connection = agent.accept();
                    RunningSandbox.daemon("test-agent-connection", () -> answer(connection)).start();
                } catch (IOException e) {
                    return;
                }
            }
        }).start();
    }

    private void answer(SocketChannel connection) {
        try (connection) {
            for (ByteBuffer request = AgentConnection.readFrame(connection); request != null;
                 request = AgentConnection.readFrame(connection)) {
                byte type = request.get(4);
                if (type == AgentConnection.SIGN_REQUEST) {
                    ByteBuffer reply = ByteBuffer.allocate(4 + SIGN_REPLY_BYTES).putInt(SIGN_REPLY_BYTES).put((byte) 14);
                    reply.position(0);
                    while (reply.hasRemaining()) {
                        connection.write(reply);
                    }
                } else if (type == AgentConnection.REQUEST_IDENTITIES) {
                    connection.write(ByteBuffer.wrap(IDENTITIES_ANSWER));
                } else {
                    otherRequests.incrementAndGet();
                    connection.write(AgentConnection.failure());
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    @AfterEach
    void stopAgent() throws IOException {
        agent.close();
    }

    private SshAgentRelay relay() throws IOException {
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        return SshAgentRelay.start(dir.resolve("agent.sock"), own -> new AgentPeers(own, own, List.of()),
            Map.of("XDG_RUNTIME_DIR", runtime.toString()));
    }

    private static byte[] roundTrip(SocketChannel client, byte[] request, int replyLength) throws IOException {
        client.write(ByteBuffer.wrap(request));
        ByteBuffer reply = ByteBuffer.allocate(replyLength);
        while (reply.hasRemaining() && client.read(reply) >= 0) {
            // Until the whole answer is in.
        }
        return reply.array();
    }

    @Test
    void aClientThatAsksForASignatureAndNeverReadsStallsNobodyElse() throws IOException {
        try (SshAgentRelay relay = relay();
             SocketChannel stalling = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
            // A sign request whose data is whatever the sandbox likes: allowed. Its large reply is never read.
            stalling.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 13, 'p', 'a', 'y', 'l', 'o', 'a', 'd', 0}));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
                    assertArrayEquals(IDENTITIES_ANSWER, roundTrip(other, new byte[] {0, 0, 0, 1, 11},
                        IDENTITIES_ANSWER.length));
                }
            });
        }
    }

    @Test
    void aFloodOfListingsIsAnsweredInOrderAndAnythingElseInTheStreamNeverReachesTheAgent() throws IOException {
        try (SshAgentRelay relay = relay();
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
            // Many requests in one write, "remove all identities" (19) and "lock" (22) hidden among them.
            ByteBuffer burst = ByteBuffer.allocate(3000 * 5);
            for (int i = 0; i < 3000; i++) {
                byte type = i % 100 == 50 ? (byte) 19 : i % 100 == 99 ? (byte) 22 : (byte) 11;
                burst.put(new byte[] {0, 0, 0, 1, type});
            }
            client.write(burst.flip());
            ByteBuffer replies = ByteBuffer.allocate(3000 * IDENTITIES_ANSWER.length);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (replies.position() < 2940 * IDENTITIES_ANSWER.length + 60 * 5) {
                    if (client.read(replies) < 0) {
                        break;
                    }
                }
            });
            replies.flip();
            for (int i = 0; i < 3000; i++) {
                byte[] expected = i % 100 == 50 || i % 100 == 99 ? new byte[] {0, 0, 0, 1, 5} : IDENTITIES_ANSWER;
                byte[] actual = new byte[expected.length];
                replies.get(actual);
                assertArrayEquals(expected, actual, "reply " + i);
            }
        }
        assertEquals(0, otherRequests.get(), "requests other than list and sign reached the agent");
    }

    /**
     * Idle connections count against {@link SshAgentRelay#MAX_CONNECTIONS}: a sandbox can use up its
     * own relay (each sandbox has one), and once it lets go, the relay serves again.
     */
    @Test
    void connectionsHeldIdleUseUpOnlyTheirOwnRelayAndAreGivenBack() throws Exception {
        try (SshAgentRelay relay = relay()) {
            List<SocketChannel> idle = new ArrayList<>();
            for (int i = 0; i < SshAgentRelay.MAX_CONNECTIONS; i++) {
                idle.add(SocketChannel.open(UnixDomainSocketAddress.of(relay.socket())));
            }
            try (SocketChannel refused = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
                refused.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 11}));
                ByteBuffer reply = ByteBuffer.allocate(1);
                int read;
                try {
                    read = refused.read(reply);
                } catch (IOException e) {
                    read = -1;
                }
                assertEquals(-1, read, "a connection beyond the limit is hung up on");
            }
            for (SocketChannel channel : idle) {
                channel.close();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                while (true) {
                    try (SocketChannel again = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
                        again.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 11}));
                        ByteBuffer reply = ByteBuffer.allocate(IDENTITIES_ANSWER.length);
                        while (reply.hasRemaining() && again.read(reply) >= 0) {
                            // Until answered or hung up on.
                        }
                        if (!reply.hasRemaining()) {
                            assertArrayEquals(IDENTITIES_ANSWER, reply.array());
                            return;
                        }
                    } catch (IOException e) {
                        // Refused while the closed ones are still being counted down.
                    }
                    Thread.sleep(50);
                }
            });
        }
    }
}
