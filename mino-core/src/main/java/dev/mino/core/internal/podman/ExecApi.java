package dev.mino.core.internal.podman;

import static dev.mino.core.internal.podman.PodmanTransport.segment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The libpod exec endpoints: run another process in a running container. */
public final class ExecApi {
    private final PodmanTransport transport;

    ExecApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /** What to run: the command, its env ({@code KEY=VALUE}), and where and as whom. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecConfig(
        @JsonProperty("Cmd") List<String> command,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr) {
    }

    /** The state of an exec session. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExecState(@JsonProperty("ID") String id, @JsonProperty("Running") boolean running,
                            @JsonProperty("ExitCode") int exitCode) {
    }

    /** Creates an exec session in a running container and returns its id. */
    public String create(String containerId, ExecConfig config) {
        JsonNode node = transport.callTree(transport.post("containers/" + segment(containerId) + "/exec", Map.of(),
            transport.jsonBody(config)).build(), "create exec in container " + containerId);
        return node.path("Id").asText();
    }

    /**
     * Starts the exec session attached: its output (and stdin) flow over the returned stream, which
     * Podman closes when the process ends. Read it to the end before {@link #inspect}: Podman
     * reports the exit code of attached sessions only.
     */
    public HijackedStream start(String execId, boolean tty) {
        return start(execId, tty, 0, 0);
    }

    /**
     * Starts the exec session attached, its terminal sized {@code rows} x {@code columns} from the
     * first byte (0 for Podman's default), so that no output is drawn for a wrong size.
     */
    public HijackedStream start(String execId, boolean tty, int rows, int columns) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("Detach", false);
        body.put("Tty", tty);
        if (tty && rows > 0 && columns > 0) {
            body.put("h", rows);
            body.put("w", columns);
        }
        return transport.hijack(transport.url("exec/" + segment(execId) + "/start", Map.of()),
            transport.jsonBody(body), "start exec " + execId);
    }

    /** The exec session's state and, once it ended, its exit code. */
    public ExecState inspect(String execId) {
        return transport.call(transport.get("exec/" + segment(execId) + "/json", Map.of()).build(),
            "inspect exec " + execId, ExecState.class);
    }

    /** Sets the size of the exec session's TTY. */
    public void resize(String execId, int rows, int columns) {
        transport.call(transport.post("exec/" + segment(execId) + "/resize", Map.of("h", rows, "w", columns),
            PodmanTransport.emptyBody()).build(), "resize exec " + execId);
    }
}
