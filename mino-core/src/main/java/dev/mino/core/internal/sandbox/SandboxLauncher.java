package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoEvent;
import dev.mino.core.PodmanException;
import dev.mino.core.PodmanNotFoundException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.internal.cache.CacheVolumes;
import dev.mino.core.internal.cache.HomeVolumes;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.credentials.CredentialCache;
import dev.mino.core.internal.credentials.CredentialLoader;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.events.StepMessages;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.core.internal.podman.ContainerCreated;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.SessionNames;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a spec: finds the engine, sweeps what dead JVMs left behind, records the session, creates
 * and starts the container. Anything created before a failure is removed again before the
 * failure is thrown.
 */
public final class SandboxLauncher {
    private static final System.Logger LOG = System.getLogger(SandboxLauncher.class.getName());
    /** What a detached sandbox is told when the host has an SSH agent. */
    static final String DETACHED_WITHOUT_AGENT = "SSH agent not forwarded: a detached sandbox outlives this "
        + "process, which relays the agent; run it attached to use the agent, or turn agent forwarding off";
    private static final Path SUBUID = Path.of("/etc/subuid");
    /** How long a start waits at most for the sweep it began; a sweep that takes longer goes on in the background. */
    static final Duration SWEEP_WAIT = Duration.ofSeconds(5);

    private SandboxLauncher() {
    }

    /**
     * Starts a sandbox for {@code spec} through {@code runtime} (its engine clients, threads and
     * warnings told), reporting progress to {@code listener}, also that of making an OrbStack VM
     * ready.
     *
     * @param vm the configured OrbStack VM: used on macOS and by {@code orbstack:}, and the
     *     distribution any OrbStack VM is created from
     */
    public static Sandbox start(MinoRuntime runtime, SandboxSpec requested, SandboxListener listener,
                                MinoConfig.Vm vm) {
        LayerComposer.Composition composition = compose(runtime, requested, listener);
        PodmanClient client = engine(runtime, composition.spec(), listener, vm);
        Owner owner = Owner.current();
        SessionJournal journal = SessionJournal.at(composition.spec().stateDirectory(), composition.spec().auditLog());
        // While this start goes on; done (or the wait given up) before it returns or fails, so that
        // even a run of `true` sweeps what a killed JVM left, and no slow sweep holds a start long.
        SweepInProgress sweep = StaleSandboxSweeper.sweepWhenDue(runtime, client, owner, journal);
        try {
            return start(runtime, requested, composition, client, owner, journal, listener);
        } finally {
            sweep.awaitAtMost(SWEEP_WAIT);
        }
    }

