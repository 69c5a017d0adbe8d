package dev.mino.core.internal.sandbox;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoException;
import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import dev.mino.network.EgressEvent;
import dev.mino.network.EgressGuard;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows what the egress guard of an allowlisted sandbox reports (the firewall container's
 * stdout, one {@link EgressGuard#EVENT_PREFIX} line per event) on a daemon thread of its own:
 * each event goes to the listener, to the audit log (denials only; run-time allowances are
 * audited where they are asked for) and to a bounded list of the latest events. When the
 * firewall stops while the sandbox is open, the sandbox has lost its network (the guard owned
 * it): that is told as a warning and audited.
 *
 * <p>A handle opened on a running session ({@link #reading}) follows nothing: its events are read
 * from the firewall's log when asked for.
 */
final class EgressMonitor {
    /** How many of the latest events are kept for {@link #events()}. */
    static final int KEPT = 1000;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final int RECONNECT_ATTEMPTS = 120;
    private static final System.Logger LOG = System.getLogger(EgressMonitor.class.getName());

    private final PodmanClient client;
    private final String firewallId;
    /** The sandbox's container, or null for a handle that follows nothing. */
    private final String containerId;
    private final String session;
    private final SandboxListener listener;
    private final SessionJournal journal;
    private final boolean follows;
    private final ArrayDeque<EgressEvent> latest = new ArrayDeque<>();
    /** Allowances this handle asked for and told already, which the guard's own report must not repeat. */
    private final Map<NetworkRule, Integer> toldAllowances = new HashMap<>();
    private final Object lock = new Object();
    private final Object takeLock = new Object();
    private final DenialAudit denials;
    /** How many lines of the guard's output were taken, by the follower or by the last reading at close. */
    private long linesTaken;
    /** Set once a reconnection skipped part of the log: line numbers then no longer match the log's. */
    private volatile boolean gapped;
    private volatile boolean closed;

    private EgressMonitor(PodmanClient client, String firewallId, String containerId, String session,
                          SandboxListener listener, SessionJournal journal, boolean follows) {
        this.client = client;
        this.firewallId = firewallId;
        this.containerId = containerId;
        this.session = session;
        this.listener = listener;
        this.journal = journal;
        this.follows = follows;
        this.denials = new DenialAudit(journal, session, DenialAudit.DEFAULT_LIMIT);
    }

    /**
     * Starts following the guard of a sandbox this JVM started, on a thread of {@code runtime}'s;
     * its events go to {@code listener}.
     */
    static EgressMonitor follow(MinoRuntime runtime, PodmanClient client, String firewallId, String containerId,
                                String session, SandboxListener listener, SessionJournal journal) {
        EgressMonitor monitor = new EgressMonitor(client, firewallId, containerId, session, listener, journal, true);
        runtime.thread("mino-egress-" + session, monitor::run).start();
        return monitor;
    }

    /** A monitor of a session opened from its record: events are read from the log on demand. */
    static EgressMonitor reading(PodmanClient client, String firewallId, String session, SessionJournal journal) {
        return new EgressMonitor(client, firewallId, null, session, SandboxListener.NONE, journal, false);
    }

    /** The latest events, oldest first, at most {@link #KEPT}. */
    List<EgressEvent> events() {
        if (!follows) {
            return readLog();
        }
        synchronized (lock) {
            return List.copyOf(latest);
        }
    }

    /**
     * Opens {@code text} in the guard (an exec in the firewall container), audits it and tells it.
     *
     * @throws InvalidSpecException when the rule is malformed
     * @throws MinoException when the guard is not running or refused
     */
    EgressEvent.DestinationAllowed allow(String text) {
        NetworkRule rule;
        try {
            rule = NetworkRule.parse(text);
        } catch (NetworkPolicyException e) {
            throw new InvalidSpecException(e.getMessage(), e.hint());
        }
        return allow(rule);
    }

    /** Like {@link #allow(String)} with a parsed rule. */
    EgressEvent.DestinationAllowed allow(NetworkRule rule) {
        if (follows) {
            synchronized (lock) {
                // Before the exec: the guard reports the allowance before it answers.
                toldAllowances.merge(rule, 1, Integer::sum);
            }
        }
        boolean done = false;
        try {
            GuardAllowance.open(client, firewallId, session, rule);
            done = true;
        } finally {
            if (!done && follows) {
                forgetAllowance(rule);
            }
        }
        EgressEvent.DestinationAllowed event = new EgressEvent.DestinationAllowed(Instant.now(), rule);
        journal.egressAllowed(session, rule);
        deliver(event);
        return event;
    }

    private void forgetAllowance(NetworkRule rule) {
        synchronized (lock) {
            toldAllowances.computeIfPresent(rule, (r, n) -> n > 1 ? n - 1 : null);
        }
    }

    /**
     * Stops telling: nothing is delivered after it returns. First reads what the guard reported
     * that the follower has not yet seen (the log stream runs a little behind), so that a denial
     * just before the end is not lost. The follower itself ends when the firewall container is
     * removed, which closing the sandbox does next: its stream is not closed from here, since
     * closing a chunked response from another thread reads it to its end. Idempotent.
     */
    void close() {
        if (closed) {
            return;
        }
        if (follows && !gapped) {
            catchUp();
        }
        closed = true;
    }

    private void catchUp() {
        long[] number = {0};
        try (InputStream in = client.containers().logs(firewallId, false, -1)) {
            StreamDemultiplexer.copy(in, new GuardOutputLines(line -> take(number[0]++, line)),
                OutputStream.nullOutputStream());
        } catch (IOException | MinoException e) {
            LOG.log(Level.DEBUG, "reading the rest of the egress guard's log of " + session + ": " + e);
        }
    }

    /**
     * Takes line {@code number} of the log once, whoever reads it first: the follower, or the
     * reading at close.
     */
    private void take(long number, String line) {
        // Held while the line is handled, so that events reach the listener in the guard's order.
        synchronized (takeLock) {
            if (number != linesTaken) {
                return;
            }
            linesTaken++;
            onLine(line);
        }
    }

    private void run() {
        int failures = 0;
        // The first connection reads the whole log (nothing before the ready marker is an event);
        // a reconnection only what comes from then on.
        int tail = -1;
        while (!closed) {
            try (InputStream in = client.containers().logs(firewallId, true, tail)) {
                failures = 0;
                long[] number = {0};
                StreamDemultiplexer.copy(in, new GuardOutputLines(line -> {
                    if (gapped) {
                        onLine(line);
                    } else {
                        take(number[0]++, line);
                    }
                }), OutputStream.nullOutputStream());
            } catch (IOException | MinoException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "following the egress guard of " + session + ": " + e);
            }
            if (closed) {
                return;
            }
            Optional<ContainerState> firewall;
            try {
                firewall = client.containers().inspect(firewallId);
            } catch (MinoException e) {
                firewall = null;
            }
            if (firewall != null && (firewall.isEmpty() || !firewall.get().running())) {
                firewallStopped(firewall.map(ContainerState::exitCode).orElse(null));
                return;
            }
            if (++failures > RECONNECT_ATTEMPTS) {
                LOG.log(Level.WARNING, "stopped following the egress guard of " + session
                    + ": the engine did not answer; its events are no longer reported");
                return;
            }
            tail = 0;
            gapped = true;
            try {
                Thread.sleep(RECONNECT_PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void firewallStopped(Integer exitCode) {
        if (closed) {
            return;
        }
        if (!sandboxRuns()) {
            // Removed with its sandbox (mino stop from elsewhere), or after the command ended: no news.
            LOG.log(Level.DEBUG, "the egress firewall of " + session + " ended after its sandbox");
            return;
        }
        String message = "the egress firewall of sandbox " + session + " stopped"
            + (exitCode == null ? "" : " (exit " + exitCode + ")")
            + "; the sandbox has no network from now on (nothing falls back to open)";
        LOG.log(Level.WARNING, message);
        journal.firewallStopped(session, exitCode);
        try {
            listener.onEvent(new MinoEvent.Warning(null, message));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the sandbox listener failed on a warning: " + e);
        }
    }

    private boolean sandboxRuns() {
        try {
            return client.containers().inspect(containerId).map(ContainerState::running).orElse(false);
        } catch (MinoException e) {
            return true;
        }
    }

    private void onLine(String line) {
        if (closed) {
            return;
        }
        EgressGuard.parseEvent(line).ifPresent(event -> {
            if (event instanceof EgressEvent.DestinationAllowed allowed && wasTold(allowed.rule())) {
                return;
            }
            if (event.denied()) {
                denials.record(event);
            }
            deliver(event);
        });
    }

    /** Whether this handle told the allowance already, consuming that once. */
    private boolean wasTold(NetworkRule rule) {
        synchronized (lock) {
            if (!toldAllowances.containsKey(rule)) {
                return false;
            }
            forgetAllowance(rule);
            return true;
        }
    }

    private void deliver(EgressEvent event) {
        synchronized (lock) {
            if (latest.size() == KEPT) {
                latest.removeFirst();
            }
            latest.addLast(event);
        }
        try {
            listener.onEvent(new MinoEvent.Egress(session, event));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the sandbox listener failed on an egress event: " + e);
        }
    }

    private List<EgressEvent> readLog() {
        List<EgressEvent> found = new ArrayList<>();
        // One line per event, besides the ready marker.
        try (InputStream in = client.containers().logs(firewallId, false, KEPT + 1)) {
            StreamDemultiplexer.copy(in, new GuardOutputLines(line -> EgressGuard.parseEvent(line)
                .ifPresent(found::add)), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new MinoException("reading the egress firewall's log of sandbox " + session + " failed: "
                + e.getMessage(), "check that the engine is reachable");
        }
        return List.copyOf(found.subList(Math.max(0, found.size() - KEPT), found.size()));
    }
}
