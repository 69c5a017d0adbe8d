package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.internal.engine.EngineDiscovery;
import dev.mino.core.internal.engine.ReadyVms;
import dev.mino.core.internal.orbstack.OrbStackEngine;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What one {@code Mino} owns and {@link #close()} releases: a client (connection pool) per engine,
 * the follower of each engine's container deaths, the sandboxes it started and its shutdown hook,
 * the threads it started, the OrbStack VMs it made ready, when it last swept, and the coded
 * warnings it has told. Nothing of this is kept in statics, so a second runtime sees none of the
 * first's. {@link #shared()} is the one that backs {@code Sandbox.builder()} and the static entry
 * points; it is never closed.
 *
 * <p>What stays JVM-wide on purpose: locks that keep two builds of one image, or two creations of
 * one OrbStack VM, from racing on the engine (the engine's objects are every runtime's), the
 * credential cache's key of the process (it stands in for the user's key file, which every JVM
 * shares), and facts of the process itself (its PID namespace, the {@code setsid} it finds).
 */
public final class MinoRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MinoRuntime.class.getName());
    /** How long {@link #close()} waits, at most, for its threads to end. */
    static final Duration THREADS_END = Duration.ofSeconds(10);
    /** A start sweeps an engine and state directory first, then at most every ten minutes. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

    private final Map<String, String> environment;
    private final Map<EngineAddress, PodmanClient> clients = new ConcurrentHashMap<>();
    private final Map<PodmanClient, ContainerDeaths> deaths = new ConcurrentHashMap<>();
    private final ReadyVms readyVms = new ReadyVms();
    private final WarnedOnce warnedOnce = new WarnedOnce();
    private final SweepSchedule sweeps = new SweepSchedule(SWEEP_INTERVAL);
    private final OpenSandboxes sandboxes = new OpenSandboxes();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile boolean closed;

    /**
     * A runtime with nothing open yet.
     *
     * @param environment the environment variables engine discovery and the SSH agent are taken
     *     from ({@code CONTAINER_HOST}, {@code XDG_RUNTIME_DIR}, {@code SSH_AUTH_SOCK}, ...)
     */
    public MinoRuntime(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** The runtime of {@code Sandbox.builder()} and the static entry points, in the process's environment. */
    public static MinoRuntime shared() {
        return Shared.RUNTIME;
    }

    /** Made on first use, so that a program that only uses its own {@code Mino} never makes it. */
    private static final class Shared {
        static final MinoRuntime RUNTIME = new MinoRuntime(System.getenv());
    }

    /** The environment variables this runtime reads. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The client of the engine at {@code address}, one per address: it pools connections, so that
     * sandboxes of one engine share them. Keyed by the whole address, not its {@code uri()}: two
     * ssh engines with the same URI but another key run different commands.
     *
     * @throws MinoException when this runtime is closed
     */
    public PodmanClient client(EngineAddress address) {
        requireOpen();
        PodmanClient client = clients.computeIfAbsent(address,
            a -> PodmanClient.create(a, PodmanClient.DEFAULT_CALL_TIMEOUT));
        if (closed) {
            // Closed while it was made: close() may have missed it.
            client.close();
            throw closedException();
        }
        return client;
    }

    /** The client of {@code engine} (null: discovered), progress of discovery logged. */
    public PodmanClient client(String engine) {
        return client(discovery().find(engine));
    }

    /** Discovery in this runtime's environment, its steps logged, with the default OrbStack VM. */
    public EngineDiscovery discovery() {
        return discovery(OrbStackEngine.DEFAULT_VM, message -> LOG.log(Level.INFO, message));
    }

    /**
     * Discovery in this runtime's environment with its clients: on macOS it ends with the OrbStack
     * VM {@code vm}, each step of making it ready told to {@code progress}.
     *
     * @throws MinoException when this runtime is closed
     */
    public EngineDiscovery discovery(MinoConfig.Vm vm, Consumer<String> progress) {
        requireOpen();
        return EngineDiscovery.standard(environment, this::client, vm, progress, readyVms);
    }

    /** The coded warnings told so far, to tell each once. */
    public WarnedOnce warnedOnce() {
        return warnedOnce;
    }

    SweepSchedule sweeps() {
        return sweeps;
    }

    OpenSandboxes sandboxes() {
        return sandboxes;
    }

    /** The follower of {@code client}'s container deaths, one per client. */
    ContainerDeaths deaths(PodmanClient client) {
        requireOpen();
        ContainerDeaths follower = deaths.computeIfAbsent(client, c -> new ContainerDeaths(c, this));
        if (closed) {
            // Closed while it was made: close() may have missed it, and it must open no stream.
            follower.close();
            throw closedException();
        }
        return follower;
    }

    /**
     * A daemon thread, not started, that {@link #close()} waits for: every thread a sandbox of this
     * runtime needs for as long as it lives (its exit watcher, output pump, egress follower,
     * sweep and the engine's event reader).
     */
    Thread thread(String name, Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /** True while this runtime has a shutdown hook installed (from its first owned sandbox until it is closed). */
    public boolean holdsShutdownHook() {
        return sandboxes.hasHook();
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Fails when this runtime is closed.
     *
     * @throws MinoException saying so
     */
    public void requireOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private static MinoException closedException() {
        return new MinoException("this Mino is closed: its engine connections and threads are released",
            "create a new Mino (Mino.builder()...build()) to go on");
    }

    /**
     * Removes the sandboxes started through this runtime that are still open (not detached ones:
     * those are meant to outlive it), lets go of the other handles (detached sandboxes, sessions
     * opened by name: they keep running), stops following the engines' events, closes the clients
     * (cancelling calls still waiting, evicting pooled connections), takes the shutdown hook away
     * and waits up to {@link #THREADS_END} for its threads to end. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sandboxes.closeAll();
        deaths.values().forEach(ContainerDeaths::close);
        deaths.clear();
        List<PodmanClient> closedClients = List.copyOf(clients.values());
        closedClients.forEach(PodmanClient::close);
        clients.clear();
        awaitThreads();
        // A call that was already answered when the pool was emptied hands its connection back
        // as its thread ends: emptied once more, nothing of this Mino stays open.
        closedClients.forEach(PodmanClient::close);
    }

    private void awaitThreads() {
        long deadline = System.nanoTime() + THREADS_END.toNanos();
        for (Thread thread : List.copyOf(threads)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (thread == Thread.currentThread()) {
                // Closed from a listener called on one of its own threads: that one ends after this.
                continue;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.removeIf(thread -> !thread.isAlive() || thread == Thread.currentThread());
        if (!threads.isEmpty()) {
            LOG.log(Level.WARNING, "threads still running after the Mino was closed: " + threads);
        }
    }
}
