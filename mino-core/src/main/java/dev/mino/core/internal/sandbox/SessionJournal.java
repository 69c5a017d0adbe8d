package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.SandboxPlan;
import dev.mino.core.internal.cache.SidecarStore;
import dev.mino.core.internal.state.AuditLog;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStatus;
import dev.mino.core.internal.state.SessionStore;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkRule;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a sandbox's session record and the audit log in step with what happens to it. Record
 * updates after the start are best effort: a full disk must not leave a container running.
 */
final class SessionJournal {
    private static final System.Logger LOG = System.getLogger(SessionJournal.class.getName());

    private final SessionStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final SidecarStore sidecars;
    private final java.nio.file.Path credentialsDir;

    SessionJournal(SessionStore store, AuditLog audit, Clock clock, SidecarStore sidecars,
                   java.nio.file.Path credentialsDir) {
        this.credentialsDir = credentialsDir;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.sidecars = sidecars;
    }

    /**
     * The journal of the sessions under {@code stateDirectory} (null: the platform's state
     * directory), with the audit log on or off.
     */
    static SessionJournal at(Path stateDirectory, boolean auditLog) {
        MinoPaths paths = paths(stateDirectory);
        paths.ensureStateDirectories();
        return new SessionJournal(new SessionStore(paths), new AuditLog(paths.auditLog(), auditLog),
            Clock.systemUTC(), new SidecarStore(paths.cacheDir()), paths.credentialsDir());
    }

    /** The caches' sidecars under {@code stateDirectory} (null: the platform's), read without making any folder. */
    static SidecarStore sidecarsAt(Path stateDirectory) {
        return new SidecarStore(paths(stateDirectory).cacheDir());
    }

    private static MinoPaths paths(Path stateDirectory) {
        // Only the state directory matters here; the others need not be resolvable (no home).
        return stateDirectory == null ? MinoPaths.defaults()
            : new MinoPaths(stateDirectory, stateDirectory, stateDirectory);
    }

    /** Where minted credentials are cached: {@code <state>/credentials}. */
    java.nio.file.Path credentialsDir() {
        return credentialsDir;
    }

    /** The sidecars of cache volumes, beside the sessions in the state directory. */
    SidecarStore sidecars() {
        return sidecars;
    }

    SessionStore store() {
        return store;
    }

    /**
     * Records a new session as starting. A finished session of the same name is replaced, so that
     * names can be reused; a session that is still starting or running is a conflict.
     */
    void created(SandboxPlan plan, String homeVolume, List<String> credentialProviders) {
        String name = plan.sessionName();
        Optional<SessionRecord> existing = store.find(name);
        if (existing.isPresent()) {
            if (!existing.get().status().isFinished()) {
                throw new MinoException("Session already exists: " + name + " (" + existing.get().status().jsonName()
                    + ")", "choose another session name, or stop the running session first");
            }
            store.delete(name);
        }
        store.create(SessionRecord.starting(name, plan.spec().project(), plan.spec().command(), plan.spec().image(),
            homeVolume, plan.spec().detached(), clock.instant())
            .withCloudProviders(credentialProviders, clock.instant())
            .withSandbox(RecordedSpecs.facts(plan.spec()), clock.instant()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("command", plan.spec().command());
        data.put("home_volume", homeVolume);
        data.put("image", plan.spec().image());
        data.put("name", name);
        // The policy the sandbox really got, in mino 1.6.0's rendering (Allow([...]) lists the rules).
        data.put("network", plan.spec().network().describe());
        data.put("project_dir", plan.spec().project().toString());
        audit.record(AuditLog.SESSION_CREATED, data);
        if (!credentialProviders.isEmpty()) {
            // Names only: the values never reach a file of Mino's.
            audit.record(AuditLog.CREDENTIALS_INJECTED, Map.of("providers", credentialProviders, "session_name", name));
        }
    }

    void started(String name, String containerId) {
        update(name, r -> r.withContainerId(containerId, clock.instant()).withStatus(SessionStatus.RUNNING,
            clock.instant()));
        audit.record(AuditLog.SESSION_STARTED, Map.of("container_id", containerId, "name", name));
    }

    void stopped(String name, Integer exitCode) {
        update(name, r -> r.withExitCode(exitCode, clock.instant()).withStatus(SessionStatus.STOPPED, clock.instant()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exit_code", exitCode);
        data.put("name", name);
        audit.record(AuditLog.SESSION_STOPPED, data);
    }

    void failed(String name, String error) {
        update(name, r -> r.withError(error, clock.instant()).withStatus(SessionStatus.FAILED, clock.instant()));
        audit.record(AuditLog.SESSION_FAILED, Map.of("error", error, "name", name));
    }

    /** A denial of the egress guard: only what kind it was and where it went, never more. */
    void egressDenied(String name, EgressEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (event instanceof EgressEvent.NameRefused refused) {
            data.put("kind", "name");
            data.put("name", refused.name());
            data.put("query_type", refused.queryType());
        } else if (event instanceof EgressEvent.ConnectionBlocked blocked) {
            data.put("kind", "connection");
            data.put("destination", blocked.address());
            data.put("port", blocked.port());
            data.put("protocol", blocked.protocol());
        } else if (event instanceof EgressEvent.DenialsSuppressed suppressed) {
            // The guard's own limit: these were blocked, but not reported one by one.
            data.put("count", suppressed.count());
            data.put("kind", "suppressed");
        } else {
            return;
        }
        data.put("session_name", name);
        audit.record(AuditLog.NETWORK_DENIED, data);
    }

    /** A destination the embedding program opened while the sandbox runs. */
    void egressAllowed(String name, NetworkRule rule) {
        audit.record(AuditLog.NETWORK_ALLOWED, Map.of("by", "embedding program", "destination", rule.toString(),
            "kind", "rule", "session_name", name));
    }

    void egressAuditLimit(String name, int limit) {
        audit.record(AuditLog.NETWORK_DENIALS_LIMITED, Map.of("limit", limit, "session_name", name));
    }

    /** A request into which the credential proxy put a real credential: where it went, never a value. */
    void credentialUsed(String name, dev.mino.proxy.SwapEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("host", event.host());
        data.put("method", event.method());
        data.put("path", event.path());
        data.put("provider", event.provider());
        data.put("session_name", name);
        audit.record(AuditLog.CREDENTIALS_USED, data);
    }

    void firewallStopped(String name, Integer exitCode) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exit_code", exitCode);
        data.put("session_name", name);
        audit.record(AuditLog.NETWORK_FIREWALL_STOPPED, data);
    }

    private void update(String name, java.util.function.UnaryOperator<SessionRecord> change) {
        try {
            store.update(name, change);
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not update session " + name + ": " + e.describe());
        }
    }
}
