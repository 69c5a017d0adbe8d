package dev.mino.core.internal.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mino.core.MinoException;
import java.util.Locale;

/**
 * Where a session is in its life: {@code starting} (file written) → {@code running} (container
 * started) → {@code stopped}, or {@code starting} → {@code failed}. Written in session files as the
 * lowercase name.
 */
public enum SessionStatus {
    /** The session file exists; the container is being created. */
    STARTING,
    /** The container was started and its id recorded. */
    RUNNING,
    /** The session ended (its command finished or it was stopped). */
    STOPPED,
    /** Creating or starting the container failed. */
    FAILED;

    /** The name used in session files, for example {@code "running"}. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the session is over, so that auto-cleanup may delete its file. */
    public boolean isFinished() {
        return this == STOPPED || this == FAILED;
    }

    /**
     * Reads a status from its session-file name.
     *
     * @throws MinoException when the name is not one of starting, running, stopped, failed
     */
    @JsonCreator
    public static SessionStatus fromJsonName(String name) {
        for (SessionStatus status : values()) {
            if (status.jsonName().equals(name)) {
                return status;
            }
        }
        throw new MinoException("Unknown session status '" + name + "'",
            "Expected one of starting, running, stopped, failed; the session file may come from a newer Mino");
    }
}
