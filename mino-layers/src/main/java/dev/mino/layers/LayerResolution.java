package dev.mino.layers;

import java.util.List;

/**
 * The layers found for a list of requested names.
 *
 * @param layers one layer per requested name, in the order requested (duplicates kept)
 * @param warnings things the user should know, for example a project-local layer that was
 *     skipped because the project's config is not trusted; the library never prints them
 */
public record LayerResolution(List<Layer> layers, List<String> warnings) {

    /**
     * Copies the lists.
     *
     * @param layers the layers
     * @param warnings the warnings
     */
    public LayerResolution {
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
    }
}
