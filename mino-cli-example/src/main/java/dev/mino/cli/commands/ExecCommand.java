package dev.mino.cli.commands;

import dev.mino.cli.EngineOption;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.RawOutputOption;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.TerminalBridge;
import dev.mino.cli.terminal.TerminalSafeOutput;
import dev.mino.core.ExecProcess;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SessionInfo;
import dev.mino.core.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mino exec}: runs a command in a running session (SPEC 1.4). */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Execute a command in a running session",
    customSynopsis = "mino exec [OPTIONS] [SESSION] [-- COMMAND...]",
    footer = {"", "Without SESSION, the most recently started running session. Without COMMAND, the shell of "
        + "session.shell in the config (default /bin/bash). mino exits with the command's exit code."})
public final class ExecCommand implements Callable<Integer>, MinoCommand.TakesCommand {

    @ParentCommand
    MinoCommand root;

    @Mixin
    EngineOption engine;

    @Mixin
    RawOutputOption output;

    @Parameters(arity = "0..1", paramLabel = "SESSION", description = "Session name (default: the newest running one).")
    String session;

    @Override
    public Integer call() {
        Io io = root.io();
        Sessions sessions = root.sessions(engine.engine);
        String name = session != null ? requireRunning(sessions, session) : newestRunning(sessions.list());
        List<String> command = root.trailingCommand().isEmpty()
            ? List.of(root.loadConfig().session().shell()) : root.trailingCommand();
        if (io.interactive() || root.verbosity() >= 1) {
            io.errRenderer().info("Exec into session " + name);
        }
        // Not closed: closing a handle from Sessions.open stops and removes the sandbox.
        Sandbox sandbox = sessions.open(name);
        if (io.interactive()) {
            Optional<TerminalBridge> terminal = TerminalBridge.open(io);
            if (terminal.isPresent()) {
                try (TerminalBridge bridge = terminal.get()) {
                    return execOnTerminal(sandbox, command, bridge);
                }
            }
        }
        try (TerminalSafeOutput out = io.sandboxOut(output.raw); TerminalSafeOutput err = io.sandboxErr(output.raw)) {
            return sandbox.exec(command, io.in(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the command's output", e);
        }
    }

    private static int execOnTerminal(Sandbox sandbox, List<String> command, TerminalBridge terminal) {
        ExecProcess process = sandbox.startProcess(command, true);
        try {
            if (terminal.rows() > 0 && terminal.columns() > 0) {
                process.resizeTerminal(terminal.rows(), terminal.columns());
            }
            terminal.onResize(process::resizeTerminal);
            terminal.enterRaw();
            return terminal.connect(process.stdin(), process.stdout(), () -> process.awaitExit(RunCommand.NO_TIMEOUT));
        } finally {
            terminal.restore();
            process.close();
        }
    }

    /** The named session, which must be running; the texts are those of SPEC 1.4. */
    static String requireRunning(Sessions sessions, String name) {
        SessionInfo info = sessions.find(name).orElseThrow(() -> new MinoException("Session not found: " + name,
            "'mino list -a' shows the sessions there are"));
        if (info.status() != SessionInfo.Status.RUNNING) {
            throw new MinoException("Session '" + name + "' is not running (status: "
                + info.status().name().toLowerCase(Locale.ROOT) + "). Use 'mino list' to see active sessions.", "");
        }
        return name;
    }

    /** The most recently created running session. */
    static String newestRunning(List<SessionInfo> sessions) {
        return sessions.stream()
            .filter(s -> s.status() == SessionInfo.Status.RUNNING)
            .max(Comparator.comparing(SessionInfo::createdAt))
            .map(SessionInfo::name)
            .orElseThrow(() -> new MinoException("No active sessions", "Start a session with: mino run"));
    }
}
