package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes the host's SSH agent usable inside a sandbox. The agent's own socket belongs to the host
 * user and allows only that user; inside a rootless sandbox the command runs as a mapped user
 * (root maps to the host user, {@code developer} to a subordinate id), which the socket would
 * refuse. So the JVM listens on a socket of its own that any user may connect to, relays each
 * connection to the real agent, and only that socket is mounted into the sandbox. Private keys
 * never leave the agent; only agent requests cross.
 *
 * <p>The relay socket sits in a folder others may pass through but not list ({@code 0711}) under
 * a random name, so other users of the host cannot find it. It lives as long as this JVM (or until
 * closed): a detached sandbox loses the agent when the JVM that started it ends.
 */
final class SshAgentRelay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SshAgentRelay.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path agent;
    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private volatile boolean closed;

    private SshAgentRelay(Path agent, Path directory, Path socket, ServerSocketChannel server) {
        this.agent = agent;
        this.directory = directory;
        this.socket = socket;
        this.server = server;
    }

    /** Starts a relay to the agent at {@code agentSocket}. */
    static SshAgentRelay start(Path agentSocket) {
        try {
            byte[] name = new byte[16];
            RANDOM.nextBytes(name);
            Path directory = Files.createTempDirectory("mino-agent-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
            Path socket = directory.resolve(HexFormat.of().formatHex(name) + ".sock");
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            SshAgentRelay relay = new SshAgentRelay(agentSocket, directory, socket, server);
            RunningSandbox.daemon("mino-ssh-agent-relay", relay::acceptLoop).start();
            return relay;
        } catch (IOException | UnsupportedOperationException e) {
            throw new MinoException("cannot forward the SSH agent: " + e.getMessage(),
                "turn SSH agent forwarding off, or check that the temp folder is writable");
        }
    }

    /** The socket to mount into the sandbox. */
    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                RunningSandbox.daemon("mino-ssh-agent-connection", () -> relay(client)).start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "SSH agent relay stopped: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void relay(SocketChannel client) {
        try (client; SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(agent))) {
            Thread back = RunningSandbox.daemon("mino-ssh-agent-reply", () -> pump(upstream, client));
            back.start();
            pump(client, upstream);
            back.join(10_000);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "SSH agent connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // One side hung up: the other follows.
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not remove the SSH agent relay socket: " + e.getMessage());
        }
    }
}
