package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanException;
import dev.mino.core.PodmanNotFoundException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.internal.cache.CacheVolumes;
import dev.mino.core.internal.cache.HomeVolumes;
import dev.mino.core.internal.cache.SidecarStore;
import dev.mino.core.internal.credentials.CredentialCache;
import dev.mino.core.internal.credentials.CredentialLoader;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.events.StepMessages;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.core.internal.podman.ContainerCreated;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.ProcessUid;
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
import java.util.Optional;

/**
 * Runs a spec in three steps that {@link #plan} shares with {@link #start}: (1) the facts, what the
 * engine and the host know and planning needs, read without changing anything ({@link PlanFacts});
 * (2) the plan, made from them by a pure function ({@link SandboxPlanner}); (3) for a start, the
 * execution of exactly that plan: the composed image built when missing, credentials minted,
 * volumes, the SSH agent relay, secrets, the firewall and the container created in that order.
 * Anything made after the credentials were minted is released again on any failure (an
 * {@link Error} too) before the failure is thrown: secrets removed, the relay stopped, containers
 * removed.
 */
public final class SandboxLauncher {
    private static final System.Logger LOG = System.getLogger(SandboxLauncher.class.getName());
    /** How long a start waits at most for the sweep it began; a sweep that takes longer goes on in the background. */
    static final Duration SWEEP_WAIT = Duration.ofSeconds(5);

    private SandboxLauncher() {
    }

