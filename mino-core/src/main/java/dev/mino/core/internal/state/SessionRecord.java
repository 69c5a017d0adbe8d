package dev.mino.core.internal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.mino.core.MinoException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What Mino remembers about one session, stored as {@code <state>/sessions/<name>.json}.
 *
 * <p>The first ten fields are those of upstream mino 1.6.0, in its order, so either tool can read
 * the other's files; the rest are additions of this port. Unknown fields are ignored when read,
 * and missing optional ones read as null or empty. Instances are immutable; the {@code with...}
 * methods return a changed copy whose {@code updated_at} is the given time.
 *
 * @param id a random UUID (version 4)
 * @param name the session name (see {@link SessionNames})
 * @param projectDir the absolute path of the project directory
 * @param command the command run in the container
 * @param containerId the container's id once it was created, else null
 * @param status where the session is in its life
 * @param createdAt when the session was created
 * @param updatedAt when the record last changed
 * @param cloudProviders the credential providers injected into the container, lowercase
 * @param homeVolume the persistent home volume, or null
 * @param image the image the container runs; null only in records written by upstream mino
 * @param exitCode the exit code of the session's command once known, else null
 * @param ownerHost the machine whose Mino started the session; null only in upstream records
 * @param ownerPid the process id of the Mino that started the session; 0 in upstream records
 * @param error why the session failed, or null
 * @param detached true when the sandbox was meant to outlive the JVM that started it; false in
 *     upstream records
 * @param sandbox what the record keeps of the sandbox's spec (no secret); null in upstream records
 *     and in those written before it was kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "name", "project_dir", "command", "container_id", "status", "created_at", "updated_at",
    "cloud_providers", "home_volume", "image", "exit_code", "owner_host", "owner_pid", "error",
    "detached", "sandbox"})
public record SessionRecord(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("project_dir") String projectDir,
    @JsonProperty("command") List<String> command,
    @JsonProperty("container_id") String containerId,
    @JsonProperty("status") SessionStatus status,
    @JsonProperty("created_at")
    @JsonSerialize(using = Timestamps.ZuluSerializer.class)
    @JsonDeserialize(using = Timestamps.InstantDeserializer.class)
    Instant createdAt,
    @JsonProperty("updated_at")
    @JsonSerialize(using = Timestamps.ZuluSerializer.class)
    @JsonDeserialize(using = Timestamps.InstantDeserializer.class)
    Instant updatedAt,
    @JsonProperty("cloud_providers") List<String> cloudProviders,
    @JsonProperty("home_volume") String homeVolume,
    @JsonProperty("image") String image,
    @JsonProperty("exit_code") Integer exitCode,
    @JsonProperty("owner_host") String ownerHost,
    @JsonProperty("owner_pid") long ownerPid,
    @JsonProperty("error") String error,
    @JsonProperty("detached") boolean detached,
    @JsonProperty("sandbox") @JsonInclude(JsonInclude.Include.NON_NULL) SandboxFacts sandbox) {

    /**
     * @throws MinoException when id, name, project_dir, status, created_at or updated_at is missing
     */
    public SessionRecord {
        require(id, "id");
        require(name, "name");
        require(projectDir, "project_dir");
        require(status, "status");
        require(createdAt, "created_at");
        require(updatedAt, "updated_at");
        command = command == null ? List.of() : List.copyOf(command);
        cloudProviders = cloudProviders == null ? List.of() : List.copyOf(cloudProviders);
    }

    /**
     * A new session in status {@code starting}, owned by this process on this machine, with a
     * fresh id and no container yet.
     *
     * @param name the session name, checked with {@link SessionNames#validate(String)}
     * @param projectDir the project directory; made absolute
     * @param command the command to run in the container
     * @param image the image the container runs
     * @param homeVolume the persistent home volume, or null
     * @param detached true when the sandbox is to outlive this process
     * @param now the creation time
     * @throws MinoException when the name is invalid
     */
    public static SessionRecord starting(String name, Path projectDir, List<String> command, String image,
        String homeVolume, boolean detached, Instant now) {
        SessionNames.validate(name);
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(image, "image");
        return new SessionRecord(UUID.randomUUID().toString(), name, projectDir.toAbsolutePath().normalize().toString(),
            command, null, SessionStatus.STARTING, now, now, List.of(), homeVolume, image, null,
            HostName.local(), ProcessHandle.current().pid(), null, detached, null);
    }

    /** A copy with another status. */
    public SessionRecord withStatus(SessionStatus newStatus, Instant now) {
        require(newStatus, "status");
        return new SessionRecord(id, name, projectDir, command, containerId, newStatus, createdAt, now,
            cloudProviders, homeVolume, image, exitCode, ownerHost, ownerPid, error, detached, sandbox);
    }

    /** A copy with the container's id (null to clear it). */
    public SessionRecord withContainerId(String newContainerId, Instant now) {
        return new SessionRecord(id, name, projectDir, command, newContainerId, status, createdAt, now,
            cloudProviders, homeVolume, image, exitCode, ownerHost, ownerPid, error, detached, sandbox);
    }

    /** A copy with the exit code of the session's command (null if unknown). */
    public SessionRecord withExitCode(Integer newExitCode, Instant now) {
        return new SessionRecord(id, name, projectDir, command, containerId, status, createdAt, now,
            cloudProviders, homeVolume, image, newExitCode, ownerHost, ownerPid, error, detached, sandbox);
    }

    /** A copy with the reason the session failed (null to clear it). */
    public SessionRecord withError(String newError, Instant now) {
        return new SessionRecord(id, name, projectDir, command, containerId, status, createdAt, now,
            cloudProviders, homeVolume, image, exitCode, ownerHost, ownerPid, newError, detached, sandbox);
    }

    /** A copy with the injected credential providers replaced. */
    public SessionRecord withCloudProviders(List<String> newCloudProviders, Instant now) {
        return new SessionRecord(id, name, projectDir, command, containerId, status, createdAt, now,
            newCloudProviders, homeVolume, image, exitCode, ownerHost, ownerPid, error, detached, sandbox);
    }

    /** A copy keeping what {@code facts} say of the sandbox's spec. */
    public SessionRecord withSandbox(SandboxFacts facts, Instant now) {
        return new SessionRecord(id, name, projectDir, command, containerId, status, createdAt, now,
            cloudProviders, homeVolume, image, exitCode, ownerHost, ownerPid, error, detached, facts);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new MinoException("Session record has no '" + field + "'",
                "Every session record needs id, name, project_dir, status, created_at and updated_at;"
                    + " a file without them was not written by Mino and can be deleted");
        }
    }
}
