package dev.mino.layers;

import java.util.Objects;

/**
 * What an image name given by the user stands for: a built-in layer, the base image, or an
 * image reference used as is.
 *
 * <ul>
 *   <li>{@code typescript}, {@code ts}, {@code node}: layer {@code typescript};
 *       {@code rust}, {@code cargo}: layer {@code rust}; {@code python}, {@code py}: layer
 *       {@code python}.
 *   <li>{@code base}: the base image layers compose on, with no layers.
 *   <li>Anything else, with or without {@code /} or {@code :}: an image reference, verbatim
 *       (for example {@code fedora}, {@code docker.io/library/alpine:3}).
 * </ul>
 *
 * @param input what the user gave
 * @param kind what it stands for
 * @param target the layer name for {@link Kind#LAYER}, otherwise the image reference to run
 */
public record ImageAlias(String input, Kind kind, String target) {

    /** What an image name stands for. */
    public enum Kind {
        /** A built-in layer, composed onto the base image. */
        LAYER,
        /** The base image itself, with no layers. */
        BASE,
        /** Any other image, used as given. */
        IMAGE
    }

    /**
     * Checks that every field is present.
     *
     * @param input what the user gave
     * @param kind what it stands for
     * @param target the layer name or image reference
     */
    public ImageAlias {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    /**
     * Interprets an image name, with {@link CompositionPlan#DEFAULT_BASE_IMAGE} as the base.
     *
     * @param input the image name the user gave
     * @return what it stands for
     * @throws LayerException if {@code input} is blank
     */
    public static ImageAlias resolve(String input) {
        return resolve(input, CompositionPlan.DEFAULT_BASE_IMAGE);
    }

    /**
     * Interprets an image name.
     *
     * @param input the image name the user gave
     * @param baseImage the image {@code base} stands for (a local one when air-gapped)
     * @return what it stands for
     * @throws LayerException if {@code input} is blank
     */
    public static ImageAlias resolve(String input, String baseImage) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(baseImage, "baseImage");
        if (input.isBlank()) {
            throw new LayerException("Image name cannot be empty",
                    "Give an image reference, 'base', or a layer alias (typescript, rust, python)");
        }
        // A reference with a registry, path or tag is never an alias, even if it ends in one.
        if (input.contains("/") || input.contains(":")) {
            return new ImageAlias(input, Kind.IMAGE, input);
        }
        if (input.equals("base")) {
            return new ImageAlias(input, Kind.BASE, baseImage);
        }
        return BuiltInLayers.canonicalName(input)
                .map(layer -> new ImageAlias(input, Kind.LAYER, layer))
                .orElseGet(() -> new ImageAlias(input, Kind.IMAGE, input));
    }

    /**
     * Tells whether the name stands for a layer, which then has to be resolved and composed.
     *
     * @return {@code true} for {@link Kind#LAYER}
     */
    public boolean isLayer() {
        return kind == Kind.LAYER;
    }
}
