package dev.mino.core.internal.podman;

import dev.mino.core.MinoException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a Podman service listens: a Unix socket file, a TCP address, or a command that relays the
 * connection ({@code ssh ... podman system dial-stdio}), written the way Podman's own
 * {@code CONTAINER_HOST} is ({@code unix:///run/user/1000/podman/podman.sock},
 * {@code tcp://127.0.0.1:8080}, {@code ssh://user@host:22/run/user/1000/podman/podman.sock}).
 * mino adds {@code orbstack://<vm>} (and {@code orbstack:} for the configured VM): Podman in an
 * OrbStack VM, which must be made ready before it can be reached ({@link OrbStackVm}).
 */
public sealed interface EngineAddress {

    /**
     * The address as a {@code CONTAINER_HOST} value; for a {@link Stdio} engine that has no such
     * form (an OrbStack VM), its description.
     */
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
     * A Podman service reached through a command whose stdin and stdout carry the connection, such
     * as {@code ssh host podman system dial-stdio} or {@code orb -m vm podman system dial-stdio}.
     * Every connection runs the command once and ends it when the connection closes.
     *
     * @param command the program and its arguments
     * @param description how messages name the engine; for ssh, its {@code ssh://} address
     */
    record Stdio(List<String> command, String description) implements EngineAddress {
        public Stdio {
            command = List.copyOf(command);
            Objects.requireNonNull(description, "description");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command must name a program");
            }
        }

        @Override
        public String uri() {
            return description;
        }
    }

    /**
     * Podman in an OrbStack Linux VM, named but not yet reachable: the VM may be missing, stopped
     * or without Podman. Engine discovery makes it ready and turns it into the {@link Stdio}
     * address that runs {@code orb -m <vm> -u <user> podman system dial-stdio}; no client connects
     * to this address itself.
     *
     * @param name the VM's name, or null for the VM the configuration names ({@code vm.name})
     */
    record OrbStackVm(String name) implements EngineAddress {
        /** What an OrbStack machine name may be; names become orb arguments, so no leading '-'. */
        public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
        /** The accepted forms, for hints. */
        public static final String FORMS = "orbstack://<vm> (letters, digits, '.', '_' and '-', starting with a "
            + "letter or digit) or orbstack: for the VM of the configuration";
        private static final String SCHEME = "orbstack:";

        public OrbStackVm {
            if (name != null && !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not an OrbStack machine name: " + name);
            }
        }

        /** {@code orbstack://<name>}, or {@code orbstack:} for the configured VM. */
        @Override
        public String uri() {
            return name == null ? SCHEME : SCHEME + "//" + name;
        }

        /** True when {@code value} has the {@code orbstack:} scheme (in any case). */
        static boolean isOrbStack(String value) {
            return value.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        }

        /** Parses {@code orbstack:}, {@code orbstack://} or {@code orbstack://<vm>}. */
        static OrbStackVm parse(String value) {
            String rest = value.substring(SCHEME.length());
            if (rest.isEmpty() || rest.equals("//")) {
                return new OrbStackVm(null);
            }
            if (!rest.startsWith("//")) {
                throw new MinoException("Podman address '" + value + "' is not an OrbStack address", "write " + FORMS);
            }
            String vm = rest.substring(2);
            if (!NAME.matcher(vm).matches()) {
                throw new MinoException("Podman address '" + value + "' does not name a usable OrbStack VM"
                    + (vm.contains("/") || vm.contains("@") || vm.contains(":") || vm.contains("?")
                        ? ": it takes a VM name only, no user, port, path or query" : ""), "write " + FORMS);
            }
            return new OrbStackVm(vm);
        }
    }

    /**
     * Parses a {@code CONTAINER_HOST}-style value; an {@code ssh://} value reads its identity file
     * and extra ssh arguments from this process's environment.
     *
     * @throws MinoException naming the value and the accepted forms when it cannot be used
     */
    static EngineAddress parse(String value) {
        return parse(value, System.getenv());
    }

    /**
     * Parses a {@code CONTAINER_HOST}-style value. For {@code ssh://[user@]host[:port][/socket]}
     * the identity file is {@code CONTAINER_SSHKEY} (as for Podman's remote client) and
     * {@code MINO_SSH_OPTIONS} adds ssh arguments, split at white space; without a socket path the
     * remote user's default Podman socket is used. {@code orbstack:} and {@code orbstack://<vm>}
     * give an {@link OrbStackVm}.
     *
     * @param environment where those variables are read
     * @throws MinoException naming the value and the accepted forms when it cannot be used
     */
    static EngineAddress parse(String value, Map<String, String> environment) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(environment, "environment");
        String hint = "use unix:///path/to/podman.sock, tcp://host:port, "
            + "ssh://user@host[:port]/path/to/podman.sock or orbstack://<vm>";
        if (OrbStackVm.isOrbStack(value.trim())) {
            return OrbStackVm.parse(value.trim());
        }
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
            case "ssh":
                return SshCommand.parse(uri, value, environment);
            default:
                throw new MinoException("Podman address '" + value + "' has an unsupported scheme '" + scheme + "'",
                    hint);
        }
    }
}
