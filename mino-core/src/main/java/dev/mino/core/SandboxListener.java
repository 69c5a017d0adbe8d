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
     * One line of output of an image build (composing layers), as Podman reports it; lines of the
     * form {@code STEP n/m: <instruction>} mark the steps.
     */
    default void onBuildOutput(String line) {
    }

    /**
     * Something the user should know that does not stop the sandbox, for example Podman saying
     * that the pids limit is not enforced on this host.
     */
    default void onWarning(String message) {
    }
}
