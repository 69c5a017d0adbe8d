package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.engine.EngineDiscovery;
import dev.mino.core.internal.engine.Engines;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.internal.podman.ContainerCreated;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.AuditLog;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.SessionNames;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStore;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a spec: finds the engine, sweeps what dead JVMs left behind, records the session, creates
 * and starts the container. Anything created before a failure is removed again before the
 * failure is thrown.
 */
public final class SandboxLauncher {
    private static final System.Logger LOG = System.getLogger(SandboxLauncher.class.getName());

    private SandboxLauncher() {
    }

    /** Starts a sandbox for {@code spec}, reporting progress to {@code listener}. */
    public static Sandbox start(SandboxSpec spec, SandboxListener listener) {
        EngineAddress address = EngineDiscovery.standard().find(spec.engine());
        PodmanClient client = Engines.client(address);
        Owner owner = Owner.current();
        SessionJournal journal = journal(spec);
        StaleSandboxSweeper.sweepOnce(client, owner, journal);

        String session = spec.name() != null ? spec.name() : SessionNames.generate();
        SandboxPlan plan = SandboxPlanner.plan(spec, session, owner);
        journal.created(plan);

        String containerId = null;
        HijackedStream attached = null;
        try {
            listener.onProgress("Creating container " + plan.containerName());
            ContainerCreated created = client.containers().create(plan.createBody());
            containerId = created.id();
            for (String warning : created.warnings()) {
                LOG.log(Level.INFO, "Podman: " + warning);
                listener.onWarning("Podman: " + warning);
            }
            if (spec.tty() && spec.terminalRows() > 0) {
                // A terminal can only be sized once the container is initialized; sizing it before
                // the start means the command never sees the default 0x0.
                client.containers().init(containerId);
                client.containers().resize(containerId, spec.terminalRows(), spec.terminalColumns());
            }
            if (spec.attach()) {
                // Attach first: Podman relays output from the start on, so nothing is lost.
                attached = client.containers().attach(containerId, true);
            }
            listener.onProgress("Starting container " + plan.containerName());
            client.containers().start(containerId);
            journal.started(session, containerId);
            return new RunningSandbox(client, plan, containerId, created.warnings(), attached, journal,
                !spec.detached());
        } catch (RuntimeException e) {
            if (attached != null) {
                attached.close();
            }
            if (containerId != null) {
                removeQuietly(client, containerId);
            }
            journal.failed(session, e.getMessage());
            throw e;
        }
    }

    /**
     * A handle on a sandbox started earlier, perhaps by another JVM, found by its session name in
     * {@code stateDirectory}. Closing the handle removes the sandbox.
     */
    public static Sandbox open(Path stateDirectory, String engine, String name) {
        SessionNames.validate(name);
        SessionJournal journal = journal(stateDirectory, true);
        SessionRecord record = journal.store().find(name).orElseThrow(() -> new MinoException(
            "Session not found: " + name, "'mino list' shows the sessions there are"));
        if (record.containerId() == null) {
            throw new MinoException("Session " + name + " has no container (" + record.status().jsonName() + ")",
                "start a new sandbox");
        }
        PodmanClient client = Engines.client(EngineDiscovery.standard().find(engine));
        ContainerState state = client.containers().inspect(record.containerId()).orElseThrow(() ->
            new MinoException("Session " + name + " is no longer running: its container is gone",
                "start a new sandbox; 'mino list' shows the sessions there are"));
        JsonNode config = state.raw().path("Config");
        List<String> command = new ArrayList<>();
        config.path("Cmd").forEach(arg -> command.add(arg.asText()));
        Map<String, String> labels = new LinkedHashMap<>(state.labels());
        labels.keySet().removeIf(key -> key.startsWith("dev.mino."));
        SandboxSpec spec = new SandboxSpec(Path.of(record.projectDir()), config.path("WorkingDir").asText("/"),
            record.image() == null ? config.path("Image").asText("") : record.image(), command, Map.of(), List.of(),
            name, state.raw().path("HostConfig").path("ReadonlyRootfs").asBoolean(), config.path("Tty").asBoolean(),
            false, client.address().uri(), labels, stateDirectory, true,
            "true".equals(state.labels().get(Labels.DETACHED)), 0, 0);
        SandboxPlan plan = SandboxPlanner.plan(spec, name, Owner.current());
        return new RunningSandbox(client, plan, record.containerId(), List.of(), null, journal, false);
    }

    private static SessionJournal journal(SandboxSpec spec) {
        return journal(spec.stateDirectory(), spec.auditLog());
    }

    private static SessionJournal journal(Path stateDirectory, boolean auditLog) {
        MinoPaths paths;
        if (stateDirectory == null) {
            paths = MinoPaths.defaults();
        } else {
            // Only the state directory matters here; the others need not be resolvable (no home).
            paths = new MinoPaths(stateDirectory, stateDirectory, stateDirectory);
        }
        paths.ensureStateDirectories();
        return new SessionJournal(new SessionStore(paths), new AuditLog(paths.auditLog(), auditLog),
            Clock.systemUTC());
    }

    private static void removeQuietly(PodmanClient client, String containerId) {
        try {
            client.containers().remove(containerId, true);
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not remove container " + containerId + " after a failed start: "
                + e.describe());
        }
    }
}
