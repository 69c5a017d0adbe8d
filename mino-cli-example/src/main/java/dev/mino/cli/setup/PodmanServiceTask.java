package dev.mino.cli.setup;

import dev.mino.cli.HostCommand;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.EngineInfo;
import dev.mino.core.MinoException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Podman service mino talks to, on the socket discovery finds first: the user's
 * ({@code $XDG_RUNTIME_DIR/podman/podman.sock}) or root's ({@code /run/podman/podman.sock}).
 * With systemd, its socket unit is enabled; without (containers, WSL, minimal hosts), the service
 * is started in the background with {@code podman system service --time=0}, which lasts until the
 * machine restarts. A user who has no runtime directory there (nothing makes one without systemd)
 * gets the socket Podman itself falls back to, {@code $TMPDIR/podman-run-<uid>/podman/podman.sock},
 * which needs no root and which discovery finds; setup labels that as a fallback and prints what
 * root can run instead. A service named by CONTAINER_HOST is someone else's to start.
 */
final class PodmanServiceTask implements SetupTask {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final HostFacts host;

    PodmanServiceTask(HostFacts host) {
        this.host = host;
    }

    @Override
    public String name() {
        return "Podman service";
    }

    @Override
    public Check check() {
        Optional<EngineInfo> info = probe();
        if (info.isPresent()) {
            EngineInfo engine = info.get();
            return Check.ok(engine.address() + ", Podman " + engine.version()
                + (engine.rootless() ? ", rootless" : ", rootful"));
        }
        if (host.containerHost() != null) {
            return Check.manual(host.containerHost() + " (from CONTAINER_HOST) does not answer",
                List.of("start the service CONTAINER_HOST names, or unset CONTAINER_HOST"));
        }
        List<String> command = startCommand();
        if (host.withoutRuntimeDirectory()) {
            // Podman makes no folder for a socket it is told; this one must be the user's alone.
            List<String> manual = new ArrayList<>(List.of(
                "(umask 077 && mkdir -p " + host.socket().getParent() + ")",
                "setsid " + String.join(" ", command) + " &"));
            manual.addAll(runtimeDirectoryCommands());
            return Check.fixable(host.socket() + " does not answer; " + noRuntimeDirectory(),
                "Start the Podman service in the background, its socket in " + host.socket().getParent().getParent()
                    + "?", manual);
        }
        return Check.fixable(host.socket() + " does not answer", "Start the Podman service"
            + (host.systemd() ? " (systemd socket unit)" : " in the background") + "?", List.of(String.join(" ", command)));
    }

    /** Why the user has no runtime directory, for a machine without systemd. */
    private String noRuntimeDirectory() {
        return "there is no runtime directory (" + HostFacts.runtimeDirectory(host.env(), host.uid())
            + " is missing or not " + host.user() + "'s; systemd makes it at login, and this machine has no systemd)";
    }

    /**
     * The other way, for root to take: the runtime directory systemd would have made, which
     * Podman and other programs of the user then use too. /run is emptied at every boot, as
     * systemd's own runtime directories are.
     */
    List<String> runtimeDirectoryCommands() {
        String dir = "/run/user/" + host.uid();
        return List.of("# or give " + host.user() + " the runtime directory systemd would make; as root:",
            "mkdir -p -m 0700 " + dir + " && chown " + host.user() + ": " + dir,
            "# then, as " + host.user() + " (and in ~/.profile): export XDG_RUNTIME_DIR=" + dir + "; "
                + SetupCommand.launcher() + " setup -y");
    }

