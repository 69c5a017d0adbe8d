package dev.mino.core.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code GET /libpod/version} reports about the Podman service. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodmanVersion(
    @JsonProperty("Version") String version,
    @JsonProperty("ApiVersion") String dockerApiVersion,
    @JsonProperty("Os") String os,
    @JsonProperty("Arch") String arch,
    @JsonProperty("KernelVersion") String kernelVersion) {
}
