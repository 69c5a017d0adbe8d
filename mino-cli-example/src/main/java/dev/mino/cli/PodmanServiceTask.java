package dev.mino.cli;

import dev.mino.core.EngineInfo;
import dev.mino.core.MinoException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Podman service mino talks to, on the socket discovery finds first: the user's
 * ({@code $XDG_RUNTIME_DIR/podman/podman.sock}) or root's ({@code /run/podman/podman.sock}).
 * With systemd, its socket unit is enabled; without (containers, WSL, minimal hosts), the service
 * is started in the background with {@code podman system service --time=0}, which lasts until the
 * machine restarts. A service named by CONTAINER_HOST is someone else's to start.
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
        return Check.fixable(host.socket() + " does not answer", "Start the Podman service"
            + (host.systemd() ? " (systemd socket unit)" : " in the background") + "?", List.of(String.join(" ", command)));
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
        } else if (!startInBackground(command, out)) {
            return false;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe().isPresent()) {
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
     * Starts the service in its own session with no terminal and no pipes of mino's, so that it
     * outlives mino and never holds up whoever waits for mino's output.
     */
    private boolean startInBackground(List<String> command, Renderer out) {
        Path directory = host.socket().getParent();
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(host.socket());
        } catch (IOException e) {
            out.fail("Cannot prepare " + directory, e.getMessage() + (host.root() ? ""
                : " - the runtime directory comes with a login session; or run: sudo loginctl enable-linger "
                    + host.user()));
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
