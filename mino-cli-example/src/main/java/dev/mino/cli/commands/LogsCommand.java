package dev.mino.cli.commands;

import dev.mino.cli.EngineOption;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.RawOutputOption;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.TerminalSafeOutput;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino logs}: a session's output so far, or as it comes with {@code -f} (SPEC 1.8). Unlike
 * upstream, the command's stderr is not dropped: it goes to mino's stderr; and at a terminal,
 * control characters are shown as escapes unless {@code --raw}.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "View session logs")
public final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    @Mixin
    EngineOption engine;

    @Mixin
    RawOutputOption output;

    @Parameters(paramLabel = "SESSION", description = "Session name.")
    String session;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the command ends.")
    boolean follow;

    @Option(names = {"-l", "--lines"}, paramLabel = "N",
        description = "Show the last N lines, counting stdout and stderr together; 0 for all (default: 100).")
    int lines = 100;

    @Override
    public Integer call() {
        if (lines < 0) {
            throw new InvalidSpecException("--lines " + lines + " is negative", "pass 0 for all lines, or a positive count");
        }
        Io io = root.io();
        // Not closed: closing a handle from Sessions.open stops and removes the sandbox.
        Sandbox sandbox = root.sessions(engine.engine).open(session);
        // The log is the sandbox's own writing: at a terminal, its escape sequences are shown, not obeyed.
        try (TerminalSafeOutput out = io.sandboxOut(output.raw); TerminalSafeOutput err = io.sandboxErr(output.raw)) {
            if (lines == 0) {
                sandbox.logs(out, err, follow);
            } else {
                sandbox.logs(out, err, follow, lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the log", e);
        }
        return 0;
    }
}
