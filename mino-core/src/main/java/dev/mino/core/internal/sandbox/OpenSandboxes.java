package dev.mino.core.internal.sandbox;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox handles of one {@link MinoRuntime} that are not closed yet. Those it owns (started
 * through it, not detached) are removed by a shutdown hook when the JVM exits normally or on
 * SIGTERM/Ctrl-C (after SIGKILL the next start's sweep removes them), or when the runtime is
 * closed first; the hook is then taken away again, so that a closed runtime leaves nothing behind
 * in the JVM. The others (a detached sandbox, a session opened by name) are only let go.
 */
final class OpenSandboxes {
    private static final System.Logger LOG = System.getLogger(OpenSandboxes.class.getName());
    private final Set<RunningSandbox> owned = ConcurrentHashMap.newKeySet();
    private final Set<RunningSandbox> followed = ConcurrentHashMap.newKeySet();
    /** The hook, once installed; null before and after. */
    private Thread hook;

    /**
     * Keeps {@code sandbox} until it is closed.
     *
     * @param removeAtExit true when the JVM's exit (or the runtime's close) must remove it
     */
    void add(RunningSandbox sandbox, boolean removeAtExit) {
        if (removeAtExit) {
            installHook();
            owned.add(sandbox);
        } else {
            followed.add(sandbox);
        }
    }

    void remove(RunningSandbox sandbox) {
        owned.remove(sandbox);
        followed.remove(sandbox);
    }

    private synchronized void installHook() {
        if (hook != null) {
            return;
        }
        Thread thread = new Thread(this::closeOwned, "mino-sandbox-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(thread);
        } catch (IllegalStateException e) {
            // Already shutting down: nothing can be registered any more.
            return;
        }
        hook = thread;
    }

    /**
     * Removes the sandboxes it owns and lets the others go (their threads end, their containers
     * stay), then takes the shutdown hook away.
     */
    void closeAll() {
        closeOwned();
        for (RunningSandbox sandbox : Set.copyOf(followed)) {
            sandbox.release();
        }
        followed.clear();
        removeHook();
    }

    private void closeOwned() {
        for (RunningSandbox sandbox : Set.copyOf(owned)) {
            try {
                sandbox.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not remove sandbox " + sandbox.sessionName() + ": " + e);
                // Its threads must end all the same; the next start's sweep removes the container.
                sandbox.release();
            }
        }
        owned.clear();
    }

    /** True while a shutdown hook of this registry is installed. */
    synchronized boolean hasHook() {
        return hook != null;
    }

    private synchronized void removeHook() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is exiting: the hook runs, and finds nothing left to close.
        }
        hook = null;
    }
}
