package dev.mino.core.internal.sandbox;

import dev.mino.core.CapturedOutput;
import dev.mino.core.ExecProcess;
import dev.mino.core.ExecResult;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.PodmanConflictException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.SandboxTimeoutException;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.podman.ExecApi;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import dev.mino.core.internal.spec.Checks;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A started sandbox: the handle {@link SandboxLauncher} returns. */
final class RunningSandbox implements Sandbox {
    private static final System.Logger LOG = System.getLogger(RunningSandbox.class.getName());
    /**
     * How often Podman checks for the exit once we know or suspect it came (and, without events,
     * all along): its default of 250 ms would add a quarter second.
     */
    private static final Duration WAIT_POLL = Duration.ofMillis(10);
    /**
     * How often a running sandbox is looked at in case its death event was missed: each second at
     * first and while the engine's events are not followed, then less often, up to
     * {@link #MAX_LOOK_INTERVAL}; each look costs Podman an OCI runtime {@code state} call.
     */
    private static final Duration LOOK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_LOOK_INTERVAL = Duration.ofSeconds(30);
    /** How long an unreachable engine is waited for before the sandbox's exit is given up on. */
    private static final Duration OUTAGE_LIMIT = Duration.ofMinutes(2);
    private static final int PIPE_CAPACITY = 256 * 1024;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final MinoRuntime runtime;
    private final PodmanClient client;
    private final SandboxPlan plan;
    private final String containerId;
    private final SandboxObjects objects;
    /** True when the sandbox has credential secrets: exec'd commands go through the same wrapper. */
    private final boolean wrapsCommands;
    private final List<String> warnings;
    private final HijackedStream attached;
    private final SessionJournal journal;
    private final java.util.function.IntConsumer onExit;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean sessionEnded = new AtomicBoolean();
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** Set when close() starts removing: the watcher losing the container then is expected. */
    private volatile boolean closing;
    /** Set when the runtime let go of this handle without removing the sandbox: its threads end. */
    private volatile boolean released;
    private final Thread watcher;
    /** Processes started in it whose output has not ended: let go of with the sandbox. */
    private final java.util.Set<RunningProcess> processes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final BytePipe stdoutPipe;
    private final BytePipe stderrPipe;
    private final OutputStream stdin;
    /** What the egress guard reports, for an allowlisted sandbox; null otherwise. */
    private final EgressMonitor egress;
    /** Told the sandbox's exit, once. */
    private final SandboxListener listener;

    /**
     * @param runtime the Mino's runtime: its threads, and its registry of open sandboxes
     * @param objects the sandbox's container and what belongs to it (firewall, secrets)
     * @param closeAtExit true when this JVM owns the sandbox and must remove it when it exits (or
     *     the runtime is closed)
     * @param onExit told the command's exit code when the command ends (caches finalize on 0)
     * @param egress what the egress guard of an allowlisted sandbox reports, or null
     * @param listener told when the command ends (or the sandbox is closed before it was seen to)
     */
    RunningSandbox(MinoRuntime runtime, PodmanClient client, SandboxPlan plan, SandboxObjects objects,
                   List<String> warnings, HijackedStream attached, SessionJournal journal, boolean closeAtExit,
                   java.util.function.IntConsumer onExit, EgressMonitor egress, SandboxListener listener) {
        this.runtime = runtime;
        this.egress = egress;
        this.listener = listener;
        this.client = client;
        this.plan = plan;
        this.containerId = objects.containerId();
        this.objects = objects;
        // A sandbox opened from another JVM has no planned secrets, only those its container names.
        this.wrapsCommands = plan.createBody().containsKey("secrets") || !objects.secrets().isEmpty();
        this.warnings = List.copyOf(warnings);
        this.attached = attached;
        this.journal = journal;
        this.onExit = onExit;
        if (attached != null) {
            stdoutPipe = new BytePipe(PIPE_CAPACITY);
            stderrPipe = new BytePipe(PIPE_CAPACITY);
            stdin = new StdinStream(attached);
            runtime.thread("mino-output-" + plan.sessionName(), this::pumpOutput).start();
        } else {
            stdoutPipe = null;
            stderrPipe = null;
            stdin = null;
        }
        watcher = runtime.thread("mino-wait-" + plan.sessionName(), this::watchExit);
        runtime.sandboxes().add(this, closeAtExit);
        watcher.start();
    }

