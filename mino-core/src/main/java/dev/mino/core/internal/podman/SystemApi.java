package dev.mino.core.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The libpod system endpoints that are not about one kind of object. */
public final class SystemApi {
    private final PodmanTransport transport;

    SystemApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * What Podman's storage holds and how much room it takes.
     *
     * @param volumes every volume with its size
     * @param images every image with its size
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiskUsage(
        @JsonProperty("Volumes") List<VolumeUsage> volumes,
        @JsonProperty("Images") List<ImageUsage> images) {

        /** Replaces missing lists by empty ones. */
        public DiskUsage {
            volumes = volumes == null ? List.of() : List.copyOf(volumes);
            images = images == null ? List.of() : List.copyOf(images);
        }

        /** The size in bytes of each volume, by name. */
        public Map<String, Long> volumeSizes() {
            Map<String, Long> sizes = new LinkedHashMap<>();
            volumes.forEach(v -> sizes.put(v.name(), v.size()));
            return sizes;
        }

        /** The usage of one volume, or empty when there is no volume of that name. */
        public Optional<VolumeUsage> volume(String name) {
            return volumes.stream().filter(v -> v.name().equals(name)).findFirst();
        }
    }

    /**
     * How much room a volume takes.
     *
     * @param name the volume's name
     * @param size the bytes its data takes
     * @param links how many containers, running or not, refer to it
     * @param reclaimableSize the bytes that removing it would free (its size when no container refers to it)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VolumeUsage(
        @JsonProperty("VolumeName") String name,
        @JsonProperty("Size") long size,
        @JsonProperty("Links") int links,
        @JsonProperty("ReclaimableSize") long reclaimableSize) {
    }

    /**
     * How much room an image takes.
     *
     * @param id the image id, 64 hex digits
     * @param repository the name without the tag
     * @param tag the tag
     * @param created when it was made, RFC 3339 text
     * @param size the bytes of all its layers
     * @param sharedSize the bytes of layers it shares with other images
     * @param uniqueSize the bytes that only this image uses
     * @param containers how many containers use it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageUsage(
        @JsonProperty("ImageID") String id,
        @JsonProperty("Repository") String repository,
        @JsonProperty("Tag") String tag,
        @JsonProperty("Created") String created,
        @JsonProperty("Size") long size,
        @JsonProperty("SharedSize") long sharedSize,
        @JsonProperty("UniqueSize") long uniqueSize,
        @JsonProperty("Containers") int containers) {
    }

    /**
     * Reports the disk usage of volumes and images ({@code podman system df -v}). Podman measures
     * every volume by walking its files, so this can take a while on large volumes.
     */
    public DiskUsage df() {
        return transport.call(transport.get("system/df", Map.of()).build(), "read disk usage", DiskUsage.class);
    }
}
