package dev.mino.core.internal.podman;

import static dev.mino.core.internal.podman.PodmanTransport.segment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mino.core.PodmanNotFoundException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.RequestBody;

/**
 * The libpod secret endpoints. Podman keeps secret values on the host unencrypted (its file
 * driver), hands them to containers as files and never returns them. Values pass through this
 * class without being logged or put into a message.
 */
public final class SecretsApi {
    /** Podman refuses values outside 1 byte to 512000 bytes. */
    static final int MAX_VALUE_BYTES = 512_000 - 1;

    private final PodmanTransport transport;

    SecretsApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * A secret as Podman describes it: never with its value.
     *
     * @param id Podman's id for it (25 hex digits on 4.3)
     * @param createdAt when it was created, RFC 3339 text
     * @param updatedAt when it last changed, RFC 3339 text
     * @param spec its name, driver and labels
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Secret(
        @JsonProperty("ID") String id,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("UpdatedAt") String updatedAt,
        @JsonProperty("Spec") Spec spec) {

        /** Replaces a missing spec by an empty one. */
        public Secret {
            spec = spec == null ? new Spec(null, null, null) : spec;
        }

        /** The secret's name. */
        public String name() {
            return spec.name();
        }

        /**
         * The secret's labels. Podman 4.3 lists secrets with no labels at all, so only
         * {@link SecretsApi#inspect} gives them reliably.
         */
        public Map<String, String> labels() {
            return spec.labels();
        }
    }

    /**
     * What a secret is.
     *
     * @param name the name containers refer to it by
     * @param driver where Podman stores the value, normally {@code file}
     * @param labels its labels; empty when Podman did not send them (see {@link Secret#labels()})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") Driver driver,
        @JsonProperty("Labels") Map<String, String> labels) {

        /** Replaces missing parts by empty ones. */
        public Spec {
            name = name == null ? "" : name;
            driver = driver == null ? new Driver(null) : driver;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * The driver that stores a secret's value.
     *
     * @param name the driver's name, for example {@code file}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Driver(@JsonProperty("Name") String name) {
        /** Replaces a missing name by an empty one. */
        public Driver {
            name = name == null ? "" : name;
        }
    }

    /**
     * Creates a secret and returns its id. Podman 4.3 cannot replace a secret: remove it first.
     *
     * @param name up to 64 characters of {@code [a-zA-Z0-9-_.]}
     * @param value the secret bytes, 1 to 511999 of them; sent as they are and not kept
     * @param labels the secret's labels
     * @throws dev.mino.core.PodmanConflictException when a secret of that name exists
     */
    public String create(String name, byte[] value, Map<String, String> labels) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (value.length == 0 || value.length > MAX_VALUE_BYTES) {
            // The length only: the value itself must never reach a message.
            throw new IllegalArgumentException("secret " + name + " must have 1 to " + MAX_VALUE_BYTES
                + " bytes, not " + value.length);
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("name", name);
        if (labels != null && !labels.isEmpty()) {
            query.put("labels", toJson(labels));
        }
        // Podman reads a form-typed body as a form and then sees an empty secret: say what it is.
        RequestBody body = RequestBody.create(value, PodmanTransport.OCTET_STREAM);
        return transport.callTree(transport.post("secrets/create", query, body).build(), "create secret " + name)
            .path("ID").asText();
    }

    /**
     * Removes a secret. Containers that refer to it keep their copy, but cannot start again.
     *
     * @return false when there was no such secret
     */
    public boolean remove(String name) {
        try {
            transport.call(transport.delete("secrets/" + segment(name), Map.of()).build(), "remove secret " + name);
            return true;
        } catch (PodmanNotFoundException e) {
            return false;
        }
    }

    /**
     * Inspects a secret (never its value), or empty when it does not exist. Podman 4.3 has no
     * {@code exists} call for secrets; this is the way to ask.
     */
    public Optional<Secret> inspect(String name) {
        try {
            return Optional.of(transport.call(transport.get("secrets/" + segment(name) + "/json", Map.of()).build(),
                "inspect secret " + name, Secret.class));
        } catch (PodmanNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Lists secrets matching the filters. Podman 4.3 knows only {@code name} (an unanchored regular
     * expression: use {@link Filters#exactName}) and {@code id}; a {@code label} filter fails there.
     * Podman 4.3 also sends no labels in this list, even for secrets that have them, so
     * {@link Secret#labels()} is empty here; use {@link #inspect} for labels.
     *
     * @param filters the conditions, or null for every secret
     */
    public List<Secret> list(Filters filters) {
        Secret[] found = transport.call(transport.get("secrets/json",
            Collections.singletonMap("filters", filters == null ? null : filters.toJson())).build(),
            "list secrets", Secret[].class);
        return List.of(found);
    }

    private String toJson(Map<String, String> labels) {
        try {
            return transport.json().writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write labels as JSON: " + e.getMessage(), e);
        }
    }
}
