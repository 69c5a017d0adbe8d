package dev.mino.core.internal.podman;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a container's inspect output that the library decides on, plus the raw tree for
 * the rest (tests read mounts, capabilities and env from it).
 *
 * @param status created, initialized, running, exited, ...
 * @param startedAt empty or Podman's zero time when the container never started
 */
public record ContainerState(String id, String name, String status, boolean running, int exitCode,
                             String startedAt, String error, Map<String, String> labels, JsonNode raw) {

    static ContainerState from(JsonNode node) {
        JsonNode state = node.path("State");
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode labelNode = node.path("Config").path("Labels");
        labelNode.fieldNames().forEachRemaining(key -> labels.put(key, labelNode.get(key).asText()));
        return new ContainerState(node.path("Id").asText(), node.path("Name").asText(), state.path("Status").asText(),
            state.path("Running").asBoolean(), state.path("ExitCode").asInt(), state.path("StartedAt").asText(""),
            state.path("Error").asText(""), Map.copyOf(labels), node);
    }

    /** True when the container has run at some point (Podman's wait says 0 for never-started ones). */
    public boolean hasStarted() {
        return !startedAt.isEmpty() && !startedAt.startsWith("0001-01-01");
    }
}
