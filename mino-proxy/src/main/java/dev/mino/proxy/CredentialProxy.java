package dev.mino.proxy;

import dev.mino.proxy.internal.ChannelSocket;
import dev.mino.proxy.internal.ProxyConnection;
import dev.mino.proxy.internal.SecretMask;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credential proxy: listens on a unix socket that the firewall container's relay connects
 * to, one connection per connection the sandbox opened to an intercepted address. For a TLS server
 * name a {@link CredentialSwap} serves, it terminates TLS with the {@linkplain
 * ProxySettings#serverTls() server context}, relays HTTP/1.1 requests to the provider through
 * {@linkplain ProxySettings#upstream() upstream}, verified as that host, with the real credential
 * put in by the swap, and reports each such request as a {@link SwapEvent}; every other
 * connection is passed on to its original destination untouched. Requests that could be read two
 * ways (both {@code Content-Length} and {@code Transfer-Encoding}, folded fields, bare line ends),
 * upgrades and {@code CONNECT} are refused. Never logs a header value or a body.
 *
 * <p>Each connection is handled on a daemon thread of a bounded pool. {@link #close()} stops
 * accepting, closes every live connection and deletes the socket file.
 */
public final class CredentialProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mino.proxy");

    private final ProxySettings settings;
    private final ServerSocketChannel server;
    private final ThreadPoolExecutor pool;
    private final Set<ProxyConnection> live = ConcurrentHashMap.newKeySet();
    /**
     * The real values swaps put into requests, masked in the answers of every decrypted
     * connection: a server may keep what one request sent and hand it back on another connection.
     */
    private final SecretMask revealed = new SecretMask();
    private final Thread acceptor;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private CredentialProxy(ProxySettings settings, ServerSocketChannel server) {
        this.settings = settings;
        this.server = server;
        AtomicInteger count = new AtomicInteger();
        // A tunnel takes two threads; one more for the margin.
        this.pool = new ThreadPoolExecutor(0, settings.maxConnections() * 2 + 1, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "mino-proxy-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        this.acceptor = new Thread(this::acceptLoop, "mino-proxy-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Creates the listening socket (mode 0600) and starts accepting.
     *
     * @param settings the settings
     * @return the running proxy
     * @throws IOException when the socket cannot be created: its folder is missing, the path is
     *     taken by something other than a stale socket of this user, another proxy listens there,
     *     or the path is too long for a unix socket
     */
    public static CredentialProxy start(ProxySettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Path path = settings.listenSocket();
        Path folder = path.getParent();
        if (folder == null || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the credential proxy's folder " + folder + " does not exist");
        }
        removeStaleSocket(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw new IOException("the credential proxy cannot listen on " + path + ": " + e.getMessage()
                + " (a unix socket path may have at most 107 bytes)", e);
        }
        CredentialProxy proxy = new CredentialProxy(settings, server);
        proxy.acceptor.start();
        LOG.log(Level.DEBUG, "credential proxy listening on {0} with {1} swaps", path, settings.swaps().size());
        return proxy;
    }

    /** Deletes a socket left by an earlier run of this user; refuses anything else at that path. */
    private static void removeStaleSocket(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        boolean ours = attributes.isOther()
            && Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(path.getParent()));
        if (!ours) {
            throw new FileAlreadyExistsException(path.toString(), null,
                "it is not a socket a credential proxy of this user left; remove it if it is not needed");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new FileAlreadyExistsException(path.toString(), null, "another credential proxy listens there");
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            Files.deleteIfExists(path); // nobody listens: left by a proxy that ended without closing
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "the credential proxy stopped accepting: {0}", e.getMessage());
                }
                return;
            }
            handle(channel);
        }
    }

    private void handle(SocketChannel channel) {
        ChannelSocket socket;
        try {
            socket = new ChannelSocket(channel, null);
        } catch (IOException e) {
            return;
        }
        if (live.size() >= settings.maxConnections()) {
            LOG.log(Level.WARNING, "the credential proxy has {0} connections already; closed a new one", live.size());
            closeQuietly(socket);
            return;
        }
        ProxyConnection[] self = new ProxyConnection[1];
        ProxyConnection connection = new ProxyConnection(settings, revealed, socket, pool,
            () -> live.remove(self[0]));
        self[0] = connection;
        synchronized (closeLock) {
            if (closed) {
                closeQuietly(socket);
                return;
            }
            live.add(connection);
        }
        try {
            pool.execute(connection);
        } catch (RejectedExecutionException e) {
            live.remove(connection);
            connection.close();
        }
    }

    private static void closeQuietly(ChannelSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is gone either way
        }
    }

    /** @return the settings this proxy runs with */
    public ProxySettings settings() {
        return settings;
    }

    /** @return how many connections from the sandbox are open now */
    public int liveConnections() {
        return live.size();
    }

    /**
     * Stops accepting, closes every live connection (their threads end) and deletes the socket
     * file. Calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the proxy socket: {0}", e.getMessage());
        }
        for (ProxyConnection connection : live) {
            connection.close();
        }
        pool.shutdown();
        try {
            Files.deleteIfExists(settings.listenSocket());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the proxy socket {0}: {1}", settings.listenSocket(), e.getMessage());
        }
        LOG.log(Level.DEBUG, "credential proxy on {0} closed", settings.listenSocket());
    }
}