    /** Starts the sandbox of a composition on its engine, once the sweep has begun. */
    private static Sandbox start(MinoRuntime runtime, SandboxSpec requested, LayerComposer.Composition composed,
                                 PodmanClient client, Owner owner, SessionJournal journal,
                                 SandboxListener listener) {
        // Before anything is pulled, built or created: an allowlist runs mino's pinned firewall image.
        LayerComposer.Composition composition = new LayerComposer.Composition(
            FirewallImages.resolve(client, composed.spec()), composed.build(), composed.warnings());
        composition = ImageComposer.pinBase(client, composition, listener);
        SandboxSpec spec = composition.spec();
        composition.build().ifPresent(plan -> ImageComposer.ensureBuilt(client, plan, requested.network(), listener));

        String session = spec.name() != null ? spec.name() : SessionNames.generate();
        List<IssuedCredential> issued = spec.credentials().isEmpty() ? List.of()
            : CredentialLoader.load(spec.credentials(), new CredentialCache(journal.credentialsDir(),
                Clock.systemUTC(), sandboxFolders(spec)), spec.strictCredentials(), listener, runtime.warnedOnce());
        SecretDelivery delivery = SecretDelivery.of(session, issued);
        ImagesApi.ImageDefaults image = delivery.wrapsCommand() ? client.images().defaults(spec.image()) : null;
        CacheVolumes caches = spec.cache() ? new CacheVolumes(client, journal.sidecars(), Clock.systemUTC()) : null;
        PreparedVolumes volumes = caches != null ? caches.prepare(spec.project(), spec.cacheFresh())
            : PreparedVolumes.NONE;
        if (spec.usesHomeVolume()) {
            volumes = volumes.withHome(HomeVolumes.ensure(client, spec.project(), Clock.systemUTC()));
        }
        SandboxObjects made = new SandboxObjects(client);
        List<String> warnings = new ArrayList<>();
        SshAgentRelay relay = agentRelay(spec, client, runtime, warning -> {
            warnings.add(warning);
            listener.onEvent(new MinoEvent.Warning(null, warning));
        });
        if (relay != null) {
            made.agentRelay(relay);
            spec = spec.withSshAgentSocket(relay.socket());
        }
        EngineFacts facts;
        SandboxPlan plan;
        try {
            facts = EngineFacts.of(client.cachedInfo());
            // The plan can still refuse the spec (a home folder for a project on a rootful engine, say).
            plan = SandboxPlanner.plan(spec, session, owner, volumes, delivery, image, facts);
            journal.created(plan, volumes.homeVolume(), delivery.providers());
        } catch (Throwable e) {
            // Any throwable, an Error too: the relay is released whatever ended the start.
            made.removeQuietly();
            throw e;
        }

        HijackedStream attached = null;
        RunningSandbox sandbox;
        try {
            createSecrets(client, delivery, issued, plan, made);
            Map<String, Object> body = plan.createBody();
            if (plan.firewallCreateBody().isPresent()) {
                String firewall = FirewallStarter.start(client, plan, listener);
                made.firewall(firewall);
                // On a rootful engine the sandbox joins the firewall's user namespace, and needs its mappings.
                body = UserNamespaces.withMappingsOf(body, client.containers().inspect(firewall).orElseThrow(() ->
                    new PodmanException("the firewall container " + firewall + " vanished", "try again", 404,
                        "no such container")).raw());
            }
            // Following the engine's deaths before the start: a short command may end at once.
            runtime.deaths(client).listen();
            Map<String, Object> createBody = body;
            int namedVolumes = volumes.mounts().size();
            ContainerCreated created = StepTimer.run(listener, MinoEvent.Step.CREATE_CONTAINER,
                "Creating container " + plan.containerName(), () -> {
                    ContainerCreated container = NamedVolumeCreates.create(client, namedVolumes,
                        () -> client.containers().create(createBody));
                    // Known before the step is told finished: a listener that throws then must not
                    // leave a container nobody removes.
                    made.container(container.id());
                    return container;
                });
            UnenforcedLimits.tellOnce(facts, client.address().uri(), listener, runtime.warnedOnce());
            for (String warning : created.warnings()) {
                if (UnenforcedLimits.isPodmansWarning(warning)) {
                    LOG.log(Level.DEBUG, "Podman: " + warning);
                    continue;
                }
                LOG.log(Level.INFO, "Podman: " + warning);
                listener.onEvent(new MinoEvent.Warning(null, "Podman: " + warning));
            }
            warnings.addAll(created.warnings());
            if (spec.tty() && spec.terminalRows() > 0) {
                // A terminal can only be sized once the container is initialized; sizing it before
                // the start means the command never sees the default 0x0.
                client.containers().init(created.id());
                client.containers().resize(created.id(), spec.terminalRows(), spec.terminalColumns());
            }
            if (spec.attach()) {
                // Attach first: Podman relays output from the start on, so nothing is lost.
                attached = client.containers().attach(created.id(), true);
            }
            StepTimer.run(listener, MinoEvent.Step.START_CONTAINER, "Starting container " + plan.containerName(),
                () -> client.containers().start(created.id()));
            if (spec.tty() && spec.terminalRows() > 0) {
                // Again: Podman hands a resize to conmon without waiting for it, and on a busy
                // machine the command can start before conmon applied the first one. A shell then
                // gets SIGWINCH and the right size; a command that read 0x0 at once cannot be helped.
                try {
                    client.containers().resize(created.id(), spec.terminalRows(), spec.terminalColumns());
                } catch (PodmanException e) {
                    // Only a help: a command that already ended has no terminal left to size (Podman
                    // says "state improper", or "broken pipe" while it has not noticed the end yet).
                    LOG.log(Level.DEBUG, "second resize of " + plan.containerName() + ": " + e.getMessage());
                }
            }
            journal.started(session, created.id());
            // From the firewall's whole log: no event since it got ready is missed.
            EgressMonitor egress = made.firewallId() == null ? null
                : EgressMonitor.follow(runtime, client, made.firewallId(), created.id(), session, listener, journal);
            sandbox = new RunningSandbox(runtime, client, plan, made, warnings, attached, journal,
                !spec.detached(), exitCode -> {
                    if (exitCode == 0 && caches != null) {
                        caches.markComplete(CacheVolumes.pendingOf(plan.labels()));
                    }
                }, egress, listener);
        } catch (RuntimeException e) {
            if (attached != null) {
                attached.close();
            }
            made.removeQuietly();
            RuntimeException reported = e instanceof PodmanException podman
                ? UserNamespaces.refusal(podman).<RuntimeException>map(r -> r).orElse(e) : e;
            journal.failed(session, reported.getMessage());
            throw reported;
        } catch (Throwable e) {
            // An Error (a listener's, or the JVM's) or a checked exception thrown sneakily: the same
            // clean-up, and the throwable goes on unchanged.
            if (attached != null) {
                attached.close();
            }
            made.removeQuietly();
            journal.failed(session, String.valueOf(e));
            throw e;
        }
        if (runtime.isClosed()) {
            // Closed while this start went on, after it let go of its sandboxes: none is left behind.
            closeQuietly(sandbox);
            runtime.requireOpen();
        }
        return sandbox;
    }

