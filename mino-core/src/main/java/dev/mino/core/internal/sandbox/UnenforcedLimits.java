package dev.mino.core.internal.sandbox;

import dev.mino.core.SandboxListener;
import dev.mino.core.WarningCodes;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Tells, once per Mino and engine, that the engine does not enforce the sandboxes' memory, CPU and
 * pids limits (a rootless Podman on cgroup v1 ignores them). Podman says so on every container it
 * creates; repeating that on every run would teach users to skip warnings.
 */
public final class UnenforcedLimits {
    private static final System.Logger LOG = System.getLogger(UnenforcedLimits.class.getName());
    /** The warning a rootless Podman 4.x on cgroup v1 gives on every create with limits. */
    private static final String PODMAN_WARNING = "Resource limits are not supported and ignored on cgroups V1 rootless";
    static final String MESSAGE = "Memory, CPU and pids limits are not enforced: this Podman engine is rootless on"
        + " cgroup v1, which cannot apply them. A sandbox can use all of the host's memory and CPUs; use cgroup v2"
        + " (systemd.unified_cgroup_hierarchy=1) or a rootful engine to have them enforced.";

    private UnenforcedLimits() {
    }

    /**
     * Tells {@code listener} (and the debug log) that the limits are not enforced, the first time
     * {@code told} hears of the engine at {@code engine} only. The listener is where it is shown: a log
     * line at warning level would show it a second time, and on every run of the CLI.
     */
    static void tellOnce(EngineFacts facts, String engine, SandboxListener listener, WarnedOnce told) {
        String message = message(facts);
        if (message != null && told.tell(listener, WarningCodes.LIMITS_NOT_ENFORCED, engine, message)) {
            LOG.log(Level.DEBUG, message);
        }
    }

    /** What is not enforced on an engine with these facts, or null when every limit is. */
    public static String message(EngineFacts facts) {
        if (!facts.enforcesLimits()) {
            return MESSAGE;
        }
        List<String> missing = facts.missingControllers();
        if (missing.isEmpty()) {
            return null;
        }
        return "The " + String.join(", ", missing) + " limits are not enforced: the engine's cgroup v2 lacks the"
            + " " + String.join(", ", missing) + " controller(s) (for a rootless engine, have systemd delegate them:"
            + " Delegate=" + String.join(" ", missing) + " in user@.service.d).";
    }

    /** Whether a warning of Podman's is the one {@link #tellOnce} replaces. */
    static boolean isPodmansWarning(String warning) {
        return warning.contains(PODMAN_WARNING);
    }
}
