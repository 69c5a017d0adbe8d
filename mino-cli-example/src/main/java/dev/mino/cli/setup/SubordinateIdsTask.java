package dev.mino.cli.setup;

import dev.mino.cli.terminal.Renderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Subordinate user and group ids. Rootless Podman maps a container's users onto the user's
 * range, and without one an image with files of several owners cannot even be imported. Root
 * runs rootful Podman, which gives each sandbox a user namespace of its own (userns=auto) from
 * the range of the user {@code containers}, so that no uid inside is a uid of the host; root can
 * add that range itself. For a user without a range this prints the commands.
 */
final class SubordinateIdsTask implements SetupTask {
    /** The range rootful Podman's userns=auto hands out, as Podman's documentation suggests. */
    static final String CONTAINERS_RANGE = "containers:2147483647:2147483648";

    private final HostFacts host;
    private final Path subuid;
    private final Path subgid;

    SubordinateIdsTask(HostFacts host) {
        this(host, Path.of("/etc/subuid"), Path.of("/etc/subgid"));
    }

    SubordinateIdsTask(HostFacts host, Path subuid, Path subgid) {
        this.host = host;
        this.subuid = subuid;
        this.subgid = subgid;
    }

    @Override
    public String name() {
        return "Subordinate ids";
    }

    @Override
    public Check check() {
        if (host.root()) {
            return checkContainersRange();
        }
        if (host.subuid() && host.subgid()) {
            return Check.ok(host.user() + " in /etc/subuid and /etc/subgid");
        }
        String where = host.subuid() ? "/etc/subgid" : host.subgid() ? "/etc/subuid" : "/etc/subuid and /etc/subgid";
        return Check.manual("no range for " + host.user() + " in " + where, List.of(
            "sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + host.user(),
            "podman system migrate"));
    }

    private Check checkContainersRange() {
        List<Path> missing = missingContainersRange();
        if (missing.isEmpty()) {
            return Check.ok("containers in " + subuid + " and " + subgid
                + ": rootful Podman gives each sandbox a user namespace of its own");
        }
        List<String> manual = new ArrayList<>();
        missing.forEach(file -> manual.add("echo " + CONTAINERS_RANGE + " >> " + file));
        manual.add("# then restart the rootful Podman service: it reads these files when it starts");
        return Check.fixable("no range for containers in " + join(missing) + ": a rootful Podman cannot give"
            + " sandboxes user namespaces of their own, and run refuses to start them",
            "Add " + CONTAINERS_RANGE + " to " + join(missing) + "?", manual);
    }

    @Override
    public boolean fix(Check found, Renderer out) {
        if (!host.root()) {
            return false;
        }
        for (Path file : missingContainersRange()) {
            try {
                Files.writeString(file, (endsWithNewline(file) ? "" : "\n") + CONTAINERS_RANGE + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                out.remark("added " + CONTAINERS_RANGE + " to " + file);
            } catch (IOException e) {
                out.fail(file.toString(), "could not be written: " + e.getMessage());
                return false;
            }
        }
        out.remark("a rootful Podman service that is running already reads them only after a restart");
        return missingContainersRange().isEmpty();
    }

    private List<Path> missingContainersRange() {
        List<Path> missing = new ArrayList<>();
        for (Path file : List.of(subuid, subgid)) {
            if (!RootfulIds.has(file)) {
                missing.add(file);
            }
        }
        return missing;
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return true;
        }
        byte[] bytes = Files.readAllBytes(file);
        return bytes[bytes.length - 1] == '\n';
    }

    private static String join(List<Path> files) {
        return String.join(" and ", files.stream().map(Path::toString).toList());
    }
}