    /**
     * Makes sure the image {@code requested} runs exists on its engine: a composed image is built
     * when its tag is missing (its base pulled when missing); a plain image must be there already.
     *
     * @return the image reference a sandbox of this spec runs
     */
    public static String prepareImage(MinoRuntime runtime, SandboxSpec requested, SandboxListener listener,
                                      MinoConfig.Vm vm) {
        LayerComposer.Composition composition = compose(runtime, requested, listener);
        PodmanClient client = engine(runtime, requested, listener, vm);
        composition = ImageComposer.pinBase(client, composition, listener);
        String image = composition.spec().image();
        if (composition.build().isPresent()) {
            ImageComposer.ensureBuilt(client, composition.build().get(), requested.network(), listener);
        } else if (!client.images().exists(image)) {
            throw new PodmanNotFoundException("image " + image + " is not on the engine at " + client.address().uri(),
                "pull or build it first, for example 'podman pull " + image + "'", 404, "no such image");
        }
        return image;
    }

    private static void closeQuietly(RunningSandbox sandbox) {
        try {
            sandbox.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove sandbox " + sandbox.sessionName() + " of a closed Mino: " + e);
            sandbox.release();
        }
    }

    /** The host folders the sandbox sees, where the credential cache's key must not be kept. */
    private static List<Path> sandboxFolders(SandboxSpec spec) {
        List<Path> folders = new ArrayList<>();
        folders.add(spec.project());
        spec.mounts().forEach(mount -> folders.add(mount.hostPath()));
        return folders;
    }

    /** The spec's layers resolved, their warnings told to the listener. */
    private static LayerComposer.Composition compose(MinoRuntime runtime, SandboxSpec requested,
                                                     SandboxListener listener) {
        LayerComposer.Composition composition = LayerComposer.compose(requested, runtime.environment());
        composition.warnings().forEach(warning -> listener.onEvent(new MinoEvent.Warning(null, warning)));
        return composition;
    }

    /** The runtime's client of the spec's engine, found (and an OrbStack VM made ready) with progress told. */
    private static PodmanClient engine(MinoRuntime runtime, SandboxSpec spec, SandboxListener listener,
                                       MinoConfig.Vm vm) {
        StepMessages progress = new StepMessages(listener, MinoEvent.Step.ENGINE);
        try {
            PodmanClient client = runtime.client(runtime.discovery(vm, progress).find(spec.engine()));
            progress.finish();
            return client;
        } finally {
            progress.fail();
        }
    }

    /**
     * A relay to the host's SSH agent, when forwarding is on and the host has an agent. A detached
     * sandbox gets none, and a warning says so: the relay lives in this JVM, and a detached
     * sandbox outlives it, so its agent would stop working at an unknown moment.
     */
    private static SshAgentRelay agentRelay(SandboxSpec spec, PodmanClient client, MinoRuntime runtime,
                                            Consumer<String> warn) {
        Map<String, String> environment = runtime.environment();
        if (!spec.sshAgent()) {
            return null;
        }
        Path agent = spec.sshAgentSocket();
        if (agent == null) {
            String fromEnv = environment.get("SSH_AUTH_SOCK");
            agent = fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        }
        // No agent on the host: nothing to forward, and nothing to warn about (SPEC 5.7).
        if (agent == null || !java.nio.file.Files.exists(agent)) {
            return null;
        }
        if (spec.detached()) {
            warn.accept(DETACHED_WITHOUT_AGENT);
            return null;
        }
        return SshAgentRelay.start(agent, ownUid -> AgentPeers.of(client.cachedInfo(), ownUid, SUBUID), environment,
            runtime::thread);
    }

    /** One Podman secret per secret variable, labelled like the sandbox so that sweeps find it. */
    private static void createSecrets(PodmanClient client, SecretDelivery delivery, List<IssuedCredential> issued,
                                      SandboxPlan plan, SandboxObjects made) {
        Map<String, String> values = new LinkedHashMap<>();
        issued.forEach(credential -> values.putAll(credential.secrets()));
        for (SecretDelivery.SecretFile file : delivery.secrets()) {
            client.secrets().create(file.secretName(), values.get(file.variable()).getBytes(StandardCharsets.UTF_8),
                plan.labels());
            made.secret(file.secretName());
        }
    }
}
