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
 * @param image the image it ran; null in records written by mino 1.6.0
 * @param command the command it ran (empty: the image's default)
 * @param createdAt when the session was created
 * @param updatedAt when its record last changed
 * @param error why it failed, or null
 * @param id the session's random UUID (the {@code id} of its record); null only when the value
 *     was made with the shorter constructor rather than read from a record
 * @param cloudProviders the names of the credential providers whose credentials were injected
 *     into the sandbox, lowercase as the providers name themselves ({@code aws}, {@code github});
 *     a provider that failed without stopping the start is not among them; empty when none were
 *     (and in records written by mino 1.6.0, which never fills them in)
 * @param homeVolume the name of the persistent home volume mounted at {@code /home/developer}
 *     ({@code mino-home-...}), or null when the sandbox had none
 * @param detached true when the sandbox was started to outlive the JVM that started it
 *     ({@link SandboxBuilder#detached(boolean)}, {@code mino run -d}); false in records written by
 *     mino 1.6.0
 */
public record SessionInfo(String name, Status status, String containerId, Integer exitCode, Path projectDir,
                          String image, List<String> command, Instant createdAt, Instant updatedAt, String error,
                          String id, List<String> cloudProviders, String homeVolume, boolean detached) {

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

    /** Copies the lists; a null provider list reads as empty. */
    public SessionInfo {
        command = List.copyOf(command);
        cloudProviders = cloudProviders == null ? List.of() : List.copyOf(cloudProviders);
    }

    /**
     * A session without id, credential providers or home volume, not detached: the constructor
     * from before those components existed, kept so that code calling it still compiles.
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
    public SessionInfo(String name, Status status, String containerId, Integer exitCode, Path projectDir,
                       String image, List<String> command, Instant createdAt, Instant updatedAt, String error) {
        this(name, status, containerId, exitCode, projectDir, image, command, createdAt, updatedAt, error, null,
            List.of(), null, false);
    }

    /** The exit code, when known. */
    public OptionalInt exit() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
