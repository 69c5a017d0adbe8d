package dev.mino.core.internal.podman;

import static dev.mino.core.internal.podman.PodmanTransport.segment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mino.core.PodmanNotFoundException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The libpod volume endpoints. Podman cannot change a volume's labels after it is created, so put
 * only what never changes (an id) in them and keep the rest elsewhere.
 */
public final class VolumesApi {
    private final PodmanTransport transport;

    VolumesApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * A named volume as Podman describes it.
     *
     * @param name the volume's name
     * @param driver {@code local} for volumes Podman stores itself
     * @param mountpoint where the data lives on the host (under the user's storage when rootless)
     * @param createdAt when it was created, RFC 3339 text
     * @param labels its labels, fixed at creation
     * @param options the driver options it was created with
     * @param mountCount how many containers have it mounted right now
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Volume(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("MountCount") int mountCount) {

        /** Replaces missing maps by empty ones. */
        public Volume {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }

    /**
     * Creates a named volume.
     *
     * @param name the name, or null to let Podman choose a random one
     * @param labels the volume's labels; they cannot be changed later
     * @throws dev.mino.core.PodmanConflictException when a volume of that name exists
     */
    public Volume create(String name, Map<String, String> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("Name", name);
        }
        body.put("Label", labels == null ? Map.of() : labels);
        return transport.call(transport.post("volumes/create", Map.of(), transport.jsonBody(body)).build(),
            "create volume" + (name == null ? "" : " " + name), Volume.class);
    }

    /**
     * Lists volumes matching the filters. A {@code name} filter is an unanchored regular expression
     * in Podman: use {@link Filters#exactName}.
     *
     * @param filters the conditions, or null for every volume
     */
    public List<Volume> list(Filters filters) {
        Volume[] found = transport.call(transport.get("volumes/json",
            Collections.singletonMap("filters", filters == null ? null : filters.toJson())).build(),
            "list volumes", Volume[].class);
        return List.of(found);
    }

    /** Inspects the volume, or empty when it does not exist. */
    public Optional<Volume> inspect(String name) {
        try {
            return Optional.of(transport.call(transport.get("volumes/" + segment(name) + "/json", Map.of()).build(),
                "inspect volume " + name, Volume.class));
        } catch (PodmanNotFoundException e) {
            return Optional.empty();
        }
    }

    /** True when a volume of that name exists. */
    public boolean exists(String name) {
        try {
            transport.call(transport.get("volumes/" + segment(name) + "/exists", Map.of()).build(),
                "check volume " + name);
            return true;
        } catch (PodmanNotFoundException e) {
            return false;
        }
    }

    /**
     * Removes the volume and its data. Forcing also removes <em>the containers that use it</em>.
     *
     * @return false when there was no such volume
     * @throws dev.mino.core.PodmanConflictException when a container uses it and {@code force} is false
     */
    public boolean remove(String name, boolean force) {
        try {
            transport.call(transport.delete("volumes/" + segment(name), Map.of("force", force)).build(),
                "remove volume " + name);
            return true;
        } catch (PodmanNotFoundException e) {
            return false;
        }
    }
}
