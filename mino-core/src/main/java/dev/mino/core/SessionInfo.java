package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * One recorded session, as {@link Sessions#list()} reports it after checking it against Podman.
 *
 * @param name the session name
 * @param status starting, running, stopped or failed
 * @param containerId the container's id, or null when none was created
 * @param exitCode the command's exit code when known, else null
 * @param projectDir the project folder
 * @param image the image it ran
 * @param command the command it ran (empty: the image's default)
 * @param createdAt when the session was created
 * @param updatedAt when its record last changed
 * @param error why it failed, or null
 */
public record SessionInfo(String name, Status status, String containerId, Integer exitCode, Path projectDir,
                          String image, List<String> command, Instant createdAt, Instant updatedAt, String error) {

    /** Where a session is in its life. */
    public enum Status {
        /** Recorded, container not started yet. */
        STARTING,
        /** Its container runs. */
        RUNNING,
        /** Its command ended or the sandbox was closed. */
        STOPPED,
        /** It could not be started, or its owner died. */
        FAILED
    }

    /** Copies the command list. */
    public SessionInfo {
        command = List.copyOf(command);
    }

    /** The exit code, when known. */
    public OptionalInt exit() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
