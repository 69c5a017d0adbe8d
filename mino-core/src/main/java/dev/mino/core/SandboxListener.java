package dev.mino.core;

import dev.mino.network.EgressEvent;

/**
 * Receives what happens while a sandbox is prepared and run, so that a CLI or an IDE can show it.
 * The library itself never prints. Callbacks run on the thread doing the work; keep them short.
 *
 * <p>{@link #onEvent(MinoEvent)} is the primary method: the library tells everything through it,
 * as typed {@link MinoEvent}s (steps with their durations, build lines, coded warnings, egress
 * reports, credentials issued, the sandbox's exit). Its default passes each event on to the
 * older methods taking strings ({@link #onProgress}, {@link #onBuildOutput}, {@link #onWarning},
 * {@link #onEgressEvent}), so that a listener written for them keeps hearing what it heard before;
 * a listener that overrides {@code onEvent} hears everything there and need not implement the
 * others. The library never calls the string methods itself.
 */
public interface SandboxListener {
    /** A listener that ignores everything. */
    SandboxListener NONE = new SandboxListener() {
    };

    /**
     * A listener that hands every event to {@code events}, for example {@code list::add} or a
     * lambda that switches on the event's type.
     *
     * @param events what receives the events
     * @return the listener
     */
    static SandboxListener of(java.util.function.Consumer<? super MinoEvent> events) {
        java.util.Objects.requireNonNull(events, "events");
        return new SandboxListener() {
            @Override
            public void onEvent(MinoEvent event) {
                events.accept(event);
            }
        };
    }

    /**
     * Something happened. By default: a step that starts goes to {@link #onProgress(String)} with
     * its message (a step's end is not passed on), a build line to {@link #onBuildOutput(String)},
     * a warning to {@link #onWarning(String, String)} when it has a code and to
     * {@link #onWarning(String)} otherwise, an egress report to {@link #onEgressEvent(EgressEvent)};
     * credentials issued and the sandbox's exit have no older method and are dropped.
     *
     * @param event what happened
     */
    default void onEvent(MinoEvent event) {
        if (event instanceof MinoEvent.ProgressStep step) {
            if (step.phase() == MinoEvent.Phase.STARTED) {
                onProgress(step.message());
            }
        } else if (event instanceof MinoEvent.BuildOutput output) {
            onBuildOutput(output.line());
        } else if (event instanceof MinoEvent.Warning warning) {
            if (warning.code() == null) {
                onWarning(warning.message());
            } else {
                onWarning(warning.code(), warning.message());
            }
        } else if (event instanceof MinoEvent.Egress egress) {
            onEgressEvent(egress.event());
        }
    }

    /**
     * A step started, for example "Creating container"; what {@link #onEvent} makes of a
     * {@link MinoEvent.ProgressStep} that starts.
     */
    default void onProgress(String message) {
    }

    /**
     * One line of output of an image build (composing layers), as Podman reports it; lines of the
     * form {@code STEP n/m: <instruction>} mark the steps ({@link MinoEvent.BuildOutput#step()} reads them).
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
