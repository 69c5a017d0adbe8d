package dev.mino.core.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.SessionNotFoundException;
import dev.mino.core.internal.cache.CacheVolumes;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.SessionNames;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.network.NetworkPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handles on sandboxes that already run, perhaps started by another JVM ({@code mino run -d}):
 * the session record names the container, and the container tells the rest of the spec.
 */
public final class ExistingSandboxes {
    private ExistingSandboxes() {
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
        JsonNode config = state.raw().path("Config");
        List<String> command = new ArrayList<>();
        config.path("Cmd").forEach(arg -> command.add(arg.asText()));
        Map<String, String> labels = new LinkedHashMap<>(state.labels());
        labels.keySet().removeIf(key -> key.startsWith("dev.mino."));
        SandboxSpec spec = new SandboxSpec(Path.of(record.projectDir()), config.path("WorkingDir").asText("/"),
            record.image() == null ? config.path("Image").asText("") : record.image(), command, Map.of(), List.of(),
            name, state.raw().path("HostConfig").path("ReadonlyRootfs").asBoolean(), config.path("Tty").asBoolean(),
            false, client.address().uri(), labels, stateDirectory, true,
            "true".equals(state.labels().get(Labels.DETACHED)), 0, 0, NetworkPolicy.bridge(), null, null, List.of(),
            dev.mino.layers.CompositionPlan.DEFAULT_BASE_IMAGE, false, null, false, false, false,
            config.path("User").asText("").isEmpty() ? null : config.path("User").asText(), List.of(), false, false, null,
            dev.mino.core.ResourceLimits.DEFAULTS, false, List.of());
        SandboxPlan plan = SandboxPlanner.plan(spec, name, Owner.current());
        // The spec above does not know the network policy; a firewall container of the session tells.
        String firewallId = client.containers().inspect(SandboxPlanner.firewallName(name))
            .filter(fw -> name.equals(fw.labels().get(Labels.SESSION))).map(ContainerState::id).orElse(null);
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
            }, egress);
    }
}
