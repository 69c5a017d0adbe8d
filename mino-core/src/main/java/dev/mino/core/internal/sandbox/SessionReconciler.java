package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.SessionInfo;
import dev.mino.core.internal.cache.CacheVolumes;
import dev.mino.core.internal.cache.SidecarStore;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStatus;
import dev.mino.core.internal.state.SessionStore;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings session records in line with Podman: a record that says running while its container has
 * exited (or is gone) is marked stopped, with the exit code Podman reports.
 */
public final class SessionReconciler {
    private static final System.Logger LOG = System.getLogger(SessionReconciler.class.getName());

    private final SessionStore store;
    private final SidecarStore sidecars;
    private final String engine;
    private final MinoRuntime runtime;
    private final Clock clock = Clock.systemUTC();

    private SessionReconciler(SessionStore store, SidecarStore sidecars, String engine, MinoRuntime runtime) {
        this.store = store;
        this.sidecars = sidecars;
        this.engine = engine;
        this.runtime = runtime;
    }

    /**
     * A reconciler of the sessions under {@code stateDirectory}, against {@code engine} (null:
     * discover) as {@code runtime} reaches it.
     */
    public static SessionReconciler at(Path stateDirectory, String engine, MinoRuntime runtime) {
        MinoPaths paths = new MinoPaths(stateDirectory, stateDirectory, stateDirectory);
        return new SessionReconciler(new SessionStore(paths), new SidecarStore(paths.cacheDir()), engine, runtime);
    }

    /** Every session, oldest first, with unfinished ones checked against Podman. */
    public List<SessionInfo> listReconciled() {
        runtime.requireOpen();
        List<SessionRecord> records = store.list();
        PodmanClient client = null;
        boolean unfinished = records.stream().anyMatch(r -> !r.status().isFinished() && r.containerId() != null);
        if (unfinished) {
            try {
                client = runtime.client(engine);
            } catch (MinoException e) {
                // Without Podman the records are shown as they are: better than nothing.
                LOG.log(Level.WARNING, "sessions not checked against Podman: " + e.describe());
            }
        }
        List<SessionInfo> result = new ArrayList<>();
        for (SessionRecord record : records) {
            result.add(toInfo(client == null ? record : reconcile(client, record)));
        }
        return result;
    }

    private SessionRecord reconcile(PodmanClient client, SessionRecord record) {
        if (record.status().isFinished() || record.containerId() == null) {
            return record;
        }
        Optional<ContainerState> state;
        try {
            state = client.containers().inspect(record.containerId());
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not check session " + record.name() + ": " + e.describe());
            return record;
        }
        if (state.isPresent() && state.get().running()) {
            return record;
        }
        Integer exitCode = state.filter(ContainerState::hasStarted).map(ContainerState::exitCode)
            .orElse(record.exitCode());
        if (state.isPresent() && Integer.valueOf(0).equals(exitCode)) {
            // A detached sandbox that ended cleanly: its caches are complete now (SPEC 16 item 4).
            new CacheVolumes(client, sidecars, clock).markComplete(CacheVolumes.pendingOf(state.get().labels()));
        }
        try {
            return store.update(record.name(), r -> r.status().isFinished() ? r
                : r.withExitCode(exitCode, clock.instant()).withStatus(SessionStatus.STOPPED, clock.instant()));
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not update session " + record.name() + ": " + e.describe());
            return record.withExitCode(exitCode, clock.instant()).withStatus(SessionStatus.STOPPED, clock.instant());
        }
    }

    private static SessionInfo toInfo(SessionRecord r) {
        return SessionInfo.builder().name(r.name())
            .status(SessionInfo.Status.valueOf(r.status().name().toUpperCase(Locale.ROOT)))
            .containerId(r.containerId()).exitCode(r.exitCode()).projectDir(Path.of(r.projectDir())).image(r.image())
            .command(r.command()).createdAt(r.createdAt()).updatedAt(r.updatedAt()).error(r.error()).id(r.id())
            .cloudProviders(r.cloudProviders()).homeVolume(r.homeVolume()).detached(r.detached()).build();
    }
}
