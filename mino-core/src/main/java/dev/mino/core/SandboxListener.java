package dev.mino.core;

/**
 * Receives what happens while a sandbox is prepared and run, so that a CLI or an IDE can show it.
 * The library itself never prints. Callbacks run on the thread doing the work; keep them short.
 */
public interface SandboxListener {
    /** A listener that ignores everything. */
    SandboxListener NONE = new SandboxListener() {
    };

    /** A step started or finished, for example "Creating container". */
    default void onProgress(String message) {
    }

    /**
     * Something the user should know that does not stop the sandbox, for example Podman saying
     * that the pids limit is not enforced on this host.
     */
    default void onWarning(String message) {
    }
}
