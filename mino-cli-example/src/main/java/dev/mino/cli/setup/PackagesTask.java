package dev.mino.cli.setup;

import dev.mino.cli.HostCommand;
import dev.mino.cli.terminal.Renderer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Podman and the helpers rootless Podman needs, installed with the distribution's package manager:
 * by mino itself when it runs as root, otherwise as a {@code sudo} command for the user to run.
 */
final class PackagesTask implements SetupTask {
    /** What test-podman.sh installs on Debian and Ubuntu too: podman, its user-namespace and network helpers. */
    static final List<String> APT_PACKAGES = List.of("podman", "uidmap", "slirp4netns", "fuse-overlayfs", "catatonit");

    private final HostFacts host;
    private final OutputStream output;

    /**
     * @param host the host
     * @param output where the package manager's stdout goes (mino's stderr: stdout is for results)
     */
    PackagesTask(HostFacts host, OutputStream output) {
        this.host = host;
        this.output = output;
    }

    @Override
    public String name() {
        return "Podman";
    }

    @Override
    public Check check() {
        Optional<String> pm = host.packageManager();
        List<String> missing;
        if (pm.isPresent() && pm.get().equals("apt-get")) {
            missing = missingDebianPackages(host.env());
        } else {
            missing = HostCommand.find(host.env(), "podman").isPresent() ? List.of() : List.of("podman");
        }
        if (missing.isEmpty()) {
            return Check.ok(version().orElse("installed"));
        }
        if (pm.isEmpty()) {
            return Check.manual("not installed, and neither apt-get nor dnf was found to install it",
                List.of("install Podman 4.3 or later with your distribution's package manager"));
        }
        List<String> commands = commands(pm.get(), missing);
        String detail = "missing: " + String.join(" ", missing);
        if (!host.root()) {
            return Check.manual(detail, commands.stream().map(c -> "sudo " + c).toList());
        }
        return Check.fixable(detail, "Install " + String.join(" ", missing) + " with " + pm.get() + "?", commands);
    }

    @Override
    public boolean fix(Check found, Renderer out) {
        String pm = host.packageManager().orElseThrow();
        List<String> missing = pm.equals("apt-get") ? missingDebianPackages(host.env()) : List.of("podman");
        Map<String, String> env = new java.util.HashMap<>(host.env());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        for (String command : commands(pm, missing)) {
            out.remark("$ " + command);
            int code = HostCommand.runShown(List.of(command.split(" ")), env, output);
            if (code != 0) {
                out.fail(command, code < 0 ? "could not be started" : "exited with " + code);
                return false;
            }
        }
        return check().ok();
    }

    /** The commands that install {@code packages}; apt first refreshes its lists, which a fresh machine lacks. */
    static List<String> commands(String packageManager, List<String> packages) {
        List<String> commands = new ArrayList<>();
        if (packageManager.equals("apt-get")) {
            commands.add("apt-get update");
            commands.add("apt-get install -y " + String.join(" ", packages));
        } else {
            commands.add(packageManager + " install -y " + String.join(" ", packages));
        }
        return commands;
    }

    /** The packages of {@link #APT_PACKAGES} that dpkg does not list as installed. */
    static List<String> missingDebianPackages(Map<String, String> env) {
        Optional<java.nio.file.Path> dpkgQuery = HostCommand.find(env, "dpkg-query");
        if (dpkgQuery.isEmpty()) {
            return APT_PACKAGES;
        }
        List<String> command = new ArrayList<>(List.of(dpkgQuery.get().toString(), "-W", "-f=${Package} ${Status}\\n"));
        command.addAll(APT_PACKAGES);
        // dpkg-query exits 1 when some package is unknown, and still lists the others.
        String listed = HostCommand.run(command, env, Duration.ofSeconds(30)).map(HostCommand.Result::stdout)
            .orElse("");
        return installedFilter(APT_PACKAGES, listed);
    }

    /** The packages that {@code dpkgOutput} ({@code <package> <status>} lines) does not show installed. */
    static List<String> installedFilter(List<String> packages, String dpkgOutput) {
        List<String> installed = dpkgOutput.lines().filter(l -> l.endsWith("install ok installed"))
            .map(l -> l.substring(0, l.indexOf(' '))).toList();
        return packages.stream().filter(p -> !installed.contains(p)).toList();
    }

    private Optional<String> version() {
        return HostCommand.find(host.env(), "podman")
            .flatMap(p -> HostCommand.run(List.of(p.toString(), "--version"), host.env(), Duration.ofSeconds(15)))
            .filter(HostCommand.Result::ok)
            .map(r -> r.stdout().strip());
    }
}
