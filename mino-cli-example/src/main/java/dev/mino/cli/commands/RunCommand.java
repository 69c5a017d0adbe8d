package dev.mino.cli.commands;

import dev.mino.cli.CommaList;
import dev.mino.cli.EngineOption;
import dev.mino.cli.EnvAssignment;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.RawOutputOption;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.VolumeMount;
import dev.mino.cli.images.ImageAvailability;
import dev.mino.cli.images.RegistryProbe;
import dev.mino.cli.prompts.LayerPrompt;
import dev.mino.cli.prompts.NetworkPrompt;
import dev.mino.cli.prompts.Prompter;
import dev.mino.cli.prompts.RunPrompts;
import dev.mino.cli.prompts.TerminalPrompter;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.ProgressListener;
import dev.mino.cli.terminal.Renderer;
import dev.mino.cli.terminal.StreamPump;
import dev.mino.cli.terminal.TerminalBridge;
import dev.mino.cli.terminal.TerminalSafeJson;
import dev.mino.cli.terminal.TerminalSafeOutput;
import dev.mino.cli.terminal.WarningDiary;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.ResourceLimits;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxSpec;
import dev.mino.core.config.ConfigEditor;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.config.TrustStore;
import dev.mino.core.credentials.CredentialsUnavailableException;
import dev.mino.layers.LayerListing;
import dev.mino.layers.LayerResolver;
import dev.mino.layers.LayerSummary;
import dev.mino.layers.ProjectLayers;
import dev.mino.network.PresetCatalog;
import dev.mino.network.RegistryHosts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mino run}: starts a sandbox on a project and runs a command in it (SPEC 1.3). */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Start a sandboxed session",
    customSynopsis = "mino run [OPTIONS] [-- COMMAND...]",
    footer = {"", "COMMAND runs in the sandbox with the project as its working directory; without one, the image's "
        + "default command runs. With a terminal on stdin and stdout the command gets a terminal too; otherwise "
        + "stdin is piped to it and its stdout and stderr are kept apart. mino exits with the command's exit code."})
public final class RunCommand implements Callable<Integer>, MinoCommand.TakesCommand {
    /** Waits that should not end on their own: a sandboxed command may run for days. */
    static final Duration NO_TIMEOUT = Duration.ofDays(3650);

    /** What mino 1.6.0 says when strict credential loading stops a run. */
    static final String STRICT_HINT = "Remove --strict-credentials to continue anyway";

    /** The exit code when the user cancels a prompt, as a shell reports an interrupted command. */
    static final int EXIT_CANCELLED = 130;

