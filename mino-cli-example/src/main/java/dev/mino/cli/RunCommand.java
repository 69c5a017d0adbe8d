package dev.mino.cli;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.MinoConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mino run}: starts a sandbox on a project and runs a command in it (SPEC 1.3). */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Start a sandboxed session",
    customSynopsis = "mino run [OPTIONS] [-- COMMAND...]",
    footer = {"", "COMMAND runs in the sandbox with the project as its working directory; without one, the image's "
        + "default command runs. With a terminal on stdin and stdout the command gets a terminal too; otherwise "
        + "stdin is piped to it and its stdout and stderr are kept apart. mino exits with the command's exit code."})
final class RunCommand implements Callable<Integer>, MinoCommand.TakesCommand {
    /** Waits that should not end on their own: a sandboxed command may run for days. */
    static final Duration NO_TIMEOUT = Duration.ofDays(3650);

    @ParentCommand
    MinoCommand root;

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
        description = "Image to run (default: container.image of the config, " + MinoConfig.DEFAULT_IMAGE + ").")
    String image;

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

    @Option(names = "--dry-run", description = "Print the container request as JSON and create nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Io io = root.io();
        SandboxBuilder builder = configure(Sandbox.builder(), io);
        if (detach) {
            builder.detached(true);
        } else {
            // Decided before --dry-run, so that the plan shows what a real run would ask for.
            builder.attach(true).tty(io.interactive());
        }
        if (dryRun) {
            io.stdout().println(builder.plan().toJson());
            return 0;
        }
        ProgressListener listener = new ProgressListener(io, root.verbosity());
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

    /** Applies every option to {@code builder}; the library rejects bad values before anything exists. */
    SandboxBuilder configure(SandboxBuilder builder, Io io) {
        // The configuration first: every option given here overrides what it set.
        builder.config(root.loadConfig());
        builder.project(projectDirectory(io));
        if (image != null) {
            // --image wins over layers from the config (SPEC 1.3.2).
            builder.layers(List.of()).image(image);
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
        return builder.command(root.trailingCommand());
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
        }
    }

    private int runWithStreams(SandboxBuilder builder, Io io, ProgressListener listener) {
        // tty(false) also when interactive: the terminal could not be opened after all.
        Sandbox sandbox = builder.tty(false).start();
        try {
            listener.clear();
            StreamPump.start("mino-stdin", io.in(), sandbox.stdin(), true);
            Thread out = StreamPump.start("mino-stdout", sandbox.stdout(), io.out(), false);
            Thread err = StreamPump.start("mino-stderr", sandbox.stderr(), io.err(), false);
            int code = sandbox.awaitExit(NO_TIMEOUT);
            StreamPump.drain(out);
            StreamPump.drain(err);
            return code;
        } finally {
            sandbox.close();
        }
    }
}
