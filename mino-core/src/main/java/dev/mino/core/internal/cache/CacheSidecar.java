package dev.mino.core.internal.cache;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.mino.core.internal.state.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one cache volume, kept by Mino beside the volume because Podman cannot change a
 * volume's labels (SPEC 9.5). {@code last_used_at} and {@code projects} are this port's: they let
 * gc evict the least recently used caches and find caches no project uses any more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CacheSidecar(
    @JsonProperty("volume_name") String volumeName,
    @JsonProperty("ecosystem") String ecosystem,
    @JsonProperty("hash") String hash,
    @JsonProperty("state") String state,
    @JsonProperty("created_at")
    @JsonSerialize(using = Timestamps.ZuluSerializer.class)
    @JsonDeserialize(using = Timestamps.InstantDeserializer.class)
    Instant createdAt,
    @JsonProperty("updated_at")
    @JsonSerialize(using = Timestamps.ZuluSerializer.class)
    @JsonDeserialize(using = Timestamps.InstantDeserializer.class)
    Instant updatedAt,
    @JsonProperty("last_used_at")
    @JsonSerialize(using = Timestamps.ZuluSerializer.class)
    @JsonDeserialize(using = Timestamps.InstantDeserializer.class)
    Instant lastUsedAt,
    @JsonProperty("projects") List<String> projects) {

    /** Fills what older sidecars (mino 1.6.0's) lack. */
    public CacheSidecar {
        projects = projects == null ? List.of() : List.copyOf(projects);
        if (lastUsedAt == null) {
            lastUsedAt = updatedAt != null ? updatedAt : createdAt;
        }
    }

    /** A new sidecar for a cache that is being filled. */
    static CacheSidecar building(Lockfile lockfile, Instant now) {
        return new CacheSidecar(lockfile.volumeName(), lockfile.ecosystem().label(), lockfile.hash(),
            CacheState.BUILDING.label(), now, now, now, List.of(lockfile.file().getParent().toString()));
    }

    /** The cache's state. */
    public CacheState cacheState() {
        return CacheState.fromLabel(state);
    }

    CacheSidecar usedBy(String project, Instant now) {
        List<String> all = new ArrayList<>(projects);
        if (!all.contains(project)) {
            all.add(project);
        }
        return new CacheSidecar(volumeName, ecosystem, hash, state, createdAt, now, now, all);
    }

    CacheSidecar completed(Instant now) {
        return new CacheSidecar(volumeName, ecosystem, hash, CacheState.COMPLETE.label(), createdAt, now, lastUsedAt,
            projects);
    }
}
