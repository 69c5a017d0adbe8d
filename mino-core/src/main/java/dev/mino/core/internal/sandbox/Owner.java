package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.state.HostName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The process that owns sandboxes: this JVM, named by host, pid and start time, and by the
 * {@link Scope} in which that pid means this process. A sweep removes the sandboxes of owners
 * that no longer run, and judges only owners of its own scope.
 *
 * @param startedMillis when the process started, or 0 when the platform does not say
 * @param scope the machine, boot and PID namespace the pid belongs to
 */
public record Owner(String host, long pid, long startedMillis, Scope scope) {

    /** An owner of this JVM's scope. */
    public Owner(String host, long pid, long startedMillis) {
        this(host, pid, startedMillis, Scope.current());
    }

    /** This JVM. */
    public static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(HostName.local(), self.pid(), startedMillis(self), Scope.current());
    }

    /**
     * True when the process this owner names still runs (the same process, not a reused pid).
     * Only meaningful for an owner of this JVM's scope: elsewhere the pid names another process.
     */
    public boolean isAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || isZombie(pid)) {
            return false;
        }
        long started = startedMillis(process.get());
        return startedMillis == 0 || started == 0 || Math.abs(started - startedMillis) < 2000;
    }

    /**
     * Puts this owner into {@code labels}: host, pid, start time and scope, everything a sweep
     * reads to judge whether the object is abandoned.
     */
    public void addTo(Map<String, String> labels) {
        labels.put(Labels.OWNER_HOST, host);
        labels.put(Labels.OWNER_PID, Long.toString(pid));
        labels.put(Labels.OWNER_STARTED, Long.toString(startedMillis));
        scope.addTo(labels);
    }

    /**
     * True when {@code pid} has ended but its parent has not collected it yet. The JDK counts such
     * a process as alive; a JVM killed under a parent that does not reap at once (an init that
     * reaps now and then, a tool that never waits) stays one for a while, and its sandboxes must
     * be swept all the same: a zombie runs no code and can close nothing. Linux only: elsewhere
     * there is no {@code /proc} to tell, and the JDK's answer stands.
     */
    static boolean isZombie(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return false;
        }
        // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ')'.
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(end + 2);
        return state == 'Z' || state == 'X' || state == 'x';
    }

    private static long startedMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Where a pid names one process: the machine ({@code /etc/machine-id}), its boot
     * ({@code /proc/sys/kernel/random/boot_id}) and the PID namespace ({@code /proc/self/ns/pid}).
     * The host name alone is not enough: a JVM in a Flatpak sandbox or in a CI container shares
     * the host's name but has pids of its own, and a container of its that looks owned by a dead
     * pid here may belong to a live process there. What the platform does not tell (no
     * {@code /proc} on macOS, no machine id in a minimal container) is {@value #UNKNOWN}.
     */
    public record Scope(String machine, String boot, String pidNamespace) {
        /** The value of a part the platform does not tell. */
        public static final String UNKNOWN = "-";
        private static final Scope CURRENT = read();

        /** The scope of this JVM. */
        public static Scope current() {
            return CURRENT;
        }

        /**
         * The scope recorded in an object's labels, or empty when they hold none: the object was
         * made by a Mino that did not record it, so its pid cannot be placed.
         */
        public static Optional<Scope> ofLabels(Map<String, String> labels) {
            String machine = labels.get(Labels.OWNER_MACHINE);
            String boot = labels.get(Labels.OWNER_BOOT);
            String pidNamespace = labels.get(Labels.OWNER_PID_NAMESPACE);
            if (machine == null || boot == null || pidNamespace == null) {
                return Optional.empty();
            }
            return Optional.of(new Scope(machine, boot, pidNamespace));
        }

        /** Puts this scope into {@code labels}. */
        public void addTo(Map<String, String> labels) {
            labels.put(Labels.OWNER_MACHINE, machine);
            labels.put(Labels.OWNER_BOOT, boot);
            labels.put(Labels.OWNER_PID_NAMESPACE, pidNamespace);
        }

        private static Scope read() {
            String machine = firstLine(Path.of("/etc/machine-id"));
            if (machine.equals(UNKNOWN)) {
                machine = firstLine(Path.of("/var/lib/dbus/machine-id"));
            }
            String pidNamespace;
            try {
                // For example pid:[4026531836]: the namespace's inode, unique while it lives.
                pidNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                pidNamespace = UNKNOWN;
            }
            return new Scope(machine, firstLine(Path.of("/proc/sys/kernel/random/boot_id")), pidNamespace);
        }

        private static String firstLine(Path file) {
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
                return text.isEmpty() || text.length() > 128 ? UNKNOWN : text;
            } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
                return UNKNOWN;
            }
        }
    }
}
