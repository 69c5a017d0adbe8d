package dev.mino.core.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One entry of a container list. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSummary(
    @JsonProperty("Id") String id,
    @JsonProperty("Names") List<String> names,
    @JsonProperty("Image") String image,
    @JsonProperty("State") String state,
    @JsonProperty("Exited") boolean exited,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("Labels") Map<String, String> labels) {

    public ContainerSummary {
        names = names == null ? List.of() : List.copyOf(names);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
