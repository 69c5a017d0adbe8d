package dev.mino.core.internal.sandbox;

import dev.mino.core.Sandbox;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.SessionNotFoundException;
import dev.mino.core.internal.cache.CacheVolumes;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.SessionNames;
import dev.mino.core.internal.state.SessionRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Handles on sandboxes that already run, perhaps started by another JVM ({@code mino run -d}):
 * the session record names the container, and the container tells the rest of the spec.
 */
public final class ExistingSandboxes {
    private ExistingSandboxes() {
    }

    /** The rules the egress guard of {@code firewall} was started with: its arguments after {@code guard}. */
    static List<String> guardRules(ContainerState firewall) {
        List<String> args = new ArrayList<>();
        firewall.raw().path("Config").path("Cmd").forEach(arg -> args.add(arg.asText()));
        int guard = args.indexOf("guard");
        return guard < 0 ? List.of() : List.copyOf(args.subList(guard + 1, args.size()));
    }

    /**
     * A handle on a sandbox started earlier, perhaps by another JVM, found by its session name in
     * {@code stateDirectory}, on {@code engine} as {@code runtime} reaches it. Closing the handle
     * removes the sandbox; closing the runtime only lets go of it.
     */
    public static Sandbox open(MinoRuntime runtime, Path stateDirectory, String engine, String name) {
        runtime.requireOpen();
        SessionNames.validate(name);
        SessionJournal journal = SessionJournal.at(stateDirectory, true);
        SessionRecord record = journal.store().find(name).orElseThrow(() -> new SessionNotFoundException(name,
            "Session not found: " + name, "'mino list' shows the sessions there are"));
        if (record.containerId() == null) {
            throw new SessionNotFoundException(name, "Session " + name + " has no container ("
                + record.status().jsonName() + ")", "start a new sandbox");
        }
        PodmanClient client = runtime.client(engine);
        // Deaths from here on are seen; one before is seen in the state below.
        runtime.deaths(client).listen();
        ContainerState state = client.containers().inspect(record.containerId()).orElseThrow(() ->
            new SessionNotFoundException(name, "Session " + name + " is no longer running: its container is gone",
                "start a new sandbox; 'mino list' shows the sessions there are"));
        // The firewall container of an allowlisted session; its command holds the rules it enforces.
        Optional<ContainerState> firewall = client.containers().inspect(SandboxPlanner.firewallName(name))
            .filter(fw -> name.equals(fw.labels().get(Labels.SESSION)));
        String firewallId = firewall.map(ContainerState::id).orElse(null);
        SandboxSpec spec = RecordedSpecs.spec(record, state, client.address().uri(), stateDirectory,
            firewall.map(ExistingSandboxes::guardRules).orElse(List.of()));
        SandboxPlan plan = SandboxPlanner.plan(spec, name, Owner.current());
        List<String> secrets = new ArrayList<>();
        state.raw().path("Config").path("Secrets").forEach(secret -> secrets.add(secret.path("Name").asText()));
        SandboxObjects objects = new SandboxObjects(client, record.containerId(), firewallId, secrets);
        // The JVM that started the sandbox follows its guard; this handle reads the log when asked.
        EgressMonitor egress = firewallId == null ? null : EgressMonitor.reading(client, firewallId, name, journal);
        return new RunningSandbox(runtime, client, plan, objects, List.of(), null, journal, false,
            exitCode -> {
                if (exitCode == 0) {
                    new CacheVolumes(client, journal.sidecars(), java.time.Clock.systemUTC())
                        .markComplete(CacheVolumes.pendingOf(state.labels()));
                }
            }, egress, dev.mino.core.SandboxListener.NONE);
    }
}
