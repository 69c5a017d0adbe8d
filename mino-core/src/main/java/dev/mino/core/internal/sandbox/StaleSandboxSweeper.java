package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStatus;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes the containers of sandboxes whose owning JVM has died without closing them (SIGKILL,
 * a crash): rootless Podman has no reaper, so the next start of any JVM on the same host does it.
 * Only containers labelled as Mino's and owned by this host, in this JVM's {@link Owner.Scope}
 * (machine, boot and PID namespace), are judged: elsewhere the owner's pid names another process,
 * so a live sandbox of a Flatpak IDE or a CI container on the same host would look abandoned.
 * Objects without a scope (made by a Mino before scopes) are left alone for the same reason:
 * their owner cannot be told from a process of another namespace; {@code stop} removes them.
 */
final class StaleSandboxSweeper {
    private static final System.Logger LOG = System.getLogger(StaleSandboxSweeper.class.getName());
    private StaleSandboxSweeper() {
    }

    /**
     * Starts a sweep of {@code client}'s engine and {@code journal}'s state directory on a thread
     * of its own when one is due, so that it runs while the start goes on; the start then waits
     * for it a bounded time ({@link SweepInProgress#awaitAtMost}). Not due: a sweep already done
     * by {@code runtime} (each Mino keeps its own schedule, and sweeps on its first start).
     */
    static SweepInProgress sweepWhenDue(MinoRuntime runtime, PodmanClient client, Owner self,
                                        SessionJournal journal) {
        if (!runtime.sweeps().claim(client.address().uri() + "|" + journal.store().directory(), System.nanoTime())) {
            return SweepInProgress.NONE;
        }
        return SweepInProgress.start(runtime, () -> sweep(client, self, journal));
    }

    /** Removes the stale sandboxes now and returns the session names it removed. */
    static List<String> sweep(PodmanClient client, Owner self, SessionJournal journal) {
        List<String> removed = new ArrayList<>();
        List<ContainerSummary> ours;
        try {
            ours = client.containers().list(new Filters().label(Labels.MANAGED, "true")
                .label(Labels.OWNER_HOST, self.host()), true);
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not look for stale sandboxes: " + e.describe());
            return removed;
        }
        // Sandboxes before their firewalls: Podman keeps a network namespace's owner while others use it.
        ours = ours.stream().sorted(java.util.Comparator.comparing(
            (ContainerSummary c) -> Labels.ROLE_FIREWALL.equals(c.labels().get(Labels.ROLE)))).toList();
        Set<String> detachedSessions = detachedSandboxes(ours);
        Set<String> elsewhere = new HashSet<>();
        for (ContainerSummary container : ours) {
            if (!inScopeOf(self, container.labels())) {
                elsewhere.add(container.labels().getOrDefault(Labels.SESSION, ""));
                continue;
            }
            Owner owner = ownerOf(container, self.host());
            if (owner == null || owner.pid() == self.pid() || owner.isAlive()) {
                continue;
            }
            String session = container.labels().getOrDefault(Labels.SESSION, "");
            if (isDetached(container.labels()) && detachedSessions.contains(session)) {
                // Meant to outlive its JVM: removed only when someone stops it.
                continue;
            }
            if (ownerFromImage(client, container)) {
                LOG.log(Level.DEBUG, "left container " + container.id() + " alone: its image, not Mino, labelled"
                    + " it as session " + session + " of process " + owner.pid());
                continue;
            }
            try {
                client.containers().remove(container.id(), true);
                if (!isSandbox(container.labels())) {
                    // A firewall or a build's network holder: not a session of its own.
                    continue;
                }
                removed.add(session);
                LOG.log(Level.INFO, "removed sandbox " + session + " left behind by process " + owner.pid());
            } catch (MinoException e) {
                LOG.log(Level.WARNING, "could not remove stale sandbox " + session + ": " + e.describe());
            }
        }
        removeOrphanedSecrets(client, self, detachedSessions);
        failAbandonedSessions(self, journal, detachedSessions, elsewhere);
        return removed;
    }

    /**
     * True when the container's session and owner labels are its image's: a container created
     * without Mino (say, with {@code podman run} by the user) from an image whose author labelled
     * it as a sandbox of a dead JVM, so that a sweep would remove it. Mino sets these labels on
     * each sandbox itself, with a session name and a JVM start time no image can have foreseen;
     * Mino's own images carry none of them. Asked only of containers about to be removed.
     */
    private static boolean ownerFromImage(PodmanClient client, ContainerSummary container) {
        Map<String, String> image;
        try {
            image = client.images().identity(container.image()).labels();
        } catch (MinoException e) {
            // An image in use cannot be removed; a tag moved since tells nothing: the labels stand.
            return false;
        }
        return List.of(Labels.SESSION, Labels.OWNER_PID, Labels.OWNER_STARTED).stream()
            .allMatch(key -> image.containsKey(key) && image.get(key).equals(container.labels().get(key)));
    }

