package dev.mino.core.internal.podman;

import dev.mino.core.MinoException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a Podman service listens: a Unix socket file or a TCP address, written the way Podman's
 * own {@code CONTAINER_HOST} is ({@code unix:///run/user/1000/podman/podman.sock},
 * {@code tcp://127.0.0.1:8080}).
 */
public sealed interface EngineAddress {

    /** The address as a {@code CONTAINER_HOST} value. */
    String uri();

    /** A Podman service on a Unix socket file. */
    record Unix(Path socket) implements EngineAddress {
        public Unix {
            Objects.requireNonNull(socket, "socket");
            if (!socket.isAbsolute()) {
                throw new IllegalArgumentException("socket path must be absolute: " + socket);
            }
        }

        @Override
        public String uri() {
            return "unix://" + socket;
        }
    }

    /** A Podman service on a TCP port (for example {@code podman system service tcp://...}). */
    record Tcp(String host, int port) implements EngineAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range 1-65535: " + port);
            }
        }

        @Override
        public String uri() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Parses a {@code CONTAINER_HOST}-style value.
     *
     * @throws MinoException naming the value and the accepted forms when it cannot be used
     */
    static EngineAddress parse(String value) {
        Objects.requireNonNull(value, "value");
        String hint = "use unix:///path/to/podman.sock or tcp://host:port";
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new MinoException("Podman address '" + value + "' is not a valid URI: " + e.getReason(), hint);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "unix": {
                String path = uri.getPath();
                if (uri.getHost() != null || path == null || !path.startsWith("/")) {
                    throw new MinoException("Podman address '" + value + "' does not name an absolute socket path",
                        "write unix:// followed by the absolute path, for example unix:///run/podman/podman.sock");
                }
                return new Unix(Path.of(path));
            }
            case "tcp": {
                if (uri.getHost() == null || uri.getPort() < 1) {
                    throw new MinoException("Podman address '" + value + "' needs a host and a port", hint);
                }
                String host = uri.getHost();
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                return new Tcp(host, uri.getPort());
            }
            default:
                throw new MinoException("Podman address '" + value + "' has an unsupported scheme '" + scheme + "'",
                    hint);
        }
    }
}