    static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void pumpOutput() {
        try (InputStream in = attached.output()) {
            if (plan.spec().tty()) {
                in.transferTo(stdoutPipe.output());
            } else {
                StreamDemultiplexer.copy(in, stdoutPipe.output(), stderrPipe.output());
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, "output of " + plan.sessionName() + " ended: " + e);
            }
        } finally {
            stdoutPipe.closeWriter();
            stderrPipe.closeWriter();
        }
    }

    private void watchExit() {
        try {
            try {
                awaitDeath();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (released) {
                return;
            }
            int code = client.containers().waitForExit(containerId, WAIT_POLL);
            if (exit.complete(code)) {
                onExit.accept(code);
                endSession(code);
            }
        } catch (MinoException e) {
            if (!closed && !closing && !released) {
                LOG.log(Level.WARNING, "lost track of sandbox " + plan.sessionName() + ": " + e.describe());
            }
            exit.completeExceptionally(e);
        }
    }

    /**
     * Returns when the container has died or may have: told by the engine's events, or seen by a
     * look at the container now and then. Returns at once when the engine is reachable but its
     * events cannot be followed; the wait that follows then polls as Podman does. While the engine
     * cannot be reached (a restarted service) it keeps looking, for up to {@link #OUTAGE_LIMIT}, so
     * that an exit during the outage is still reported with its code once the engine is back.
     */
    private void awaitDeath() throws InterruptedException {
        ContainerDeaths deaths;
        try {
            deaths = runtime.deaths(client);
        } catch (MinoException e) {
            // The runtime was closed meanwhile.
            return;
        }
        long unreachableSince = 0;
        long lookInterval = LOOK_INTERVAL.toMillis();
        try {
            CompletableFuture<Void> death = deaths.watch(containerId);
            boolean streamLost = death.isCompletedExceptionally();
            while (!closed) {
                if (!streamLost) {
                    try {
                        death.get(lookInterval, TimeUnit.MILLISECONDS);
                        return;
                    } catch (TimeoutException e) {
                        // Nothing heard: look at the container itself, and next time a little later.
                        lookInterval = Math.min(2 * lookInterval, MAX_LOOK_INTERVAL.toMillis());
                    } catch (ExecutionException e) {
                        streamLost = true;
                        lookInterval = LOOK_INTERVAL.toMillis();
                    }
                }
                Optional<Boolean> alive;
                try {
                    alive = Optional.of(alive());
                    unreachableSince = 0;
                } catch (PodmanConnectionException e) {
                    long now = System.nanoTime();
                    if (unreachableSince == 0) {
                        unreachableSince = now;
                        LOG.log(Level.INFO, "lost the engine while watching " + plan.sessionName()
                            + "; looking again every " + LOOK_INTERVAL.toSeconds() + " s: " + e.getMessage());
                    } else if (now - unreachableSince > OUTAGE_LIMIT.toNanos()) {
                        throw e;
                    }
                    alive = Optional.empty();
                }
                if (alive.isPresent() && !alive.get()) {
                    return;
                }
                if (streamLost) {
                    if (alive.isEmpty()) {
                        Thread.sleep(LOOK_INTERVAL.toMillis());
                        continue;
                    }
                    death = deaths.watch(containerId);
                    if (death.isCompletedExceptionally()) {
                        return;
                    }
                    streamLost = false;
                }
            }
        } finally {
            deaths.forget(containerId);
        }
    }

    /** Whether the container may still run its command: it exists and has not exited. */
    private boolean alive() {
        return client.containers().inspect(containerId)
            .map(state -> !"exited".equals(state.status()) && !"stopped".equals(state.status()))
            .orElse(false);
    }

    /**
     * Records the end once, whoever sees it first (the exit watcher or close). Synchronized so that
     * close() returns only after the record is written, whichever thread writes it.
     */
    private synchronized void endSession(Integer code) {
        if (sessionEnded.compareAndSet(false, true)) {
            try {
                journal.stopped(plan.sessionName(), code);
            } finally {
                tellExit(code);
            }
        }
    }

    /** Tells the listener; one that throws must not cost the session its record or the watcher its thread. */
    private void tellExit(Integer code) {
        try {
            listener.onEvent(new MinoEvent.SandboxExited(plan.sessionName(), code));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the sandbox listener failed on the exit of " + plan.sessionName() + ": " + e);
        }
    }

    @Override
    public String sessionName() {
        return plan.sessionName();
    }

    @Override
    public String containerId() {
        return containerId;
    }

    @Override
    public SandboxSpec spec() {
        return plan.spec();
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public int awaitExit(Duration timeout) {
        requireNonNegative(timeout, "awaitExit timeout");
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SandboxTimeoutException("sandbox " + sessionName() + " did not exit within " + timeout,
                "wait longer, or stop() or kill() it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MinoException("interrupted while waiting for sandbox " + sessionName(), "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MinoException mino) {
                throw new MinoException("the exit of sandbox " + sessionName() + " is unknown: " + mino.getMessage(),
                    mino.hint(), mino);
            }
            throw new MinoException("the exit of sandbox " + sessionName() + " is unknown: " + e.getCause(), "",
                e.getCause());
        }
    }

    @Override
    public OptionalInt exitCode() {
        Integer code = exit.isDone() && !exit.isCompletedExceptionally() ? exit.join() : null;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    @Override
    public ExecResult exec(String... command) {
        Objects.requireNonNull(command, "command");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = exec(Arrays.asList(command), null, out, err);
        return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public int exec(List<String> command, InputStream input, OutputStream stdout, OutputStream stderr) {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        List<String> args = new ArrayList<>();
        for (String arg : Objects.requireNonNull(command, "command")) {
            args.add(Checks.argument(arg));
        }
        if (args.isEmpty()) {
            throw new InvalidSpecException("exec needs a command", "pass the program and its arguments");
        }
        requireOpen();
        ExecApi.ExecConfig config = new ExecApi.ExecConfig(wrapped(args), null, plan.spec().workdir(), null, false,
            input != null, true, true);
        String execId = client.exec().create(containerId, config);
        try (HijackedStream stream = client.exec().start(execId, false)) {
            Thread feeder = null;
            if (input != null) {
                feeder = runtime.thread("mino-exec-stdin-" + sessionName(), () -> feed(input, stream));
                feeder.start();
            }
            StreamDemultiplexer.copy(stream.output(), stdout, stderr);
            if (feeder != null) {
                feeder.interrupt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the output of '" + String.join(" ", args) + "' in "
                + sessionName() + " failed", e);
        }
        return client.exec().inspect(execId).exitCode();
    }

    /** Exec'd commands get the credentials too, through the same wrapper as the sandbox's command. */
    private List<String> wrapped(List<String> args) {
        if (!wrapsCommands) {
            return args;
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", SecretDelivery.WRAPPER,
            SecretDelivery.WRAPPER_NAME));
        command.addAll(args);
        return command;
    }

    private static void feed(InputStream input, HijackedStream stream) {
        try (input) {
            input.transferTo(stream.stdin());
            stream.closeStdin();
        } catch (IOException e) {
            // The process ended before reading all of its input: that is its choice.
        }
    }

    @Override
    public ExecProcess startProcess(List<String> command, int rows, int columns) {
        if (rows < 1 || columns < 1 || rows > 10_000 || columns > 10_000) {
            throw new InvalidSpecException("terminal size " + rows + "x" + columns + " is out of range",
                "pass rows and columns between 1 and 10000");
        }
        return startProcess(command, true, rows, columns);
    }

    @Override
    public ExecProcess startProcess(List<String> command, boolean tty) {
        return startProcess(command, tty, 0, 0);
    }

    private ExecProcess startProcess(List<String> command, boolean tty, int rows, int columns) {
        List<String> args = new ArrayList<>();
        for (String arg : Objects.requireNonNull(command, "command")) {
            args.add(Checks.argument(arg));
        }
        if (args.isEmpty()) {
            throw new InvalidSpecException("startProcess needs a command", "pass the program and its arguments");
        }
        requireOpen();
        ExecApi.ExecConfig config = new ExecApi.ExecConfig(wrapped(args), null, plan.spec().workdir(), null, tty, true,
            true, true);
        String execId = client.exec().create(containerId, config);
        RunningProcess[] started = new RunningProcess[1];
        started[0] = new RunningProcess(client, execId, tty, client.exec().start(execId, tty, rows, columns),
            sessionName(), runtime::thread, () -> processes.remove(started[0]));
        processes.add(started[0]);
        return started[0];
    }

    @Override
    public OutputStream stdin() {
        requireAttached();
        return stdin;
    }

    @Override
    public InputStream stdout() {
        requireAttached();
        return stdoutPipe.input();
    }

    @Override
    public InputStream stderr() {
        requireAttached();
        return stderrPipe.input();
    }

    @Override
    public CapturedOutput logs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        logs(out, err, false);
        return new CapturedOutput(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void logs(OutputStream stdout, OutputStream stderr, boolean follow) {
        copyLogs(stdout, stderr, follow, -1);
    }

    @Override
    public void logs(OutputStream stdout, OutputStream stderr, boolean follow, int lines) {
        if (lines < 0) {
            throw new InvalidSpecException("number of log lines is negative: " + lines, "pass 0 or more");
        }
        copyLogs(stdout, stderr, follow, lines);
    }

    private void copyLogs(OutputStream stdout, OutputStream stderr, boolean follow, int tail) {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        requireOpen();
        try (InputStream in = client.containers().logs(containerId, follow, tail)) {
            StreamDemultiplexer.copy(in, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the log of " + sessionName() + " failed", e);
        }
    }

    @Override
    public void resizeTerminal(int rows, int columns) {
        if (rows < 1 || columns < 1 || rows > 10_000 || columns > 10_000) {
            throw new InvalidSpecException("terminal size " + rows + "x" + columns + " is out of range",
                "pass rows and columns between 1 and 10000");
        }
        if (!plan.spec().tty()) {
            throw new MinoException("sandbox " + sessionName() + " has no terminal to resize",
                "call tty(true) on the builder");
        }
        requireOpen();
        client.containers().resize(containerId, rows, columns);
    }

    @Override
    public void stop(Duration timeout) {
        requireNonNegative(timeout, "stop timeout");
        requireOpen();
        client.containers().stop(containerId, timeout);
    }

    @Override
    public void kill() {
        requireOpen();
        try {
            client.containers().kill(containerId, "SIGKILL");
        } catch (PodmanConflictException e) {
            // It is not running any more: nothing to kill.
        }
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            endStreams();
            if (egress != null) {
                // Before the removal: the firewall stopping now is no news.
                egress.close();
            }
            closing = true;
            // May throw while Podman is unreachable; the sandbox then stays open so close() can be retried.
            objects.remove();
            closed = true;
            runtime.sandboxes().remove(this);
        }
        try {
            // The watcher's wait returns as soon as the container is gone; give it a moment so that
            // a command that had already ended is recorded with its exit code.
            exit.get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Killed by the removal, or the engine went away: no exit code to record.
        }
        exit.completeExceptionally(new MinoException("sandbox " + sessionName() + " was closed before its "
            + "command ended", "call awaitExit before close to learn the exit code"));
        endSession(exitCode().isPresent() ? exitCode().getAsInt() : null);
    }

    /**
     * Lets go of the sandbox without removing it, when the runtime closes: its streams are closed,
     * its threads end, and the handle can no longer be used. The container goes on running (a
     * detached sandbox, a session opened by name), and the exit is left for whoever opens it next.
     */
    void release() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            released = true;
            closed = true;
            runtime.sandboxes().remove(this);
        }
        endStreams();
        if (egress != null) {
            egress.close();
        }
        watcher.interrupt();
        exit.completeExceptionally(new MinoException("sandbox " + sessionName() + " was let go when its Mino was "
            + "closed; it goes on running", "open it again by name with a new Mino's sessions().open(...)"));
    }

    /**
     * Closes the attached stream and those of the processes started in it, and ends the writing
     * side of the pipes: a pump blocked on a full pipe that nobody reads (a command flooding its
     * output) ends too, instead of staying blocked for good. What is buffered can still be read.
     */
    private void endStreams() {
        if (attached != null) {
            attached.close();
            stdoutPipe.closeWriter();
            stderrPipe.closeWriter();
        }
        processes.forEach(RunningProcess::close);
    }

    @Override
    public List<EgressEvent> egressEvents() {
        return egress == null ? List.of() : egress.events();
    }

    @Override
    public EgressEvent.DestinationAllowed allowEgress(String rule) {
        Objects.requireNonNull(rule, "rule");
        return requireEgress().allow(rule);
    }

    @Override
    public EgressEvent.DestinationAllowed allowEgress(NetworkRule rule) {
        Objects.requireNonNull(rule, "rule");
        return requireEgress().allow(rule);
    }

    private EgressMonitor requireEgress() {
        if (egress == null) {
            throw new MinoException("sandbox " + sessionName() + " has no egress allowlist to add to",
                "start the sandbox with an allowlist, for example "
                + "network(NetworkPolicy.allow(\"github.com:443\")), to open destinations one by one");
        }
        requireOpen();
        return egress;
    }

    private void requireAttached() {
        if (attached == null) {
            throw new MinoException("sandbox " + sessionName() + " was started without attached streams",
                "call attach(true) on the builder to read and write the command's streams");
        }
    }

    private void requireOpen() {
        runtime.requireOpen();
        if (closed) {
            throw new MinoException("sandbox " + sessionName() + " is closed", "start a new sandbox");
        }
    }

    private static void requireNonNegative(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) {
            throw new InvalidSpecException(what + " is negative: " + timeout, "pass Duration.ZERO or more");
        }
    }

    @Override
    public String toString() {
        return "Sandbox[" + sessionName() + ", " + containerId.substring(0, Math.min(12, containerId.length())) + "]";
    }

    /** The command's stdin: closing it half-closes the connection, which the command sees as end of input. */
    private static final class StdinStream extends OutputStream {
        private final HijackedStream stream;

        StdinStream(HijackedStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            stream.stdin().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stream.stdin().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            stream.stdin().flush();
        }

        @Override
        public void close() throws IOException {
            stream.closeStdin();
        }
    }
}
