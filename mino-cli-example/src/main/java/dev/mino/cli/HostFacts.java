package dev.mino.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code mino setup} needs to know about this Linux host: who the user is, whether Podman is
 * installed, whether the user has subordinate ids (rootless Podman needs them), and whether the
 * Podman socket mino talks to exists. Read-only.
 *
 * @param user the user name
 * @param uid the user id
 * @param podman the podman executable, if on the PATH
 * @param packageManager {@code apt-get} or {@code dnf}, if one is on the PATH
 * @param subuid whether /etc/subuid has a range for the user
 * @param subgid whether /etc/subgid has a range for the user
 * @param socket the socket mino would use
 * @param socketExists whether it exists
 * @param containerHost the value of CONTAINER_HOST, or null
 */
record HostFacts(String user, long uid, Optional<Path> podman, Optional<String> packageManager, boolean subuid,
                 boolean subgid, Path socket, boolean socketExists, String containerHost) {

    boolean root() {
        return uid == 0;
    }

    /** Looks at the real host. */
    static HostFacts probe(Map<String, String> env) {
        String user = System.getProperty("user.name", "");
        long uid = currentUid();
        Optional<Path> podman = onPath(env, "podman");
        Optional<String> packageManager = onPath(env, "apt-get").map(p -> "apt-get")
            .or(() -> onPath(env, "dnf").map(p -> "dnf"));
        Path socket = socket(env, uid);
        return new HostFacts(user, uid, podman, packageManager, hasRange(Path.of("/etc/subuid"), user, uid),
            hasRange(Path.of("/etc/subgid"), user, uid), socket, Files.exists(socket), env.get("CONTAINER_HOST"));
    }

    /** The socket discovery would find first: CONTAINER_HOST's, else the user's or root's usual one. */
    static Path socket(Map<String, String> env, long uid) {
        String host = env.get("CONTAINER_HOST");
        if (host != null && host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        if (uid == 0) {
            return Path.of("/run/podman/podman.sock");
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path base = runtime != null && !runtime.isEmpty() ? Path.of(runtime) : Path.of("/run/user/" + uid);
        return base.resolve("podman").resolve("podman.sock");
    }

    /** Whether a subordinate-id file has a line for the user, by name or by id. */
    static boolean hasRange(List<String> lines, String user, long uid) {
        return lines.stream().anyMatch(line -> line.startsWith(user + ":") || line.startsWith(uid + ":"));
    }

    private static boolean hasRange(Path file, String user, long uid) {
        try {
            return hasRange(Files.readAllLines(file), user, uid);
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<Path> onPath(Map<String, String> env, String program) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The effective uid: the owner of /proc/self, which needs no native code. */
    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