    @ParentCommand
    MinoCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engine;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
        description = "Session name: letters, digits, '-' and '_' (default: session-<8 hex digits>).")
    String name;

    @Option(names = {"-p", "--project"}, paramLabel = "DIR",
        description = "Project directory, an absolute path; mounted read-write as the working directory "
            + "(default: the current directory).")
    String project;

    @Option(names = "--image", paramLabel = "IMAGE",
        description = "Image to run, or an alias: typescript/ts/node, rust/cargo, python/py (that layer), base "
            + "(the base image). Default: container.image of the config, " + MinoConfig.DEFAULT_IMAGE + "; at a "
            + "terminal, when nothing chooses the image, run asks which layers to use.")
    String image;

    @Option(names = "--layers", paramLabel = "L1,L2",
        description = "Layers to compose onto the base image, comma-separated (repeatable); not with --image. "
            + "Default: MINO_LAYERS, then container.layers.")
    List<String> layers = new ArrayList<>();

    @Option(names = "--base-image", paramLabel = "IMAGE",
        description = "Image that layers are composed on (default: container.base_image).")
    String baseImage;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
        description = "Set an environment variable in the sandbox (repeatable). KEY alone passes on the value KEY "
            + "has in mino's own environment.")
    List<String> env = new ArrayList<>();

    @Option(names = "--volume", paramLabel = "HOST:CONTAINER[:ro]",
        description = "Mount an absolute host path in the sandbox, read-only with :ro (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = {"-d", "--detach"},
        description = "Start the sandbox in the background and print its session name.")
    boolean detach;

    @Option(names = "--read-only",
        description = "Read-only root filesystem (tmpfs at /tmp, /run and the homes); or container.read_only.")
    boolean readOnly;

    @Option(names = "--network", paramLabel = "MODE",
        description = "bridge, host or none (default: container.network, bridge; at a terminal, when no "
            + "config file sets the network, run asks).")
    String network;

    @Option(names = "--network-allow", paramLabel = "HOST:PORT[,...]",
        description = "Allow egress only to these destinations, comma-separated (repeatable); not with "
            + "--network-preset.")
    List<String> networkAllow = new ArrayList<>();

    @Option(names = "--network-preset", paramLabel = "NAME", completionCandidates = PresetNames.class,
        description = "Allow egress only to a preset's destinations: dev or registries.")
    String networkPreset;

    @Option(names = "--firewall-image", paramLabel = "IMAGE",
        description = "Image of the container that enforces an allowlist; needs python3 and nft "
            + "(default: mino's own firewall image, which 'mino setup' builds and pins).")
    String firewallImage;

    @Option(names = "--memory", paramLabel = "SIZE",
        description = "Memory limit such as 4g or 512m, at least 64m (or container.memory; default: half the "
            + "host's memory, at most 16g).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N",
        description = "CPU limit such as 2 or 1.5 (or container.cpus; default: 3/4 of the host's CPUs).")
    String cpus;

    @Option(names = "--pids-limit", paramLabel = "N",
        description = "Most processes at once, at least 32 (or container.pids_limit; default 4096).")
    Long pidsLimit;

    @Option(names = "--allow-rootful-engine",
        description = "On a rootful Podman, run without a user namespace of the sandbox's own: uid 0 inside is "
            + "then the host's root (or container.allow_rootful_engine).")
    boolean allowRootfulEngine;

    @Option(names = "--no-cache", description = "No dependency cache volumes for this run.")
    boolean noCache;

    @Option(names = "--cache-fresh", description = "Start this run's dependency caches from empty volumes.")
    boolean cacheFresh;

    @Option(names = "--no-home", description = "No persistent home volume for this run.")
    boolean noHome;

    @Option(names = "--aws", description = "Inject short-lived AWS credentials (or credentials.aws.enabled).")
    boolean aws;

    @Option(names = "--gcp", description = "Inject a GCP access token (or credentials.gcp.enabled).")
    boolean gcp;

    @Option(names = "--azure", description = "Inject an Azure access token (or credentials.azure.enabled).")
    boolean azure;

    @Option(names = "--all-clouds", description = "Same as --aws --gcp --azure.")
    boolean allClouds;

    @Option(names = "--no-github", description = "Do not inject the GitHub token (injected by default).")
    boolean noGithub;

    @Option(names = "--no-ssh-agent", description = "Do not forward the SSH agent (forwarded by default).")
    boolean noSshAgent;

    @Option(names = "--strict-credentials",
        description = "Fail when a credential cannot be loaded, instead of warning and going on.")
    boolean strictCredentials;

    @Option(names = "--credential-placeholders",
        description = "Give the sandbox placeholders instead of real credentials; mino's proxy puts the real ones "
            + "into requests to each provider's hosts (needs --network-allow for those hosts).")
    boolean credentialPlaceholders;

    @Mixin
    RawOutputOption output;

    @Option(names = "--dry-run", description = "Print the container request as JSON and create nothing.")
    boolean dryRun;

    /** The image pre-flight, once made. */
    private RunImage runImage;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (CredentialsUnavailableException e) {
            // The library names its builder method; mino 1.6.0 names the flag (SPEC 1.3.2).
            throw new MinoException(e.getMessage(), STRICT_HINT, e);
        }
    }

    private int run() {
        checkConflicts();
        Io io = root.io();
        SandboxBuilder builder;
        try {
            builder = configure(io);
        } catch (Prompter.PromptCancelled e) {
            io.errRenderer().warn("Cancelled; nothing was started");
            return EXIT_CANCELLED;
        }
        if (detach) {
            builder.detached(true);
        } else {
            // Decided before --dry-run, so that the plan shows what a real run would ask for.
            builder.attach(true).tty(io.interactive());
        }
        if (dryRun) {
            io.stdout().println(TerminalSafeJson.rewrite(builder.plan().toJson()));
            return 0;
        }
        ProgressListener listener = new ProgressListener(io, root.verbosity(),
            WarningDiary.inStateDirectory(root.configOptions().stateDirectory()));
        if (RunImage.applies(engine.engine)) {
            // Before anything exists: a missing image is pulled, or the run stops saying what to do.
            runImage(io).ensure(builder.build(), builder::plan, listener);
        }
        // SPEC 4.5: the library's start deletes the records of sessions that ended long ago.
        builder.listener(listener);
        if (detach) {
            return runDetached(builder, io, listener);
        }
        if (io.interactive()) {
            Optional<TerminalBridge> terminal = TerminalBridge.open(io);
            if (terminal.isPresent()) {
                try (TerminalBridge bridge = terminal.get()) {
                    return runOnTerminal(builder, bridge, listener);
                }
            }
        }
        return runWithStreams(builder, io, listener);
    }

    /** Options that exclude each other are usage errors, as clap reports them upstream (SPEC 1.3.1). */
    void checkConflicts() {
        conflict(!layers.isEmpty() && image != null, "--layers", "--image");
        conflict(!networkAllow.isEmpty() && networkPreset != null, "--network-allow", "--network-preset");
        conflict(noCache && cacheFresh, "--no-cache", "--cache-fresh");
        conflict(allClouds && aws, "--all-clouds", "--aws");
        conflict(allClouds && gcp, "--all-clouds", "--gcp");
        conflict(allClouds && azure, "--all-clouds", "--azure");
        if (networkPreset != null && !PresetNames.NAMES.contains(networkPreset)) {
            throw new ParameterException(spec.commandLine(), "invalid value '" + networkPreset
                + "' for '--network-preset <NAME>': expected one of " + String.join(", ", PresetNames.NAMES));
        }
    }

    private void conflict(boolean both, String first, String second) {
        if (both) {
            throw new ParameterException(spec.commandLine(),
                "the argument '" + first + "' cannot be used with '" + second + "'");
        }
    }

    /**
     * The project's sandbox as the library configures it from the config (SPEC 1.3.2), then every
     * option over it, asking what nothing decides when someone is at a terminal (SPEC 1.3.3); the
     * library rejects bad values before anything exists, and decides the project's layers,
     * credentials and registries. Warnings go to stderr.
     *
     * @throws Prompter.PromptCancelled when the user cancels a question
     */
    SandboxBuilder configure(Io io) {
        LoadedConfig loaded = root.loadedConfig();
        MinoConfig config = loaded.config();
        Path projectDir = projectDirectory(io);
        // The configuration, MINO_LAYERS, and the project's trust, credential and registry rules;
        // every option given here overrides what the configuration set, whatever the order.
        SandboxBuilder builder = root.mino().project(projectDir, loaded).listener(new LibraryWarnings(io));
        if (baseImage != null) {
            builder.baseImage(baseImage);
        }
        // Options that contradict each other fail before any question is asked.
        Optional<NetworkChoice> networkOptions = NetworkChoice.fromOptions(network, networkAllow, networkPreset);
        chooseImage(builder);
        applyCredentials(builder);
        // Questions only with someone at the terminal, and never for a dry run, which changes nothing.
        boolean mayAsk = io.interactive() && !dryRun;
        builder.askTrust(mayAsk);
        boolean askLayers = mayAsk && LayerPrompt.applies(loaded, CommaList.parse(layers), image,
            CommaList.parse(io.env().get("MINO_LAYERS")))
            && baseOffered(io, baseImage != null ? baseImage : config.container().baseImage());
        boolean askNetwork = mayAsk && NetworkPrompt.applies(loaded, network, networkAllow, networkPreset);
        // The project's own layers are judged now (asking at the terminal when the run needs them),
        // before the menu that offers them.
        Optional<ProjectLayers> projectLayers = askLayers ? builder.offerProjectLayers() : builder.projectLayers();
        Optional<NetworkPrompt.Answer> networkAnswer = Optional.empty();
        if (askLayers || askNetwork) {
            Optional<TerminalPrompter> terminal = TerminalPrompter.open(io);
            if (terminal.isPresent()) {
                try (TerminalPrompter prompter = terminal.get()) {
                    RunPrompts prompts = prompts(prompter, io, loaded, projectDir);
                    if (askLayers) {
                        prompts.askLayers(availableLayers(io, projectDir, projectLayers)).applyTo(builder);
                    }
                    if (askNetwork) {
                        checkImageBeforeAsking(builder, io);
                        networkAnswer = Optional.of(prompts.askNetwork());
                    }
                }
            }
        }
        applyNetwork(builder, io, networkOptions, networkAnswer);
        if (noCache) {
            builder.cache(false);
        }
        if (cacheFresh) {
            builder.cacheFresh(true);
        }
        if (noHome) {
            builder.home(false);
        }
        if (noSshAgent) {
            builder.sshAgent(false);
        }
        for (String assignment : env) {
            EnvAssignment parsed = EnvAssignment.parse(assignment, io.env());
            builder.env(parsed.key(), parsed.value());
        }
        for (String volume : volumes) {
            VolumeMount mount = VolumeMount.parse(volume);
            if (mount.readOnly()) {
                builder.readOnlyVolume(mount.hostPath(), mount.containerPath());
            } else {
                builder.volume(mount.hostPath(), mount.containerPath());
            }
        }
        if (name != null) {
            builder.name(name);
        }
        if (engine.engine != null) {
            builder.engine(engine.engine);
        }
        if (readOnly) {
            builder.readOnly(true);
        }
        applyLimits(builder);
        builder.command(root.trailingCommand());
        // Built once here, so that the library's warnings about the request (credentials that
        // cannot be loaded, the user's registries) come now, in the CLI's words; it is built again
        // after the options that follow, with the same decisions.
        builder.build();
        return builder;
    }

    /**
     * Whether the layer question can be asked: "Base only" and every layer need the base image,
     * so it is offered only when the engine has it or its registry answers. Otherwise the run goes
     * on with the configured image, as without a terminal, and says why nothing was asked.
     */
    private boolean baseOffered(Io io, String base) {
        if (!RunImage.applies(engine.engine)) {
            return true;
        }
        ImageAvailability.Source source = runImage(io).sourceOf(base);
        if (source.usable()) {
            return true;
        }
        io.errRenderer().info("Development tools are not offered: " + LayerPrompt.unavailable(base, source));
        return false;
    }

    /** The image pre-flight of this run, made once: it remembers what it found. */
    private RunImage runImage(Io io) {
        if (runImage == null) {
            runImage = RunImage.forEngine(engine.engine, new RegistryProbe(io.env()));
        }
        return runImage;
    }

    /**
     * Before the network question: the image the answers so far choose must be one that can be
     * had, or the run stops now rather than after the questions. The builder cannot make a spec
     * yet when a setting is wrong; the start then reports that.
     */
    private void checkImageBeforeAsking(SandboxBuilder builder, Io io) {
        if (!RunImage.applies(engine.engine)) {
            return;
        }
        SandboxSpec spec;
        try {
            spec = builder.build();
        } catch (MinoException e) {
            return;
        }
        runImage(io).check(spec, builder::plan);
    }

    /** The resource limits and the rootful opt-in of the options, over the config's. */
    private void applyLimits(SandboxBuilder builder) {
        if (memory != null) {
            builder.memoryLimit(memory);
        }
        if (cpus != null) {
            builder.cpus(ResourceLimits.parseCpus(cpus));
        }
        if (pidsLimit != null) {
            builder.pidsLimit(pidsLimit);
        }
        if (allowRootfulEngine) {
            builder.allowRootfulEngine(true);
        }
    }

    /**
     * The network the options or the answer choose, set explicitly so that it wins over the
     * config's (SPEC 6.3); the warnings about the options go to stderr. The library looks up the
     * user's registries when a preset is in play.
     */
    private void applyNetwork(SandboxBuilder builder, Io io, Optional<NetworkChoice> options,
                              Optional<NetworkPrompt.Answer> answer) {
        options.ifPresent(choice -> {
            choice.warnings().forEach(io.errRenderer()::warn);
            choice.applyTo(builder);
        });
        answer.ifPresent(chosen -> chosen.applyTo(builder));
        if (firewallImage != null) {
            builder.firewallImage(firewallImage);
        }
    }

    /**
     * The credential providers the options turn on (over {@code [credentials]}) and strict loading;
     * the library creates them, warning of those it cannot (or, strict, failing before anything
     * starts). {@code --all-clouds} is the three clouds.
     */
    private void applyCredentials(SandboxBuilder builder) {
        if (aws || allClouds) {
            builder.credentials("aws", true);
        }
        if (gcp || allClouds) {
            builder.credentials("gcp", true);
        }
        if (azure || allClouds) {
            builder.credentials("azure", true);
        }
        if (noGithub) {
            builder.credentials("github", false);
        }
        builder.strictCredentials(strictCredentials);
        if (credentialPlaceholders) {
            builder.credentialPlaceholders(true);
        }
    }

    /**
     * The image or layers of the options, over {@code MINO_LAYERS} and the config's (SPEC 1.3.2):
     * {@code --layers}, else {@code --image} (an alias selects its layer).
     */
    void chooseImage(SandboxBuilder builder) {
        List<String> cliLayers = CommaList.parse(layers);
        if (!cliLayers.isEmpty()) {
            builder.layers(cliLayers);
        } else if (image != null) {
            builder.image(image);
        }
    }

    private static Path home(Io io) {
        return Path.of(io.env().getOrDefault("HOME", System.getProperty("user.home")));
    }

    /**
     * The questions, saving into the project's {@code .mino.toml} or the global file in effect,
     * with an editor that keeps a project file it writes trusted.
     */
    private RunPrompts prompts(Prompter prompter, Io io, LoadedConfig loaded, Path projectDir) {
        ConfigOptions options = root.configOptions();
        ConfigEditor editor = new ConfigEditor(TrustStore.inStateDirectory(options.stateDirectory()));
        return new RunPrompts(prompter, editor, io.errRenderer(), projectDir, loaded.globalFile(), home(io));
    }

    /** The layers to choose from: the trusted project's, the user's, then the built-in ones. */
    private List<LayerSummary> availableLayers(Io io, Path projectDir, Optional<ProjectLayers> projectLayers) {
        LayerResolver.Builder resolver = LayerResolver.builder().userConfigDir(root.configOptions().configDirectory());
        if (projectLayers.isPresent()) {
            resolver.projectLayers(projectLayers.get());
        } else {
            resolver.project(projectDir, false);
        }
        LayerListing listing = resolver.build().list();
        listing.warnings().forEach(io.errRenderer()::warn);
        return listing.layers();
    }

    /** The preset names, as completion candidates and for checking {@code --network-preset}. */
    static final class PresetNames implements Iterable<String> {
        static final List<String> NAMES = PresetCatalog.of(RegistryHosts.none()).names();

        @Override
        public java.util.Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    private Path projectDirectory(Io io) {
        if (project == null) {
            return io.cwd();
        }
        Path path = Path.of(project);
        if (!path.isAbsolute()) {
            throw new InvalidSpecException("project path '" + project + "' is relative",
                "pass an absolute path, for example -p " + io.cwd().resolve(path).normalize());
        }
        return path;
    }

    private int runDetached(SandboxBuilder builder, Io io, ProgressListener listener) {
        Sandbox sandbox = builder.start();
        listener.clear();
        String session = sandbox.sessionName();
        io.stdout().println(session);
        Renderer err = io.errRenderer();
        String id = sandbox.containerId();
        err.ok("Session " + session + " started (container: " + id.substring(0, Math.min(12, id.length())) + ")");
        err.remark("Exec with:  mino exec " + session + " -- sh");
        err.remark("Logs with:  mino logs " + session);
        err.remark("Stop with:  mino stop " + session);
        return 0;
    }

    private int runOnTerminal(SandboxBuilder builder, TerminalBridge terminal, ProgressListener listener) {
        if (terminal.rows() > 0 && terminal.columns() > 0) {
            builder.terminalSize(terminal.rows(), terminal.columns());
        }
        Sandbox sandbox = builder.tty(true).start();
        try {
            listener.clear();
            terminal.onResize(sandbox::resizeTerminal);
            terminal.enterRaw();
            return terminal.connect(sandbox.stdin(), sandbox.stdout(), () -> sandbox.awaitExit(NO_TIMEOUT));
        } finally {
            // Restore first: anything printed while closing should land on a sane terminal.
            terminal.restore();
            sandbox.close();
            listener.egressSummary();
        }
    }

    private int runWithStreams(SandboxBuilder builder, Io io, ProgressListener listener) {
        // tty(false) also when interactive: the terminal could not be opened after all.
        Sandbox sandbox = builder.tty(false).start();
        try {
            listener.clear();
            StreamPump.start("mino-stdin", io.in(), sandbox.stdin(), true);
            // Without a terminal of its own, the command's output is text for mino's terminal, not commands to it.
            TerminalSafeOutput stdout = io.sandboxOut(output.raw);
            TerminalSafeOutput stderr = io.sandboxErr(output.raw);
            Thread out = StreamPump.start("mino-stdout", sandbox.stdout(), stdout, true);
            Thread err = StreamPump.start("mino-stderr", sandbox.stderr(), stderr, true);
            int code = sandbox.awaitExit(NO_TIMEOUT);
            StreamPump.drain(out);
            StreamPump.drain(err);
            return code;
        } finally {
            sandbox.close();
            listener.egressSummary();
        }
    }
}