    /** True when {@code labels} name an owner of {@code self}'s scope, whose pid means a process here. */
    private static boolean inScopeOf(Owner self, Map<String, String> labels) {
        return Owner.Scope.ofLabels(labels).map(self.scope()::equals).orElse(false);
    }

    /** A session's sandbox container: role sandbox, or none (made by a Mino before roles were set on sandboxes). */
    private static boolean isSandbox(Map<String, String> labels) {
        return Labels.ROLE_SANDBOX.equals(labels.getOrDefault(Labels.ROLE, Labels.ROLE_SANDBOX));
    }

    private static boolean isDetached(Map<String, String> labels) {
        return "true".equals(labels.get(Labels.DETACHED));
    }

    /**
     * The sessions with a detached sandbox container that was started: those are kept with their
     * firewalls and secrets. A detached sandbox whose JVM died before it started the container (or
     * before it created it) never ran, and nobody could stop it: its objects are stale like others.
     */
    private static Set<String> detachedSandboxes(List<ContainerSummary> containers) {
        Set<String> sessions = new HashSet<>();
        for (ContainerSummary container : containers) {
            String state = container.state() == null ? "" : container.state().toLowerCase(Locale.ROOT);
            if (isDetached(container.labels()) && isSandbox(container.labels())
                && !state.equals("created") && !state.equals("configured")) {
                sessions.add(container.labels().getOrDefault(Labels.SESSION, ""));
            }
        }
        return sessions;
    }

    /**
     * Sessions of this host whose JVM died before it closed them (SIGKILL, a crash): they are
     * marked failed. Judged by the records, not by containers, so that a session is failed also
     * when its JVM died before creating the container, or when a sweep of another state directory
     * removed the container first. Detached sandboxes that started are meant to outlive their JVM.
     */
    private static void failAbandonedSessions(Owner self, SessionJournal journal, Set<String> detachedSessions,
                                              Set<String> elsewhere) {
        try {
            for (SessionRecord record : journal.store().list()) {
                // The container's label also counts: records written before they said detached.
                boolean abandoned = record.status() == SessionStatus.STARTING
                    || record.status() == SessionStatus.RUNNING && !record.detached()
                    && !detachedSessions.contains(record.name());
                // A record tells no scope; its container does: one of another namespace is not judged.
                if (!abandoned || elsewhere.contains(record.name()) || !self.host().equals(record.ownerHost())
                    || record.ownerPid() == self.pid()
                    || new Owner(self.host(), record.ownerPid(), 0).isAlive()) {
                    continue;
                }
                String when = record.status() == SessionStatus.STARTING ? " ended while starting it"
                    : " ended without closing it";
                journal.failed(record.name(), "its owner process " + record.ownerPid() + when);
            }
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not look for abandoned sessions: " + e.describe());
        }
    }

    /**
     * Secrets of Mino's whose owner JVM is gone: normally removed with their sandbox, but a JVM
     * killed between creating them and creating the container leaves them alone in the store.
     */
    private static void removeOrphanedSecrets(PodmanClient client, Owner self, Set<String> detachedSessions) {
        try {
            for (SecretsApi.Secret listed : client.secrets().list(null)) {
                String name = listed.name();
                if (name == null || !name.startsWith("mino-")) {
                    continue;
                }
                // The 4.3 list shows no labels; inspect does.
                Map<String, String> labels = client.secrets().inspect(name).map(SecretsApi.Secret::labels)
                    .orElse(Map.of());
                if (!"true".equals(labels.get(Labels.MANAGED)) || !self.host().equals(labels.get(Labels.OWNER_HOST))
                    || !inScopeOf(self, labels)
                    || isDetached(labels) && detachedSessions.contains(labels.getOrDefault(Labels.SESSION, ""))) {
                    // Another host's or PID namespace's, or in use by a detached sandbox that outlives its JVM.
                    continue;
                }
                Owner owner = ownerOf(new ContainerSummary("", List.of(), "", "", true, 0, labels), self.host());
                if (owner != null && owner.pid() != self.pid() && !owner.isAlive()) {
                    client.secrets().remove(name);
                    LOG.log(Level.INFO, "removed secret " + name + " left behind by process " + owner.pid());
                }
            }
        } catch (MinoException e) {
            LOG.log(Level.WARNING, "could not look for stale secrets: " + e.describe());
        }
    }

    private static Owner ownerOf(ContainerSummary container, String host) {
        try {
            long pid = Long.parseLong(container.labels().getOrDefault(Labels.OWNER_PID, ""));
            long started = Long.parseLong(container.labels().getOrDefault(Labels.OWNER_STARTED, "0"));
            return new Owner(host, pid, started);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
