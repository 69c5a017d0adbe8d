package dev.mino.core.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Podman's answer to a container create: the id, and the warnings it gave (for example that
 * resource limits are ignored on rootless cgroup v1), which callers must surface, not drop.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCreated(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {
    public ContainerCreated {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
