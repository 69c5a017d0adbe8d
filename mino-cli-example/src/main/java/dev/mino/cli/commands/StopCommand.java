package dev.mino.cli.commands;

import dev.mino.cli.EngineOption;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.ProgressListener;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.SessionInfo;
import dev.mino.core.Sessions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mino stop}: stops a session's sandbox and removes its container (SPEC 1.7). */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Stop a running session")
public final class StopCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(StopCommand.class.getName());
    /** Podman's own default grace period before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(10);

    @ParentCommand
    MinoCommand root;

    @Mixin
    EngineOption engine;

    @Parameters(paramLabel = "SESSION", description = "Session name.")
    String session;

    @Option(names = {"-f", "--force"}, description = "Kill at once (SIGKILL) instead of asking the command to stop.")
    boolean force;

    @Override
    public Integer call() {
        Sessions sessions = root.sessions(engine.engine);
        SessionInfo info = sessions.find(session).orElseThrow(() -> new MinoException(
            "Session not found: " + session, "'mino list -a' shows the sessions there are"));
        Renderer out = root.io().outRenderer();
        if (info.status() == SessionInfo.Status.RUNNING || info.status() == SessionInfo.Status.STARTING) {
            ProgressListener progress = new ProgressListener(root.io(), root.verbosity());
            progress.step(MinoEvent.Step.STOP_SANDBOX, "Stopping session " + session + "...");
            Sandbox sandbox = sessions.open(session);
            try {
                if (force) {
                    sandbox.kill();
                } else {
                    sandbox.stop(GRACE);
                }
            } catch (PodmanConnectionException e) {
                throw e;
            } catch (MinoException e) {
                // It may have ended by itself meanwhile; close() below removes it either way.
                LOG.log(System.Logger.Level.DEBUG, "stopping " + session + ": " + e.describe());
            } finally {
                sandbox.close();
                progress.clear();
            }
            out.ok("Session " + session + " stopped");
        } else {
            removeLeftover(sessions, info);
            out.info("Session " + session + " is already " + info.status().name().toLowerCase(Locale.ROOT));
        }
        return 0;
    }

    /**
     * A detached sandbox whose command ended by itself shows as stopped, but its container stays
     * until something removes it: that is this command's job too.
     */
    private static void removeLeftover(Sessions sessions, SessionInfo info) {
        if (info.containerId() == null) {
            return;
        }
        try {
            sessions.open(info.name()).close();
        } catch (PodmanConnectionException e) {
            throw e;
        } catch (MinoException e) {
            // Its container is gone already: nothing left to remove.
        }
    }
}
