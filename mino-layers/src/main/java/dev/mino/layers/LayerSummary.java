package dev.mino.layers;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the list a user picks layers from.
 *
 * @param name the name to pass to {@link LayerResolver#resolve(java.util.List)}: the directory
 *     name for directory layers, the layer name for built-ins
 * @param description {@code [layer] description}
 * @param source where the layer lives
 * @param directory the layer's directory; empty for built-in layers
 */
public record LayerSummary(String name, String description, LayerSource source, Optional<Path> directory) {

    /**
     * Checks that every field is present.
     *
     * @param name the name
     * @param description the description
     * @param source where the layer lives
     * @param directory the directory
     */
    public LayerSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(directory, "directory");
    }
}
