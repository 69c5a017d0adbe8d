package dev.mino.core;

import dev.mino.network.EgressEvent;

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

    /**
     * A warning of a kind with a stable {@code code} (one of {@link WarningCodes}), for a caller
     * that decides by kind how often to show it. Such a warning comes once per {@link Mino} (and engine, or
     * message, as its code says), however many sandboxes start. By default it is passed on to
     * {@link #onWarning(String)}, so a listener that knows no codes still hears it.
     */
    default void onWarning(String code, String message) {
        onWarning(message);
    }

    /**
     * What the egress guard of an allowlisted sandbox reported while the sandbox runs: a name its
     * resolver refused, a connection its firewall blocked (repeats to one destination within a few
     * seconds come once), or a destination opened with {@link Sandbox#allowEgress(String)}. Called
     * on a thread of the sandbox's own, in the order the guard reported them, from the moment the
     * sandbox starts until it is closed (denials of the last moment are read when it closes); an
     * allowance asked for through the handle is told on the caller's thread, before
     * {@code allowEgress} returns. Names and addresses come from the sandboxed command: escape them
     * before showing them on a terminal.
     */
    default void onEgressEvent(EgressEvent event) {
    }
}