    /**
     * The plan a start of {@code requested} would execute now: steps (1) and (2) of a start,
     * creating, pulling, building and minting nothing. Credentials are planned from their
     * providers' declarations; see {@link SandboxPlan} for where a start can differ.
     *
     * @throws dev.mino.core.PodmanConnectionException when no engine answers
     */
    public static SandboxPlan plan(MinoRuntime runtime, SandboxSpec requested, SandboxListener listener,
                                   MinoConfig.Vm vm) {
        LayerComposer.Composition composition = compose(runtime, requested, listener);
        PodmanClient client = engine(runtime, composition.spec(), listener, vm);
        SidecarStore sidecars = SessionJournal.sidecarsAt(composition.spec().stateDirectory());
        return plan(runtime, composition, client, sidecars, Owner.current(), false, listener).plan();
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
            Planned planned = plan(runtime, composition, client, journal.sidecars(), owner, true, listener);
            return execute(runtime, client, planned, owner, journal, listener);
        } finally {
            sweep.awaitAtMost(SWEEP_WAIT);
        }
    }

    /**
     * A plan with what it was made from.
     *
     * @param facts the facts read for it
     * @param declared the credentials' delivery as their providers declared it
     * @param interception the connections handed to the credential proxy for those, or null
     * @param plan the plan made from both
     */
    private record Planned(PlanFacts facts, SecretDelivery declared, ProxyInterception interception,
                           SandboxPlan plan) {
    }

    /** Steps (1) and (2): the facts read, the plan made from them and the providers' declarations. */
    private static Planned plan(MinoRuntime runtime, LayerComposer.Composition composition, PodmanClient client,
                                SidecarStore sidecars, Owner owner, boolean forStart, SandboxListener listener) {
        PlanFacts facts = PlanFacts.gather(client, composition, runtime.environment(),
            new CacheVolumes(client, sidecars, Clock.systemUTC()), forStart, listener);
        SandboxSpec spec = facts.spec();
        String session = spec.name() != null ? spec.name() : SessionNames.generate();
        List<PlannedCredential> declarations = new ArrayList<>();
        spec.credentials().forEach(provider -> provider.planned().ifPresent(declarations::add));
        SecretDelivery declared = SecretDelivery.planned(session, declarations);
        ProxyInterception interception = CredentialProxySetup.interception(spec, declared.providers(),
            ProxyFolder.choose(runtime.environment()), listener);
        // A spec this engine cannot run is refused here, before anything is built or minted.
        return new Planned(facts, declared, interception,
            SandboxPlanner.plan(facts, session, owner, declared, interception));
    }

    /** Step (3): executes a start's plan. */
    private static Sandbox execute(MinoRuntime runtime, PodmanClient client, Planned planned, Owner owner,
                                   SessionJournal journal, SandboxListener listener) {
        PlanFacts facts = planned.facts();
        SandboxSpec spec = facts.spec();
        // Built when missing (as the plan said), and told as used when it is there.
        facts.build().ifPresent(build -> ImageComposer.ensureBuilt(client, build, spec.network(), listener));
        String session = planned.plan().sessionName();
        CredentialCache cache = new CredentialCache(journal.credentialsDir(), Clock.systemUTC(), sandboxFolders(spec));
        List<IssuedCredential> issued = spec.credentials().isEmpty() ? List.of()
            : CredentialLoader.load(spec.credentials(), cache, spec.strictCredentials(), listener, runtime.warnedOnce());
        SecretDelivery delivery = SecretDelivery.of(session, issued);
        // When a provider failed (strict mode off) or issued other variables than it declared, the
        // plan is made again, by the same function, from what was actually issued.
        boolean asDeclared = delivery.equals(planned.declared());
        ProxyInterception interception = asDeclared ? planned.interception()
            : CredentialProxySetup.interception(spec, delivery.providers(), ProxyFolder.choose(runtime.environment()),
                SandboxListener.NONE);
        SandboxPlan plan = asDeclared ? planned.plan()
            : SandboxPlanner.plan(facts, session, owner, delivery, interception);
        // Placeholders instead of the real values, and the authority the sandbox trusts; the real
        // ones stay in this JVM, with the proxy.
        CredentialProxySetup proxy = CredentialProxySetup.placeholderProviders(spec, delivery.providers()).isEmpty()
            ? null : CredentialProxySetup.prepare(spec, issued, cache, journal.credentialsDir().resolveSibling("authority"),
                listener);

        SandboxObjects made = new SandboxObjects(client);
        List<String> warnings = new ArrayList<>(facts.warnings());
        HijackedStream attached = null;
        boolean recorded = false;
        RunningSandbox sandbox;
        try {
            journal.created(plan, facts.volumes().homeVolume(), delivery.providers());
            recorded = true;
            CacheVolumes caches = spec.cache() ? new CacheVolumes(client, journal.sidecars(), Clock.systemUTC()) : null;
            if (caches != null) {
                caches.prepare(spec.project(), spec.cacheFresh());
            }
            if (facts.volumes().homeVolume() != null) {
                HomeVolumes.ensure(client, spec.project(), Clock.systemUTC());
            }
            if (facts.agentRelay() != null) {
                made.agentRelay(SshAgentRelay.start(facts.agentRelay(), ownUid -> PlanFacts.peers(client, ownUid),
                    runtime.environment(), runtime::thread));
            }
            createSecrets(client, secretValues(issued, proxy), plan, made);
            if (proxy != null) {
                startCredentialProxy(client, proxy, interception, session, made, runtime, journal, listener);
            }
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
            int namedVolumes = facts.volumes().mounts().size();
            ContainerCreated created = StepTimer.run(listener, MinoEvent.Step.CREATE_CONTAINER,
                "Creating container " + plan.containerName(), () -> {
                    ContainerCreated container = NamedVolumeCreates.create(client, namedVolumes,
                        () -> client.containers().create(createBody));
                    // Known before the step is told finished: a listener that throws then must not
                    // leave a container nobody removes.
                    made.container(container.id());
                    return container;
                });
            UnenforcedLimits.tellOnce(facts.engine(), client.address().uri(), listener, runtime.warnedOnce());
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
        } catch (Throwable e) {
            if (attached != null) {
                attached.close();
            }
            made.removeQuietly();
            if (e instanceof PodmanException podman) {
                Optional<MinoException> refusal = UserNamespaces.refusal(podman);
                if (refusal.isPresent()) {
                    failed(journal, recorded, session, refusal.get());
                    throw refusal.get();
                }
            }
            failed(journal, recorded, session, e);
            throw e;
        }
        if (runtime.isClosed()) {
            // Closed while this start went on, after it let go of its sandboxes: none is left behind.
            closeQuietly(sandbox);
            runtime.requireOpen();
        }
        return sandbox;
    }

    /** Records a failed start, when its session was recorded; a failure to record joins {@code failure}. */
    private static void failed(SessionJournal journal, boolean recorded, String session, Throwable failure) {
        if (!recorded) {
            return;
        }
        try {
            journal.failed(session, String.valueOf(failure.getMessage()));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
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
        composition = PlanFacts.pinBase(client, composition, true, listener);
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
     * Starts the credential proxy in its new folder before the firewall that mounts the folder, so
     * that no connection of the sandbox ever finds it missing (one that did would fail, never pass).
     */
    private static void startCredentialProxy(PodmanClient client, CredentialProxySetup proxy,
                                             ProxyInterception interception, String session,
                                             SandboxObjects made, MinoRuntime runtime, SessionJournal journal,
                                             SandboxListener listener) {
        if (interception == null) {
            // No provider host is in the allowlist: the placeholders work nowhere, and nothing listens.
            made.credentialProxy(proxy, null);
            return;
        }
        long engineUid = PlanFacts.peers(client, ProcessUid.current()).engineUid();
        Path folder = ProxyFolder.create(interception.folder(), runtime.environment(), engineUid);
        made.credentialProxy(proxy, folder);
        proxy.start(folder, session, journal, listener);
    }

    /** One Podman secret per secret the plan lists, labelled like the sandbox so that sweeps find it. */
    private static void createSecrets(PodmanClient client, Map<String, byte[]> values, SandboxPlan plan,
                                      SandboxObjects made) {
        for (Map.Entry<String, String> secret : plan.secrets().entrySet()) {
            byte[] value = values.get(secret.getValue());
            if (value == null) {
                throw new IllegalStateException("no value for the secret " + secret.getValue() + " the plan lists");
            }
            client.secrets().create(secret.getKey(), value, plan.labels());
            made.secret(secret.getKey());
        }
    }

    /**
     * What each secret of the plan holds, by its variable (or trust file): the real values, or
     * where placeholders are given, the placeholders and the trust files.
     */
    private static Map<String, byte[]> secretValues(List<IssuedCredential> issued, CredentialProxySetup proxy) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        issued.forEach(credential -> credential.secrets().forEach((variable, value) ->
            values.put(variable, value.getBytes(StandardCharsets.UTF_8))));
        if (proxy != null) {
            values.putAll(proxy.sandboxFiles());
        }
        return values;
    }
}
