package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoEvent;
import dev.mino.core.PodmanNotFoundException;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.cache.CacheVolumes;
import dev.mino.core.internal.cache.HomeVolumes;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.internal.events.BuildLines;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.ProcessUid;
import dev.mino.layers.CompositionPlan;
import dev.mino.network.NetworkMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a sandbox's plan needs that only the engine and the host know, read before planning
 * and changing nothing (a start may pull a missing base image first, see {@link #gather}): the
 * spec with its layers composed onto the base image's id, the firewall image's id, whether the
 * composed image still has to be built, the engine's facts, the image's entrypoint and command
 * (for the credentials' wrapper), the cache and home volumes, and where the SSH agent relay will
 * listen. {@link SandboxPlanner#plan(PlanFacts, String, Owner, dev.mino.core.internal.credentials.SecretDelivery)}
 * turns them into the plan without any I/O.
 *
 * @param spec the spec to plan: image final (composed and pinned), env with the layers' runtime env
 * @param firewallImage the id of the firewall's image for an allowlist, else null
 * @param build the composition when the image is composed from layers
 * @param buildNeeded whether the composed image is not on the engine yet, so a start builds it
 * @param engine the engine's facts
 * @param image the image's entrypoint and command, when the spec has credentials (else null)
 * @param volumes the cache and home volumes, named and with the caches still to complete
 * @param agentRelay where the SSH agent relay will listen, or null when there is none
 * @param warnings what was noticed while gathering (told to the listener already)
 */
record PlanFacts(SandboxSpec spec, String firewallImage, Optional<CompositionPlan> build, boolean buildNeeded,
                        EngineFacts engine, ImagesApi.ImageDefaults image, PreparedVolumes volumes,
                        SshAgentRelay.Plan agentRelay, List<String> warnings) {
    private static final Path SUBUID = Path.of("/etc/subuid");
    /** What a detached sandbox is told when the host has an SSH agent. */
    static final String DETACHED_WITHOUT_AGENT = "SSH agent not forwarded: a detached sandbox outlives this "
        + "process, which relays the agent; run it attached to use the agent, or turn agent forwarding off";

    /** Copies the warnings. */
    PlanFacts {
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads the facts of {@code composition} from the engine of {@code client} and from the host.
     *
     * @param environment the environment (a Mino's): {@code SSH_AUTH_SOCK}, the runtime directory
     * @param cacheVolumes the caches' sidecars, read for which caches are still to complete
     * @param pullMissingBase true for a start: a missing base image is pulled (the build needs it,
     *     and its id names the composed image); false for a plan, which changes nothing and then
     *     names the composed image by the base image's name only
     */
    static PlanFacts gather(PodmanClient client, LayerComposer.Composition composition,
                            Map<String, String> environment, CacheVolumes cacheVolumes, boolean pullMissingBase,
                            SandboxListener listener) {
        // An allowlist runs mino's pinned firewall image, by id, refused when layers built it.
        SandboxSpec withFirewall = FirewallImages.resolve(client, composition.spec());
        String firewallImage = withFirewall.network().mode() == NetworkMode.ALLOWLIST
            ? FirewallImages.idOf(client, withFirewall.effectiveFirewallImage()) : null;
        LayerComposer.Composition composed = new LayerComposer.Composition(withFirewall, composition.build(),
            composition.warnings());
        List<String> warnings = new ArrayList<>();
        composed = pinBase(client, composed, pullMissingBase, listener);
        Optional<String> baseId = composed.build().flatMap(CompositionPlan::baseImageId);
        if (composed.build().isPresent() && baseId.isEmpty()) {
            warnings.add("The base image " + composed.build().get().baseImage() + " is not on the engine: the plan "
                + "names the composed image after the base image's name; a start pulls it first and names the "
                + "composed image after its id");
        }
        SandboxSpec spec = composed.spec();
        boolean buildNeeded = composed.build().isPresent() && !client.images().exists(spec.image());
        EngineFacts engine = EngineFacts.of(client.cachedInfo());
        ImagesApi.ImageDefaults image = spec.credentials().isEmpty() ? null
            : imageDefaults(client, spec, buildNeeded, baseId, warnings);
        PreparedVolumes volumes = spec.cache() ? cacheVolumes.plan(spec.project(), spec.cacheFresh())
            : PreparedVolumes.NONE;
        if (spec.usesHomeVolume()) {
            volumes = volumes.withHome(HomeVolumes.nameOf(spec.project()));
        }
        SshAgentRelay.Plan relay = agentRelay(spec, client, environment, warnings);
        warnings.forEach(warning -> listener.onEvent(new MinoEvent.Warning(null, warning)));
        return new PlanFacts(spec, firewallImage, composed.build(), buildNeeded, engine, image, volumes, relay,
            warnings);
    }

    /**
     * A composition that needs a build, pinned to its base image as the engine has it now (its
     * tag, and so the image the spec runs, names that exact base). A missing base image is pulled
     * first when {@code pull} (the build would pull it anyway), else the composition stays as it is.
     */
    static LayerComposer.Composition pinBase(PodmanClient client, LayerComposer.Composition composition,
                                             boolean pull, SandboxListener listener) {
        if (composition.build().isEmpty()) {
            return composition;
        }
        String base = composition.build().get().baseImage();
        Optional<String> id = client.images().id(base);
        if (id.isEmpty() && pull) {
            id = Optional.of(StepTimer.run(listener, MinoEvent.Step.PULL_IMAGE, "Pulling " + base,
                () -> client.images().pull(base, BuildLines.to(listener))));
        }
        return id.map(composition::pinnedTo).orElse(composition);
    }

    /**
     * What the image runs by default, which the credentials' wrapper runs after exporting them. A
     * composed image not built yet runs its base image's entrypoint and {@link CompositionPlan#COMMAND}.
     * An image that is not there (only a plan gets this far without it: a start has pulled the
     * base, and a plain image must exist) is planned without an entrypoint, and a warning says so.
     *
     * @throws PodmanNotFoundException when the image is missing and no command was given either
     */
    private static ImagesApi.ImageDefaults imageDefaults(PodmanClient client, SandboxSpec spec, boolean buildNeeded,
                                                         Optional<String> baseId, List<String> warnings) {
        String image = buildNeeded ? baseId.orElse(null) : spec.image();
        List<String> command = buildNeeded ? CompositionPlan.COMMAND : List.of();
        try {
            if (image != null) {
                ImagesApi.ImageDefaults defaults = client.images().defaults(image);
                return buildNeeded ? new ImagesApi.ImageDefaults(defaults.entrypoint(), command, defaults.user())
                    : defaults;
            }
        } catch (PodmanNotFoundException e) {
            if (!buildNeeded && spec.command().isEmpty()) {
                throw new PodmanNotFoundException("image " + spec.image() + " is not on the engine at "
                    + client.address().uri() + ", and the credentials' wrapper runs its command",
                    "pull the image first, or give the command to run", 404, "no such image");
            }
        }
        warnings.add("The image is not on the engine yet: the plan runs the credentials' wrapper without the "
            + "image's entrypoint, which a start reads once the image is there");
        return new ImagesApi.ImageDefaults(List.of(), command, "");
    }

    /**
     * Where a relay to the host's SSH agent will listen, when forwarding is on and the host has an
     * agent. A detached sandbox gets none, and a warning says so: the relay lives in this JVM, and
     * a detached sandbox outlives it, so its agent would stop working at an unknown moment.
     */
    private static SshAgentRelay.Plan agentRelay(SandboxSpec spec, PodmanClient client,
                                                 Map<String, String> environment, List<String> warnings) {
        if (!spec.sshAgent()) {
            return null;
        }
        Path agent = spec.sshAgentSocket();
        if (agent == null) {
            String fromEnv = environment.get("SSH_AUTH_SOCK");
            agent = fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        }
        // No agent on the host: nothing to forward, and nothing to warn about (SPEC 5.7).
        if (agent == null || !Files.exists(agent)) {
            return null;
        }
        if (spec.detached()) {
            warnings.add(DETACHED_WITHOUT_AGENT);
            return null;
        }
        long ownUid = ProcessUid.current();
        return SshAgentRelay.plan(agent, environment, ownUid, peers(client, ownUid).engineUid());
    }

    /** Who may talk to the relay for a JVM running as {@code ownUid}, from the engine's facts. */
    static AgentPeers peers(PodmanClient client, long ownUid) {
        return AgentPeers.of(client.cachedInfo(), ownUid, SUBUID);
    }

    /** The plan's spec as the sandbox gets it: with the relay's socket mounted, when there is one. */
    SandboxSpec plannedSpec() {
        return agentRelay == null ? spec : spec.withSshAgentSocket(agentRelay.socket());
    }
}
