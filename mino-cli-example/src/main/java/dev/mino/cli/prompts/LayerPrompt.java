package dev.mino.cli.prompts;

import dev.mino.cli.images.ImageAvailability;
import dev.mino.cli.images.RegistryProbe;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.LoadedConfig;
import dev.mino.layers.LayerSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The question which development tools (layers) {@code run} should compose (SPEC 1.3.2 step 6,
 * 1.3.3): when it is asked, its options, and what an answer sets and saves.
 *
 * <p>It is asked only when nothing chooses the image: no {@code --layers}, no {@code --image}, no
 * {@code MINO_LAYERS}, and no file in use sets {@code container.layers} or {@code container.image}
 * (a key written down is an answer, SPEC 16 item 8), whoever wrote it: the image {@code mino setup}
 * records (its stand-in where no registry answers, too) is the image the user set up for. And it
 * offers only what can be had: "Base only" and the layers need the base image, so without it on
 * the engine or a registry that answers for it the question is not asked, and {@code run} says
 * why and goes on with the configured image, as it does without a terminal.
 */
public final class LayerPrompt {
    static final String TITLE = "Select development tools (space to toggle, enter to confirm)";
    static final String SAVE_TITLE = "Save this configuration?";
    static final Choice BASE_ONLY = new Choice("Base only", "Claude Code, zsh, git \u2014 no extra language tools");

    /**
     * What was chosen: no layers means the base image alone.
     *
     * @param layers the layers chosen, in menu order
     */
    public record Answer(List<String> layers) {
        public Answer {
            layers = List.copyOf(layers);
        }

        boolean baseOnly() {
            return layers.isEmpty();
        }

        /** The key that keeps the answer: {@code container.image} for the base image, else {@code container.layers}. */
        String key() {
            return baseOnly() ? "container.image" : "container.layers";
        }

        /** The value as {@code config set} takes it: {@code base}, or the layers comma-separated. */
        String value() {
            return baseOnly() ? "base" : String.join(",", layers);
        }

        public void applyTo(SandboxBuilder builder) {
            if (baseOnly()) {
                builder.image("base");
            } else {
                builder.layers(layers);
            }
        }
    }

    private LayerPrompt() {
    }

    /**
     * @param loaded the configuration in use
     * @param cliLayers {@code --layers}, split
     * @param cliImage {@code --image}, or null
     * @param envLayers {@code MINO_LAYERS}, split
     * @return whether to ask, given that someone is at a terminal
     */
    public static boolean applies(LoadedConfig loaded, List<String> cliLayers, String cliImage, List<String> envLayers) {
        return cliLayers.isEmpty() && cliImage == null && envLayers.isEmpty() && !loaded.isSet("container.layers")
            && !loaded.isSet("container.image");
    }

    /**
     * Why the base image cannot be offered, in words: it is not on the engine, and its registry
     * does not answer (or it was made on a machine, so no registry has it).
     */
    public static String unavailable(String base, ImageAvailability.Source source) {
        String registry = RegistryProbe.registryOf(base).orElse("its registry");
        return "their base image " + base + " is not on the engine, and "
            + (source == ImageAvailability.Source.NOWHERE ? "no registry has it" : registry + " does not answer");
    }

    /** "Base only", then every layer with its description. */
    static List<Choice> choices(List<LayerSummary> layers) {
        List<Choice> choices = new ArrayList<>();
        choices.add(BASE_ONLY);
        for (LayerSummary layer : layers) {
            choices.add(new Choice(layer.name(), layer.description()));
        }
        return choices;
    }

    /**
     * The answer of the indexes picked in {@link #choices}: the real layers picked, or the base
     * image alone when only "Base only" was (a real layer drops it).
     */
    static Answer answer(List<Integer> picked, List<LayerSummary> layers) {
        List<String> names = new ArrayList<>();
        for (int index : picked) {
            if (index > 0) {
                names.add(layers.get(index - 1).name());
            }
        }
        return new Answer(names);
    }
}
