package dev.mino.core.internal.sandbox;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandboxes of this JVM that are not closed yet. A shutdown hook closes them when the JVM
 * exits normally or on SIGTERM/Ctrl-C; after SIGKILL the next start's sweep removes them.
 */
final class OpenSandboxes {
    private static final System.Logger LOG = System.getLogger(OpenSandboxes.class.getName());
    private static final Set<RunningSandbox> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private OpenSandboxes() {
    }

    static void add(RunningSandbox sandbox) {
        installHook();
        OPEN.add(sandbox);
    }

    static void remove(RunningSandbox sandbox) {
        OPEN.remove(sandbox);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(OpenSandboxes::closeAll, "mino-sandbox-cleanup"));
        } catch (IllegalStateException e) {
            // Already shutting down: nothing can be registered any more.
            return;
        }
        hookInstalled = true;
    }

    private static void closeAll() {
        for (RunningSandbox sandbox : Set.copyOf(OPEN)) {
            try {
                sandbox.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not remove sandbox " + sandbox.sessionName() + " at exit: " + e);
            }
        }
    }
}
