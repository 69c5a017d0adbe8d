package dev.mino.core.internal.podman;

import static dev.mino.core.internal.podman.PodmanTransport.segment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.PodmanException;
import dev.mino.core.PodmanNotFoundException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The libpod network endpoints (netavark bridge networks). Note that Podman 4.3 does not isolate
 * bridge networks from each other: a network is a naming and addressing unit, not a firewall.
 */
public final class NetworksApi {
    private final PodmanTransport transport;

    NetworksApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * A network as Podman describes it.
     *
     * @param name the network's name
     * @param id its id, 64 hex digits
     * @param driver {@code bridge} for the networks this client creates
     * @param networkInterface the bridge device on the host side, for example {@code podman1}
     * @param created when it was created, RFC 3339 text
     * @param subnets its address ranges
     * @param internal true when it has no route out
     * @param dnsEnabled true when containers on it resolve each other by name
     * @param labels its labels
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Network(
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("driver") String driver,
        @JsonProperty("network_interface") String networkInterface,
        @JsonProperty("created") String created,
        @JsonProperty("subnets") List<Subnet> subnets,
        @JsonProperty("internal") boolean internal,
        @JsonProperty("dns_enabled") boolean dnsEnabled,
        @JsonProperty("labels") Map<String, String> labels) {

        /** Replaces missing lists and maps by empty ones. */
        public Network {
            subnets = subnets == null ? List.of() : List.copyOf(subnets);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * One address range of a network.
     *
     * @param subnet the range in CIDR notation, for example {@code 10.89.0.0/24}
     * @param gateway the host side's address in it, or null (internal networks without DNS have none)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subnet(@JsonProperty("subnet") String subnet, @JsonProperty("gateway") String gateway) {
    }

    /**
     * Creates a bridge network. An ordinary network gets Podman's DNS, so that containers on it
     * find each other by name; an internal one does not, because that DNS server forwards every
     * other name to the host's resolver, which would be a way out of a network meant to have none.
     *
     * @param name the network's name
     * @param labels its labels
     * @param internal true for a network without a route out of it
     * @throws dev.mino.core.PodmanConflictException when a network of that name exists
     */
    public Network create(String name, Map<String, String> labels, boolean internal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("driver", "bridge");
        body.put("labels", labels == null ? Map.of() : labels);
        body.put("internal", internal);
        body.put("dns_enabled", !internal);
        return transport.call(transport.post("networks/create", Map.of(), transport.jsonBody(body)).build(),
            "create network " + name, Network.class);
    }

    /**
     * Removes a network. Forcing also removes <em>the containers that use it</em>.
     *
     * @return false when there was no such network
     * @throws dev.mino.core.PodmanConflictException when containers use it and {@code force} is false
     */
    public boolean remove(String name, boolean force) {
        JsonNode answer;
        try {
            answer = transport.callTree(transport.delete("networks/" + segment(name), Map.of("force", force)).build(),
                "remove network " + name);
        } catch (PodmanNotFoundException e) {
            return false;
        }
        // The answer is a list of per-network reports; Podman turns a failed one into an error
        // status, but the report is checked as well in case a version does not.
        for (JsonNode report : answer) {
            JsonNode err = report.path("Err");
            if (!err.isMissingNode() && !err.isNull()) {
                throw new PodmanException("remove network " + name + " failed: " + err, "see Podman's message",
                    200, "");
            }
        }
        return true;
    }

    /** Inspects the network, or empty when it does not exist. */
    public Optional<Network> inspect(String name) {
        try {
            return Optional.of(transport.call(transport.get("networks/" + segment(name) + "/json", Map.of()).build(),
                "inspect network " + name, Network.class));
        } catch (PodmanNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Lists networks matching the filters, for example {@code label}. A {@code name} filter is an
     * unanchored regular expression in Podman: use {@link Filters#exactName}.
     *
     * @param filters the conditions, or null for every network (Podman's default one included)
     */
    public List<Network> list(Filters filters) {
        Network[] found = transport.call(transport.get("networks/json",
            Collections.singletonMap("filters", filters == null ? null : filters.toJson())).build(),
            "list networks", Network[].class);
        return List.of(found);
    }
}
