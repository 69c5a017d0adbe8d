package dev.mino.core;

import dev.mino.core.internal.sandbox.ExistingSandboxes;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.sandbox.SessionReconciler;
import dev.mino.core.internal.state.MinoPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sessions recorded in a state directory. {@link #list()} checks each unfinished one against
 * Podman, so a session whose container has exited or is gone shows as stopped, with its exit code
 * when Podman still knows it; what it learns is written back to the record.
 * {@link Mino#sessions()} gives those of a Mino's state directory, checked against its engine
 * through its connections; handles it opens are let go when that Mino is closed.
 */
public final class Sessions {
    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());
    private final MinoRuntime runtime;
    private final Path stateDirectory;
    private final String engine;

    Sessions(MinoRuntime runtime, Path stateDirectory, String engine) {
        this.runtime = runtime;
        this.stateDirectory = stateDirectory;
        this.engine = engine;
    }

    /** The sessions of the platform's state directory ({@code ~/.local/state/mino} on Linux). */
    public static Sessions inDefaultLocation() {
        return new Sessions(MinoRuntime.shared(), MinoPaths.defaults().stateDir(), null);
    }

    /** The sessions of {@code stateDirectory} (as given to {@link SandboxBuilder#stateDirectory}). */
    public static Sessions at(Path stateDirectory) {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (!stateDirectory.isAbsolute()) {
            throw new InvalidSpecException("state directory '" + stateDirectory + "' is relative",
                "pass an absolute path");
        }
        return new Sessions(MinoRuntime.shared(), stateDirectory, null);
    }

    /** The same sessions, checked against this Podman service instead of a discovered one. */
    public Sessions engine(String containerHost) {
        Objects.requireNonNull(containerHost, "containerHost");
        return new Sessions(runtime, stateDirectory, containerHost);
    }

    /** Every session, oldest first, reconciled with Podman. */
    public List<SessionInfo> list() {
        return SessionReconciler.at(stateDirectory, engine, runtime).listReconciled();
    }

    /**
     * A handle on the running sandbox of session {@code name}, which may have been started by
     * another JVM (for example {@code mino run -d}): exec into it, read its logs, stop it. Closing
     * the handle stops and removes the sandbox; dropping it leaves the sandbox alone.
     *
     * @throws MinoException when there is no such session or its container is gone
     */
    public Sandbox open(String name) {
        return ExistingSandboxes.open(runtime, stateDirectory, engine, name);
    }

    /**
     * Deletes the records of sessions that ended (stopped or failed) and were last updated more
     * than {@code olderThan} ago, as recorded: {@link #list()} first brings the records of
     * sessions that ended unseen up to date. A running session is never touched, and a record
     * that changed meanwhile is kept. This is what {@code session.auto_cleanup_hours} does before
     * each run.
     *
     * @param olderThan the age, zero for every ended session
     * @return the names of the deleted sessions
     * @throws MinoException when {@code olderThan} is negative
     */
    public List<String> prune(java.time.Duration olderThan) {
        return store().deleteFinishedOlderThan(olderThan, java.time.Instant.now());
    }

    /**
     * How many sessions are recorded as running (or starting) and how many as ended, as recorded,
     * without asking Podman.
     *
     * @return the counts
     */
    public Counts counts() {
        int running = 0;
        int ended = 0;
        for (dev.mino.core.internal.state.SessionRecord record : store().list()) {
            if (record.status().isFinished()) {
                ended++;
            } else {
                running++;
            }
        }
        return new Counts(running, ended);
    }

    /**
     * Sessions by state, as recorded.
     *
     * @param running sessions recorded as starting or running
     * @param ended sessions recorded as stopped or failed, which {@link #prune} removes
     */
    public record Counts(int running, int ended) {
    }

    private dev.mino.core.internal.state.SessionStore store() {
        runtime.requireOpen();
        return new dev.mino.core.internal.state.SessionStore(new MinoPaths(stateDirectory, stateDirectory,
            stateDirectory));
    }

    /**
     * Stops the sandbox of session {@code name} and removes its container, with everything that
     * belongs to it (firewall, secrets), as {@code mino stop} does: the command is asked to stop
     * (SIGTERM) and killed after {@code grace}, or at once when {@code grace} is zero. A sandbox
     * that ended meanwhile is removed all the same; a session that had ended already has its
     * leftover container removed (a detached sandbox whose command ended keeps it until then).
     *
     * @param name the session's name
     * @param grace how long the command may take to stop before it is killed; zero kills at once
     * @return the session as it was before, reconciled with Podman: its status tells whether it was running
     * @throws SessionNotFoundException when there is no such session
     * @throws PodmanConnectionException when the engine does not answer
     */
    public SessionInfo stop(String name, java.time.Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new InvalidSpecException("grace period " + grace + " is negative", "pass zero to kill at once");
        }
        SessionInfo info = find(name).orElseThrow(() -> new SessionNotFoundException(name,
            "Session not found: " + name, "list() shows the sessions there are"));
        boolean running = info.status() == SessionInfo.Status.RUNNING || info.status() == SessionInfo.Status.STARTING;
        if (!running && info.containerId() == null) {
            return info;
        }
        Sandbox sandbox;
        try {
            sandbox = open(name);
        } catch (PodmanConnectionException e) {
            throw e;
        } catch (MinoException e) {
            // Its container is gone already: nothing left to stop or remove.
            return info;
        }
        try {
            if (running) {
                if (grace.isZero()) {
                    sandbox.kill();
                } else {
                    sandbox.stop(grace);
                }
            }
        } catch (PodmanConnectionException e) {
            throw e;
        } catch (MinoException e) {
            // It may have ended by itself meanwhile; close() below removes it either way.
            LOG.log(System.Logger.Level.DEBUG, "stopping " + name + ": " + e.describe());
        } finally {
            sandbox.close();
        }
        return info;
    }

    /**
     * The running session started last, as {@code mino exec} without a name picks it.
     *
     * @return it, or empty when no session runs
     */
    public Optional<SessionInfo> newestRunning() {
        return list().stream()
            .filter(s -> s.status() == SessionInfo.Status.RUNNING)
            .max(java.util.Comparator.comparing(SessionInfo::createdAt));
    }

    /** One session by name, reconciled with Podman. */
    public Optional<SessionInfo> find(String name) {
        return list().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
