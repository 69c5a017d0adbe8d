package dev.mino.cli;

import dev.mino.core.EngineInfo;
import dev.mino.core.MinoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino status}: what this machine offers mino (SPEC 12.1), read-only and always exit 0.
 * Podman is checked through its API rather than the {@code podman} command, since that is what
 * sandboxes use.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Check system health and dependencies")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    @Mixin
    EngineOption engine;

    @Override
    public Integer call() {
        Io io = root.io();
        Renderer out = io.outRenderer();
        out.intro("Mino System Status");
        out.section("Platform");
        out.ok("Detected (" + platform() + ")");

        out.section("Podman");
        boolean critical = podman(out);

        out.section("SSH Agent");
        sshAgent(out, io.env().get("SSH_AUTH_SOCK"));

        out.section("Cloud credentials");
        out.info("AWS, GCP, Azure and GitHub credentials: not available yet");

        if (critical) {
            out.outroOk("All critical checks passed");
        } else {
            out.outroWarn("Some checks failed - see above for details");
        }
        return 0;
    }

    /** The Podman checks; true when the critical ones passed. */
    private boolean podman(Renderer out) {
        EngineInfo info;
        try {
            info = EngineInfo.probe(engine.engine);
        } catch (MinoException e) {
            out.fail("Not reachable", e.getMessage());
            if (!e.hint().isEmpty()) {
                out.remark(e.hint());
            }
            return false;
        }
        out.ok("Reachable (" + info.address() + ")");
        out.ok("Podman " + info.version(), "API " + info.apiVersion() + ", " + info.os());
        if (info.rootless()) {
            out.ok("Rootless mode");
        } else {
            out.warn("Not in rootless mode", "sandboxes are safer under a rootless Podman; see 'mino setup --check'");
        }
        out.keyValue("cgroup", info.cgroupVersion().isEmpty() ? "unknown" : info.cgroupVersion());
        return info.rootless();
    }

    private static void sshAgent(Renderer out, String socket) {
        if (socket == null || socket.isEmpty()) {
            out.warn("Not running: SSH_AUTH_SOCK not set. Start ssh-agent.");
            return;
        }
        if (Files.exists(Path.of(socket))) {
            out.ok("Socket present");
        } else {
            out.warn("SSH_AUTH_SOCK names a socket that does not exist", "restart ssh-agent");
        }
        out.keyValue("Socket", socket);
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "Linux";
        }
        return os.startsWith("mac") || os.contains("darwin") ? "macOS" : "Unsupported";
    }
}
