package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.internal.state.ProcessUid;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Makes the host's SSH agent usable inside a sandbox. The agent's own socket belongs to the host
 * user and allows only that user; inside a rootless sandbox the command runs as a mapped user
 * (root maps to the engine's user, {@code developer} to a subordinate id), which the socket would
 * refuse. So the JVM listens on a socket of its own, relays each connection to the real agent,
 * and only that socket is mounted into the sandbox. Private keys never leave the agent; only
 * listing keys and signing cross ({@link AgentConnection}).
 *
 * <p>Other local users are attackers too. The socket must be writable by the sandbox's mapped
 * users, which are "others" on the host, so the folder guards it: a new folder that only its
 * owner may enter ({@code 0700}), made fresh (never an existing one, never through a link), in
 * the user's runtime directory or the temporary folder ({@link AgentRelayFolder}). Its owner is
 * the JVM's user; when the JVM runs as root beside a rootless engine of another user (CI), it is
 * handed to that user, who has to reach the socket to mount it. The socket's name shows in
 * {@code /proc/net/unix}, but nobody else can pass the folder to reach it; and should they
 * reach it anyway, each connection's peer credentials are checked against {@link AgentPeers}
 * before anything is read.
 *
 * <p>The relay lives as long as this JVM (or until closed), so a detached sandbox is given none
 * (see {@code SandboxLauncher}).
 */
final class SshAgentRelay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SshAgentRelay.class.getName());
    /** Connections served at once; an agent client holds one for a request or two. */
    static final int MAX_CONNECTIONS = 16;
    private static final Path PASSWD = Path.of("/etc/passwd");

    private final Path agent;
    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final AgentPeers peers;
    private final String ownName;
    private final AtomicInteger open = new AtomicInteger();
    /** Makes the relay's threads (a Mino's, so that closing it waits for them). */
    private final BiFunction<String, Runnable, Thread> threads;
    private volatile boolean closed;

    private SshAgentRelay(Path agent, Path directory, Path socket, ServerSocketChannel server, AgentPeers peers,
                          String ownName, BiFunction<String, Runnable, Thread> threads) {
        this.threads = threads;
        this.agent = agent;
        this.directory = directory;
        this.socket = socket;
        this.server = server;
        this.peers = peers;
        this.ownName = ownName;
    }

    /**
     * Starts a relay to the agent at {@code agentSocket} for the peers {@code peersOf} gives for
     * the JVM's own uid.
     */
    static SshAgentRelay start(Path agentSocket, LongFunction<AgentPeers> peersOf) {
        return start(agentSocket, peersOf, System.getenv());
    }

    /** Like {@link #start(Path, LongFunction)}, with the runtime directory taken from {@code environment}. */
    static SshAgentRelay start(Path agentSocket, LongFunction<AgentPeers> peersOf, Map<String, String> environment) {
        return start(agentSocket, peersOf, environment, RunningSandbox::daemon);
    }

    /** Like {@link #start(Path, LongFunction, Map)}, with its threads made (not started) by {@code threads}. */
    static SshAgentRelay start(Path agentSocket, LongFunction<AgentPeers> peersOf, Map<String, String> environment,
                               BiFunction<String, Runnable, Thread> threads) {
        long ownUid = ProcessUid.current();
        return start(plan(agentSocket, environment, ownUid, peersOf.apply(ownUid).engineUid()), peersOf, environment,
            threads);
    }

    /**
     * Where a relay to the agent at {@code agentSocket} will listen, chosen now and bound by
     * {@link #start(Plan, LongFunction, Map, BiFunction)}, for a JVM running as {@code ownUid}
     * (-1 when unknown) beside an engine running as {@code engineUid}. Reads, makes nothing.
     */
    static Plan plan(Path agentSocket, Map<String, String> environment, long ownUid, long engineUid) {
        // Root beside another user's rootless engine: that engine must reach the folder, and
        // root's runtime directory is closed to it; the folder is handed to that user.
        boolean handOver = ownUid == 0 && engineUid != 0;
        return new Plan(agentSocket, AgentRelayFolder.choose(environment, !handOver), handOver);
    }

    /**
     * A relay decided but not started: the host's agent, the relay's folder and whether the
     * folder is handed to the engine's user.
     */
    record Plan(Path agent, Path folder, boolean handOver) {
        /** The socket the relay listens on, which the sandbox mounts. */
        Path socket() {
            return folder.resolve("agent.sock");
        }
    }

    /**
     * Starts the relay {@code plan} decided, for the peers {@code peersOf} gives for the uid that
     * owns the folder made (this JVM's).
     *
     * @throws MinoException when the folder cannot be made as planned or the socket not bound
     */
    static SshAgentRelay start(Plan plan, LongFunction<AgentPeers> peersOf, Map<String, String> environment,
                               BiFunction<String, Runnable, Thread> threads) {
        Path directory = null;
        ServerSocketChannel server = null;
        try {
            directory = AgentRelayFolder.createAt(plan.folder(), environment);
            AgentPeers peers = peersOf.apply(AgentRelayFolder.uid(directory));
            Path socket = plan.socket();
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            // The sandbox's users are "others" here; the folder keeps the host's others out.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            if (plan.handOver()) {
                Files.setAttribute(directory, "unix:uid", Math.toIntExact(peers.engineUid()), LinkOption.NOFOLLOW_LINKS);
            }
            SshAgentRelay relay = new SshAgentRelay(plan.agent(), directory, socket, server, peers,
                System.getProperty("user.name"), threads);
            threads.apply("mino-ssh-agent-relay", relay::acceptLoop).start();
            LOG.log(Level.DEBUG, "SSH agent relay at " + socket + " for " + peers);
            return relay;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            AgentRelayFolder.deleteQuietly(directory);
            if (e instanceof MinoException mino) {
                throw mino;
            }
            throw new MinoException("cannot forward the SSH agent: " + e.getMessage(),
                "turn SSH agent forwarding off, or check that the runtime or temp folder is writable");
        }
    }

    /** The socket to mount into the sandbox. */
    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "SSH agent relay stopped: " + e.getMessage());
                }
                return;
            }
            if (!admitted(client)) {
                closeQuietly(client);
            } else if (open.incrementAndGet() > MAX_CONNECTIONS) {
                open.decrementAndGet();
                LOG.log(Level.DEBUG, "SSH agent relay: too many connections, one refused");
                closeQuietly(client);
            } else {
                threads.apply("mino-ssh-agent-connection", () -> serve(client)).start();
            }
        }
    }

    /** True when the peer is the JVM's user or one the engine runs sandboxes as. */
    private boolean admitted(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            OptionalLong uid = peers.uidOf(peer.user(), ownName, PASSWD);
            if (uid.isPresent() && peers.allows(uid.getAsLong())) {
                return true;
            }
            LOG.log(Level.WARNING, "SSH agent relay refused a connection from user " + peer.user().getName()
                + " (allowed: " + peers + ")");
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "SSH agent relay refused a connection whose user is unknown: " + e.getMessage());
            return false;
        }
    }

    private void serve(SocketChannel client) {
        try (client; SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(agent))) {
            AgentConnection.serve(client, upstream);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "SSH agent connection ended: " + e.getMessage());
        } finally {
            open.decrementAndGet();
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Refused or failed: nothing more to do with it.
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
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not close the SSH agent relay: " + e.getMessage());
        }
        AgentRelayFolder.deleteQuietly(directory);
    }
}
