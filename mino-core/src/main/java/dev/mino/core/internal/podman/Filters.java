package dev.mino.core.internal.podman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter of list calls: JSON of {@code map[string][]string}.
 * Labels are ANDed by Podman. A name filter is an unanchored regular expression in Podman, so
 * {@link #exactName} anchors and quotes it.
 */
public final class Filters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<String>> filters = new LinkedHashMap<>();

    /** Objects carrying every one of these labels with these values. */
    public static Filters labels(Map<String, String> labels) {
        Filters f = new Filters();
        labels.forEach(f::label);
        return f;
    }

    /** Adds a {@code key=value} label condition. */
    public Filters label(String key, String value) {
        filters.computeIfAbsent("label", k -> new ArrayList<>()).add(key + "=" + value);
        return this;
    }

    /** Adds a condition that a label key is present, whatever its value. */
    public Filters hasLabel(String key) {
        filters.computeIfAbsent("label", k -> new ArrayList<>()).add(key);
        return this;
    }

    /** Adds an exact name condition. */
    public Filters exactName(String name) {
        String quoted = name.replaceAll("[^A-Za-z0-9_-]", "\\\\$0");
        filters.computeIfAbsent("name", k -> new ArrayList<>()).add("^" + quoted + "$");
        return this;
    }

    /** Adds any other filter, for example {@code reference} or {@code dangling}. */
    public Filters add(String key, String value) {
        filters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** The JSON text for the {@code filters} query parameter. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(filters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
