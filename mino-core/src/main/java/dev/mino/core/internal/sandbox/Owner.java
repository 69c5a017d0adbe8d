package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.state.HostName;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that owns sandboxes: this JVM, named by host, pid and start time. A sweep removes
 * the sandboxes of owners that no longer run.
 *
 * @param startedMillis when the process started, or 0 when the platform does not say
 */
public record Owner(String host, long pid, long startedMillis) {

    /** This JVM. */
    public static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(HostName.local(), self.pid(), startedMillis(self));
    }

    /** True when the process this owner names still runs (the same process, not a reused pid). */
    public boolean isAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        long started = startedMillis(process.get());
        return startedMillis == 0 || started == 0 || Math.abs(started - startedMillis) < 2000;
    }

    private static long startedMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