    @Override
    public boolean fix(Check found, Renderer out) {
        List<String> command = startCommand();
        out.remark("$ " + String.join(" ", command) + (host.systemd() ? "" : " &"));
        if (host.systemd()) {
            Optional<HostCommand.Result> result = HostCommand.run(command, host.env(), Duration.ofSeconds(60));
            if (result.isEmpty() || !result.get().ok()) {
                out.fail("systemctl", result.map(HostCommand.Result::reason).orElse("could not be started"));
                return false;
            }
        } else if (host.withoutRuntimeDirectory() ? !startWithoutRuntimeDirectory(command, out)
            : !startInBackground(command, out)) {
            return false;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe().isPresent()) {
                if (host.withoutRuntimeDirectory()) {
                    out.info("Fallback: no runtime directory, so the service's socket is " + host.socket()
                        + ", where mino finds it; the service runs until the machine restarts (then run '"
                        + SetupCommand.launcher() + " setup -y' again)");
                    SetupCommand.showCommands(runtimeDirectoryCommands(), out);
                }
                return true;
            }
            sleep(200);
        }
        out.fail("The service did not answer on " + host.socket() + " within " + START_TIMEOUT.toSeconds() + " s",
            host.systemd() ? "see: systemctl " + (host.root() ? "" : "--user ") + "status podman.socket"
                : "see " + logFile());
        return false;
    }

    /** systemd's socket unit, else the service itself on the socket discovery looks at. */
    List<String> startCommand() {
        if (host.systemd()) {
            return host.root() ? List.of("systemctl", "enable", "--now", "podman.socket")
                : List.of("systemctl", "--user", "enable", "--now", "podman.socket");
        }
        return List.of("podman", "system", "service", "--time=0", "unix://" + host.socket());
    }

    /**
     * Without a runtime directory, the socket goes where Podman puts its run-time files then,
     * {@code $TMPDIR/podman-run-<uid>}: made here (0700) unless it exists, and used only when it
     * is the user's alone, as discovery demands: in the shared temp folder, another local user
     * could have made it first to serve a fake Podman.
     */
    private boolean startWithoutRuntimeDirectory(List<String> command, Renderer out) {
        Path folder = HostFacts.temporaryRunDirectory(host.env(), host.uid());
        try {
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            out.fail("Cannot make " + folder, e.getMessage());
            return false;
        }
        if (!HostFacts.usersAlone(folder, host.uid())) {
            out.fail(folder + " is not a folder of " + host.user() + "'s alone (mode 0700)",
                "someone else may have made it; mino does not use it");
            SetupCommand.showCommands(runtimeDirectoryCommands(), out);
            return false;
        }
        return startInBackground(command, out);
    }

    /**
     * Starts the service in its own session with no terminal and no pipes of mino's, so that it
     * outlives mino and never holds up whoever waits for mino's output.
     */
    private boolean startInBackground(List<String> command, Renderer out) {
        Path directory = host.socket().getParent();
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(host.socket());
        } catch (IOException e) {
            // Only without systemd, so no advice that needs it (loginctl enable-linger).
            out.fail("Cannot prepare " + directory, e.getMessage());
            if (!host.root()) {
                SetupCommand.showCommands(runtimeDirectoryCommands(), out);
            }
            return false;
        }
        List<String> line = new ArrayList<>();
        HostCommand.find(host.env(), "setsid").ifPresent(setsid -> line.add(setsid.toString()));
        Optional<Path> podman = HostCommand.find(host.env(), "podman");
        if (podman.isEmpty()) {
            out.fail("podman is not on the PATH");
            return false;
        }
        line.add(podman.get().toString());
        line.addAll(command.subList(1, command.size()));
        try {
            ProcessBuilder builder = new ProcessBuilder(line)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            builder.environment().clear();
            builder.environment().putAll(host.env());
            if (host.withoutRuntimeDirectory()) {
                // One that is not the user's (su keeps the caller's) would stop Podman from starting.
                builder.environment().remove("XDG_RUNTIME_DIR");
            }
            builder.start();
            return true;
        } catch (IOException e) {
            out.fail("podman system service could not be started", e.getMessage());
            return false;
        }
    }

    /** Where the background service logs: beside its socket. */
    Path logFile() {
        return host.socket().resolveSibling("mino-podman-service.log");
    }

    private Optional<EngineInfo> probe() {
        try {
            return Optional.of(EngineInfo.probe(host.engineUri()));
        } catch (MinoException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
