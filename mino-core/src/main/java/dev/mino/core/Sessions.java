package dev.mino.core;

import dev.mino.core.internal.sandbox.ExistingSandboxes;
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
 */
public final class Sessions {
    private final Path stateDirectory;
    private final String engine;

    private Sessions(Path stateDirectory, String engine) {
        this.stateDirectory = stateDirectory;
        this.engine = engine;
    }

    /** The sessions of the platform's state directory ({@code ~/.local/state/mino} on Linux). */
    public static Sessions inDefaultLocation() {
        return new Sessions(MinoPaths.defaults().stateDir(), null);
    }

    /** The sessions of {@code stateDirectory} (as given to {@link SandboxBuilder#stateDirectory}). */
    public static Sessions at(Path stateDirectory) {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (!stateDirectory.isAbsolute()) {
            throw new InvalidSpecException("state directory '" + stateDirectory + "' is relative",
                "pass an absolute path");
        }
        return new Sessions(stateDirectory, null);
    }

    /** The same sessions, checked against this Podman service instead of a discovered one. */
    public Sessions engine(String containerHost) {
        Objects.requireNonNull(containerHost, "containerHost");
        return new Sessions(stateDirectory, containerHost);
    }

    /** Every session, oldest first, reconciled with Podman. */
    public List<SessionInfo> list() {
        return SessionReconciler.at(stateDirectory, engine).listReconciled();
    }

    /**
     * A handle on the running sandbox of session {@code name}, which may have been started by
     * another JVM (for example {@code mino run -d}): exec into it, read its logs, stop it. Closing
     * the handle stops and removes the sandbox; dropping it leaves the sandbox alone.
     *
     * @throws MinoException when there is no such session or its container is gone
     */
    public Sandbox open(String name) {
        return ExistingSandboxes.open(stateDirectory, engine, name);
    }

    /** One session by name, reconciled with Podman. */
    public Optional<SessionInfo> find(String name) {
        return list().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
