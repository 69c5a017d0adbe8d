package dev.mino.proxy;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link CredentialProxy} needs: where it listens, how it reaches upstream, the TLS
 * contexts of both sides, the swaps it applies, where swaps are reported, and its limits.
 * Immutable; made with {@link #builder()}.
 */
public final class ProxySettings {
    /** The default bound on a request body read for a swap: 8 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** The default time a connection may be silent: 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The default time for a connection's first line, ClientHello and TLS handshakes: 30 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** The default number of connections handled at once: 256. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    private final Path listenSocket;
    private final Upstream upstream;
    private final SSLContext serverTls;
    private final SSLContext upstreamTls;
    private final List<CredentialSwap> swaps;
    private final Consumer<SwapEvent> audit;
    private final long maxBodyBytes;
    private final Duration idleTimeout;
    private final Duration handshakeTimeout;
    private final int maxConnections;

    private ProxySettings(Builder builder, SSLContext upstreamTls) {
        this.listenSocket = builder.listenSocket;
        this.upstream = builder.upstream;
        this.serverTls = builder.serverTls;
        this.upstreamTls = upstreamTls;
        this.swaps = List.copyOf(builder.swaps);
        this.audit = builder.audit;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.idleTimeout = builder.idleTimeout;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.maxConnections = builder.maxConnections;
    }

    /**
     * A builder with the defaults; {@link Builder#listenSocket}, {@link Builder#upstream} and
     * {@link Builder#serverTls} must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the unix socket the proxy creates and listens on */
    public Path listenSocket() {
        return listenSocket;
    }

    /** @return how the proxy reaches upstream servers */
    public Upstream upstream() {
        return upstream;
    }

    /** @return the TLS server context presented to the sandbox for the intercepted hosts */
    public SSLContext serverTls() {
        return serverTls;
    }

    /** @return the TLS client context that verifies the providers' servers */
    public SSLContext upstreamTls() {
        return upstreamTls;
    }

    /** @return the swaps, in the order they are applied */
    public List<CredentialSwap> swaps() {
        return swaps;
    }

    /** @return where a {@link SwapEvent} goes for each request a swap changed */
    public Consumer<SwapEvent> audit() {
        return audit;
    }

    /** @return the most bytes of a request body read for a swap that needs the body */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return how long a connection, either side, may be silent before it is closed */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return how long a new connection's first line, ClientHello and TLS handshakes may take */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** @return how many connections from the sandbox are handled at once; more are closed */
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String toString() {
        return "ProxySettings[listen=" + listenSocket + ", upstream=" + upstream + ", swaps=" + swaps.size()
            + ", maxBodyBytes=" + maxBodyBytes + ", idle=" + idleTimeout + ", handshake=" + handshakeTimeout
            + ", maxConnections=" + maxConnections + "]";
    }

    /** Builds {@link ProxySettings}; every setter checks its argument. */
    public static final class Builder {
        private Path listenSocket;
        private Upstream upstream;
        private SSLContext serverTls;
        private SSLContext upstreamTls;
        private final List<CredentialSwap> swaps = new ArrayList<>();
        private Consumer<SwapEvent> audit = event -> { };
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {
        }

        /**
         * The unix socket to create; its folder must exist and should be the JVM user's, mode 0700.
         *
         * @param path the socket's path
         * @return this builder
         */
        public Builder listenSocket(Path path) {
            this.listenSocket = Objects.requireNonNull(path, "listenSocket").toAbsolutePath();
            return this;
        }

        /**
         * How upstream servers are reached; in production {@link Upstream#relay}.
         *
         * @param value the upstream
         * @return this builder
         */
        public Builder upstream(Upstream value) {
            this.upstream = Objects.requireNonNull(value, "upstream");
            return this;
        }

        /**
         * The TLS server context presented to the sandbox for intercepted hosts: it must hold
         * certificates for those hosts that the sandbox trusts.
         *
         * @param context the context
         * @return this builder
         */
        public Builder serverTls(SSLContext context) {
            this.serverTls = Objects.requireNonNull(context, "serverTls");
            return this;
        }

        /**
         * The TLS client context used towards the providers; the JDK's default when not set.
         *
         * @param context the context
         * @return this builder
         */
        public Builder upstreamTls(SSLContext context) {
            this.upstreamTls = Objects.requireNonNull(context, "upstreamTls");
            return this;
        }

        /**
         * Adds a swap; for a host several swaps serve, each is applied in the order added.
         *
         * @param swap the swap
         * @return this builder
         */
        public Builder swap(CredentialSwap swap) {
            this.swaps.add(Objects.requireNonNull(swap, "swap"));
            return this;
        }

        /**
         * Adds swaps, as {@link #swap} for each.
         *
         * @param values the swaps
         * @return this builder
         */
        public Builder swaps(List<? extends CredentialSwap> values) {
            Objects.requireNonNull(values, "swaps").forEach(this::swap);
            return this;
        }

        /**
         * Where each {@link SwapEvent} goes; it is called on the connection's thread and should
         * return quickly. None by default.
         *
         * @param consumer the consumer
         * @return this builder
         */
        public Builder audit(Consumer<SwapEvent> consumer) {
            this.audit = Objects.requireNonNull(consumer, "audit");
            return this;
        }

        /**
         * The most bytes of a request body read for a swap that needs the whole body; a larger
         * body is answered {@code 413}. 8 MiB by default.
         *
         * @param bytes at least 1, at most 1 GiB
         * @return this builder
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1 || bytes > 1024L * 1024 * 1024) {
                throw new IllegalArgumentException("the proxy's body bound must be 1 byte to 1 GiB, not " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * How long a connection may be silent (no byte either way of a tunnel, no next request,
         * no byte of an awaited answer) before it is closed. 10 minutes by default.
         *
         * @param timeout at least one millisecond, at most 24 hours
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checkTimeout(timeout, "idle timeout");
            return this;
        }

        /**
         * How long a new connection's first line, TLS ClientHello and TLS handshakes may take.
         * 30 seconds by default.
         *
         * @param timeout at least one millisecond, at most 24 hours
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = checkTimeout(timeout, "handshake timeout");
            return this;
        }

        /**
         * How many connections from the sandbox are handled at once; a connection beyond is
         * closed at once. 256 by default.
         *
         * @param count 1 to 10000
         * @return this builder
         */
        public Builder maxConnections(int count) {
            if (count < 1 || count > 10_000) {
                throw new IllegalArgumentException("the proxy's connection limit must be 1 to 10000, not " + count);
            }
            this.maxConnections = count;
            return this;
        }

        private static Duration checkTimeout(Duration timeout, String what) {
            Objects.requireNonNull(timeout, what);
            if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("the proxy's " + what + " must be 1 ms to 24 hours, not " + timeout);
            }
            return timeout;
        }

        /**
         * Checks that the required settings are there and makes the settings.
         *
         * @return the settings
         * @throws IllegalStateException when the listen socket, upstream or server TLS is missing,
         *     or the JDK has no default TLS context
         */
        public ProxySettings build() {
            if (listenSocket == null || upstream == null || serverTls == null) {
                throw new IllegalStateException("the proxy settings need listenSocket, upstream and serverTls"
                    + " (missing: " + (listenSocket == null ? "listenSocket " : "")
                    + (upstream == null ? "upstream " : "") + (serverTls == null ? "serverTls" : "").trim() + ")");
            }
            SSLContext client = upstreamTls;
            if (client == null) {
                try {
                    client = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this Java has no default TLS context for the proxy's upstream side", e);
                }
            }
            return new ProxySettings(this, client);
        }
    }
}
