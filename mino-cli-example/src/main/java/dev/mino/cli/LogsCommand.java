package dev.mino.cli;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino logs}: a session's output so far, or as it comes with {@code -f} (SPEC 1.8). Unlike
 * upstream, the command's stderr is not dropped: it goes to mino's stderr.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "View session logs")
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    @Mixin
    EngineOption engine;

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
        if (lines == 0) {
            sandbox.logs(io.out(), io.err(), follow);
        } else {
            sandbox.logs(io.out(), io.err(), follow, lines);
        }
        return 0;
    }
}
