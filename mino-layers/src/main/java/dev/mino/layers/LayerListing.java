package dev.mino.layers;

import java.util.List;

/**
 * The layers a user can pick from, in the order to show them.
 *
 * @param layers project-local layers first, then the user's, then the built-ins
 *     {@code typescript}, {@code rust}, {@code python}; a name appears once, from the first
 *     place that has it
 * @param warnings layers left out and why (untrusted project, a {@code layer.toml} that does
 *     not parse); the library never prints them
 */
public record LayerListing(List<LayerSummary> layers, List<String> warnings) {

    /**
     * Copies the lists.
     *
     * @param layers the entries
     * @param warnings the warnings
     */
    public LayerListing {
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
    }
}
