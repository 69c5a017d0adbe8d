package dev.mino.cli.setup;

import dev.mino.cli.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@code mino setup} needs to know about this Linux host: who the user is, the distribution
 * and its package manager, whether the user has subordinate ids (rootless Podman needs them),
 * which Podman socket mino talks to, and whether systemd manages services. Read-only.
 *
 * @param user the user name
 * @param uid the user id
 * @param env the environment mino runs in
 * @param os the distribution
 * @param packageManager {@code apt-get} or {@code dnf}, if one is on the PATH
 * @param subuid whether /etc/subuid has a range for the user
 * @param subgid whether /etc/subgid has a range for the user
 * @param socket the socket mino would use
 * @param containerHost the value of CONTAINER_HOST, or null
 * @param systemd whether systemd runs this machine (it can then start Podman's socket)
 */
record HostFacts(String user, long uid, Map<String, String> env, OsRelease os, Optional<String> packageManager,
                 boolean subuid, boolean subgid, Path socket, String containerHost, boolean systemd) {

    HostFacts {
        env = Map.copyOf(env);
    }

    boolean root() {
        return uid == 0;
    }

    /** The socket as an engine address. */
    String engineUri() {
        return containerHost != null && !containerHost.startsWith("unix://") ? containerHost : "unix://" + socket;
    }

    /** Looks at the real host. */
    static HostFacts probe(Map<String, String> env) {
        String user = System.getProperty("user.name", "");
        long uid = currentUid();
        Optional<String> packageManager = HostCommand.find(env, "apt-get").map(p -> "apt-get")
            .or(() -> HostCommand.find(env, "dnf").map(p -> "dnf"));
        boolean systemd = Files.isDirectory(Path.of("/run/systemd/system"));
        return new HostFacts(user, uid, env, OsRelease.read(Path.of("/etc/os-release")), packageManager,
            hasRange(Path.of("/etc/subuid"), user, uid), hasRange(Path.of("/etc/subgid"), user, uid),
            socket(env, uid, systemd, dir -> usersOwn(dir, uid)), blankToNull(env.get("CONTAINER_HOST")), systemd);
    }

    /**
     * The socket discovery would find first: CONTAINER_HOST's, else root's usual one, else the
     * one in the user's runtime directory. Without systemd nothing makes that directory at login
     * (a login through su, containers, CI runners): where the user has none of their own, the
     * socket is the one {@code podman system service} itself uses then, in
     * {@link #temporaryRunDirectory}, which discovery also looks at.
     *
     * @param usersOwn whether a folder is a runtime directory of the user's (theirs, writable)
     */
    static Path socket(Map<String, String> env, long uid, boolean systemd, Predicate<Path> usersOwn) {
        String host = env.get("CONTAINER_HOST");
        if (host != null && host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        if (uid == 0) {
            return Path.of("/run/podman/podman.sock");
        }
        Path runtime = runtimeDirectory(env, uid);
        Path base = systemd || usersOwn.test(runtime) ? runtime : temporaryRunDirectory(env, uid);
        return base.resolve("podman").resolve("podman.sock");
    }

    /** The user's runtime directory: XDG_RUNTIME_DIR, else where systemd makes it, /run/user/<uid>. */
    static Path runtimeDirectory(Map<String, String> env, long uid) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        return runtime != null && runtime.startsWith("/") ? Path.of(runtime) : Path.of("/run/user/" + uid);
    }

    /** Where Podman keeps its run-time files for a user without a runtime directory: $TMPDIR/podman-run-<uid>. */
    static Path temporaryRunDirectory(Map<String, String> env, long uid) {
        String tmp = env.getOrDefault("TMPDIR", "/tmp");
        return Path.of(tmp.startsWith("/") ? tmp : "/tmp", "podman-run-" + uid);
    }

    /** Whether the socket is the one in {@link #temporaryRunDirectory}: the user has no runtime directory. */
    boolean withoutRuntimeDirectory() {
        return !root() && containerHost == null && socket.startsWith(temporaryRunDirectory(env, uid));
    }

    /** A real folder (no link) owned by {@code uid} and writable: what Podman accepts as a runtime directory. */
    static boolean usersOwn(Path folder, long uid) {
        try {
            return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                && ((Number) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue() == uid
                && Files.isWritable(folder);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether {@code folder} is the user's alone: theirs, no link, and mode 0700. Another local
     * user who made it first in the shared temp folder could otherwise serve a fake Podman there.
     */
    static boolean usersAlone(Path folder, long uid) {
        try {
            return usersOwn(folder, uid) && Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS)
                .equals(PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
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
