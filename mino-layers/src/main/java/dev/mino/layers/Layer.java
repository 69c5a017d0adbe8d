package dev.mino.layers;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved layer: its manifest, its install script if it has one, and where it came from.
 *
 * <p>Usually made by {@link LayerResolver}; building one directly lets a caller compose layers
 * that live nowhere on disk.
 *
 * @param manifest the parsed {@code layer.toml}
 * @param installScript the text of {@code install.sh}, run as root when the image is composed;
 *     empty when the layer has none
 * @param source where the layer was found
 * @param directory the layer's directory; empty for built-in layers and layers made in code
 */
public record Layer(LayerManifest manifest, Optional<String> installScript, LayerSource source,
        Optional<Path> directory) {

    /**
     * Checks that every field is present.
     *
     * @param manifest the manifest
     * @param installScript the install script
     * @param source where the layer was found
     * @param directory the layer's directory
     */
    public Layer {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(installScript, "installScript");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(directory, "directory");
    }

    /**
     * Returns the layer's name from its manifest ({@code [layer] name}), which may differ from
     * the name it was asked for (an alias, or a directory named otherwise).
     *
     * @return the name
     */
    public String name() {
        return manifest.name();
    }

    /**
     * Tells whether building an image is needed for this layer: it has an install script or
     * root packages.
     *
     * @return {@code true} if the layer needs a composed image
     */
    public boolean needsBuild() {
        return installScript.isPresent() || !manifest.rootInstall().packages().isEmpty();
    }

    /**
     * Describes where the layer came from, for messages.
     *
     * @return the directory, else {@code built-in layer <name>} or {@code layer <name>}
     */
    public String origin() {
        if (directory.isPresent()) {
            return directory.get().toString();
        }
        return source == LayerSource.BUILT_IN ? "built-in layer " + name() : "layer " + name();
    }
}
