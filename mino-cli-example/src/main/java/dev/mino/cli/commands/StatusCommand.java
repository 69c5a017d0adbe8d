package dev.mino.cli.commands;

import dev.mino.cli.EngineOption;
import dev.mino.cli.HostCommand;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.setup.FirewallImageTask;
import dev.mino.cli.setup.RootfulIds;
import dev.mino.cli.setup.SetupCommand;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.EngineInfo;
import dev.mino.core.Sessions;
import dev.mino.core.FirewallImage;
import dev.mino.core.MinoException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
public final class StatusCommand implements Callable<Integer> {

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
        if (critical) {
            out.section("Firewall image");
            firewallImage(out);
        }

        out.section("Sessions");
        Sessions.Counts counts = root.sessions(null).counts();
        out.keyValue("Recorded", counts.running() + " running, " + counts.ended() + " ended"
            + (counts.ended() > 0 ? " ('mino prune' removes ended ones)" : ""));

        out.section("SSH Agent");
        sshAgent(out, io.env());

        out.section("Credentials");
        credentials(out, CredentialChoice.installed(), root.loadConfig().credentials(), io.env());

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
        boolean allowRootful = root.loadConfig().container().allowRootfulEngine();
        boolean usable = true;
        if (info.rootless()) {
            out.ok("Rootless mode");
        } else if (allowRootful) {
            out.warn("Rootful engine, sandboxes without a user namespace of their own",
                "uid 0 in a sandbox is the host's root (container.allow_rootful_engine); a rootless Podman is safer");
        } else if (RootfulIds.localRangeMissing(info.address())) {
            out.fail("Rootful engine without subordinate ids for 'containers'",
                "run refuses sandboxes here; 'sudo mino setup -y' adds the range (then restart the Podman service)");
            usable = false;
        } else {
            out.ok("Rootful engine", "each sandbox in a user namespace of its own");
        }
        out.keyValue("Sandboxes", info.sandboxUserMapping(allowRootful));
        out.keyValue("cgroup", info.cgroupVersion().isEmpty() ? "unknown" : info.cgroupVersion());
        info.unenforcedLimits().ifPresentOrElse(why -> out.warn("Resource limits not enforced", why),
            () -> out.keyValue("Limits", "memory, CPU and pids limits enforced"));
        String driver = info.storageDriver().isEmpty() ? "unknown" : info.storageDriver();
        info.slowStorage().ifPresentOrElse(why -> out.warn("Storage driver " + driver + " is slow", why),
            () -> out.keyValue("Storage", driver));
        return usable;
    }

    /**
     * Mino's own firewall image, which allowlisted runs need: pinned and present (reference and
     * short id), or what is wrong and how to make it. Not critical: other networks do without.
     */
    private void firewallImage(Renderer out) {
        FirewallImage image = root.mino().firewallImage();
        try {
            FirewallImage.Pinned pinned = (engine.engine == null ? image : image.engine(engine.engine)).requirePinned();
            out.ok(FirewallImageTask.describe(pinned), "pinned, built from " + pinned.baseImage());
        } catch (MinoException e) {
            out.warn("Not available for allowlists: " + e.getMessage(), "Run: " + SetupCommand.launcher() + " setup");
        }
    }

    /**
     * The SSH agent {@code run} forwards: whether SSH_AUTH_SOCK names a socket, and how many keys
     * it holds (SPEC 12.1). Not critical: sandboxes work without one.
     */
    private static void sshAgent(Renderer out, Map<String, String> env) {
        String socket = env.get("SSH_AUTH_SOCK");
        if (socket == null || socket.isEmpty()) {
            out.warn("Not running: SSH_AUTH_SOCK not set. Start ssh-agent.");
            return;
        }
        if (!Files.exists(Path.of(socket))) {
            out.warn("SSH_AUTH_SOCK names a socket that does not exist", "restart ssh-agent");
        } else {
            Optional<Integer> keys = HostCommand.find(env, "ssh-add")
                .flatMap(sshAdd -> HostCommand.run(List.of(sshAdd.toString(), "-l"), env, Duration.ofSeconds(5)))
                .map(result -> result.exitCode() == 0 ? (int) result.stdout().lines().filter(l -> !l.isBlank()).count()
                    : 0);
            if (keys.isEmpty()) {
                out.ok("Running (socket present; ssh-add not found to count keys)");
            } else if (keys.get() > 0) {
                out.ok("Running (" + keys.get() + " keys loaded)");
            } else {
                out.warn("Running - No keys loaded. Run: ssh-add");
            }
        }
        out.keyValue("Socket", socket);
    }

    /**
     * Each credential provider {@code run} can use: whether its SDK is on the class path (or which
     * artifact is missing), and whether credentials to mint from were found ({@link
     * CloudCredentialSources}; for GitHub, whether a token is found). Cloud tokens are not minted
     * here, and no cloud or metadata endpoint is asked: that costs a round trip to each cloud and
     * is {@code run}'s job. Not critical.
     */
    static void credentials(Renderer out, Map<String, CredentialProviderFactory> factories,
                            MinoConfig.Credentials config, Map<String, String> env) {
        credentials(out, factories, config, env, Path.of(System.getProperty("user.home")));
    }

    static void credentials(Renderer out, Map<String, CredentialProviderFactory> factories,
                            MinoConfig.Credentials config, Map<String, String> env, Path home) {
        for (String name : CredentialChoice.ORDER) {
            String display = CredentialChoice.displayName(name);
            CredentialProviderFactory factory = factories.get(name);
            if (factory == null) {
                out.warn(display + ": no provider installed", "add dev.mino:mino-credentials");
                continue;
            }
            if (!factory.isAvailable()) {
                try {
                    factory.create(config, env);
                    out.warn(display + ": SDK missing");
                } catch (MinoException e) {
                    out.warn(display + ": " + e.getMessage(), e.hint());
                }
                continue;
            }
            if (!name.equals("github")) {
                cloud(out, name, factory, config, env, home);
                continue;
            }
            try {
                // Issued only to learn whether there is one: the value is dropped unread.
                factory.create(config, env).issue();
                out.ok("GitHub: token found for " + config.github().host() + " (--no-github to leave it out)");
            } catch (MinoException e) {
                out.warn("GitHub: " + e.getMessage(), e.hint());
            }
        }
    }

    /** A cloud whose SDK is present: whether credentials were found, never whether a token can be minted. */
    private static void cloud(Renderer out, String name, CredentialProviderFactory factory,
                              MinoConfig.Credentials config, Map<String, String> env, Path home) {
        String display = CredentialChoice.displayName(name);
        String use = enabled(name, config)
            ? ", on for every run (credentials." + name + ".enabled)" : " (--" + name + " to use)";
        CloudCredentialSources.Finding finding;
        try {
            finding = CloudCredentialSources.find(name, factory.create(config, env), env, home);
        } catch (MinoException e) {
            out.warn(display + ": " + e.getMessage(), e.hint());
            return;
        }
        switch (finding.state()) {
            case FOUND -> out.ok(display + ": SDK present; credentials found (" + finding.detail() + ")" + use);
            case NONE -> {
                out.warn(display + ": SDK present; no credentials found" + (enabled(name, config)
                    ? ", yet on for every run (credentials." + name + ".enabled)" : ""), finding.hint());
                out.remark(finding.detail());
            }
            default -> out.ok(display + ": SDK present; credentials not checked" + use);
        }
    }

    private static boolean enabled(String name, MinoConfig.Credentials config) {
        return switch (name) {
            case "aws" -> config.aws().enabled();
            case "gcp" -> config.gcp().enabled();
            case "azure" -> config.azure().enabled();
            default -> true;
        };
    }

    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "Linux";
        }
        return os.startsWith("mac") || os.contains("darwin") ? "macOS" : "Unsupported";
    }
}
