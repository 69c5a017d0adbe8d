package dev.mino.core.internal.podman;

import dev.mino.core.MinoException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns Podman's remote address form {@code ssh://[user@]host[:port][/path/to/podman.sock]} into
 * the command that reaches that Podman: {@code ssh} to the host running
 * {@code podman system dial-stdio} there, which relays the connection to the socket.
 *
 * <p>The identity file comes from {@code CONTAINER_SSHKEY}, as for Podman's own remote client.
 * Everything else (known hosts, jump hosts, agents) comes from the user's ssh configuration;
 * {@code MINO_SSH_OPTIONS} adds ssh arguments for the cases a configuration file cannot cover,
 * split at white space, for example {@code -o UserKnownHostsFile=/tmp/known_hosts} or
 * {@code -F /path/to/ssh_config}. Host keys are checked as ssh is configured to: an unknown host
 * fails under {@code BatchMode} until it is known, rather than being trusted silently.
 */
final class SshCommand {
    /** The identity file, as Podman's remote client reads it. */
    static final String KEY_VARIABLE = "CONTAINER_SSHKEY";
    /** Extra ssh arguments, split at white space. */
    static final String OPTIONS_VARIABLE = "MINO_SSH_OPTIONS";

    // Strict on purpose: whatever is here becomes an ssh argument, and a leading '-' would be an option.
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    private SshCommand() {
    }

    /**
     * The engine an {@code ssh://} address names.
     *
     * @param uri the parsed address, scheme {@code ssh}
     * @param value the address as given, for messages
     * @param environment where {@code CONTAINER_SSHKEY}, {@code MINO_SSH_OPTIONS} and {@code HOME} are read
     */
    static EngineAddress.Stdio parse(URI uri, String value, Map<String, String> environment) {
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(value, "has a query or fragment, which mino does not use",
                "remove the part from '?' on; ssh settings belong in ~/.ssh/config or " + OPTIONS_VARIABLE);
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw invalid(value, "names no host", "write ssh://user@host[:port]/path/to/podman.sock");
        }
        String user = null;
        String hostPort = authority;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            user = authority.substring(0, at);
            hostPort = authority.substring(at + 1);
            if (user.contains(":")) {
                throw invalid(value, "contains a password", "use a key: name it in " + KEY_VARIABLE
                    + " or load it into ssh-agent");
            }
            if (!USER.matcher(user).matches()) {
                throw invalid(value, "has a user name ssh cannot take", "use letters, digits, '.', '_' and '-'");
            }
        }
        String host;
        int port = -1;
        boolean ipv6 = hostPort.startsWith("[");
        String portText = null;
        if (ipv6) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw invalid(value, "has an IPv6 address without its closing ']'", "write ssh://user@[::1]:22/...");
            }
            host = hostPort.substring(1, close).replace("%25", "%");
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(value, "has text after the IPv6 address", "write ssh://user@[::1]:22/...");
                }
                portText = rest.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                throw invalid(value, "has an IPv6 address that is not one", "write ssh://user@[::1]:22/...");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                throw invalid(value, "has a host name ssh cannot take",
                    "write a host name or address; an IPv6 address goes in brackets");
            }
        }
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw invalid(value, "has a port that is not 1-65535", "write ssh://host:22/... or leave the port out");
            }
        }
        String path = uri.getPath();
        if (path != null && (path.isEmpty() || path.equals("/"))) {
            path = null;
        }

        String destination = (user == null ? "" : user + "@") + host;
        String description = "ssh://" + (user == null ? "" : user + "@") + (ipv6 ? "[" + host + "]" : host)
            + (port > 0 ? ":" + port : "") + (path == null ? "" : path);
        return new EngineAddress.Stdio(command(destination, port, path, environment), description);
    }

    private static List<String> command(String destination, int port, String path, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
        String options = env.get(OPTIONS_VARIABLE);
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.strip().split("\\s+")));
        }
        if (port > 0) {
            command.add("-p");
            command.add(Integer.toString(port));
        }
        String key = env.get(KEY_VARIABLE);
        if (key != null && !key.isBlank()) {
            command.add("-i");
            command.add(expandHome(key.strip(), env.get("HOME")));
        }
        command.add("--");
        command.add(destination);
        command.add("podman");
        if (path != null) {
            // ssh hands the remote command to the remote user's shell as one line.
            command.add("--remote");
            command.add("--url");
            command.add(shellQuoted("unix://" + path));
        }
        command.add("system");
        command.add("dial-stdio");
        return command;
    }

    private static String expandHome(String path, String home) {
        if (home != null && (path.equals("~") || path.startsWith("~/"))) {
            return home + path.substring(1);
        }
        return path;
    }

    static String shellQuoted(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static MinoException invalid(String value, String problem, String hint) {
        return new MinoException("Podman address '" + value + "' " + problem, hint);
    }
}
