package dev.mino.layers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers shipped inside this library: {@code typescript}, {@code rust} and {@code python}.
 *
 * <p>Their {@code layer.toml} and {@code install.sh} come from the {@code images/} folder of the
 * source tree and are packaged as resources under {@code dev/mino/layers/builtin/<name>/}.
 */
public final class BuiltInLayers {

    /** The built-in layer names, in the order the layer prompt lists them. */
    public static final List<String> NAMES = List.of("typescript", "rust", "python");

    private static final Map<String, String> ALIASES = Map.of(
            "typescript", "typescript", "ts", "typescript", "node", "typescript",
            "rust", "rust", "cargo", "rust",
            "python", "python", "py", "python");

    // Parsed once: resolving the same layer again (every sandbox start) should cost no parsing.
    private static final Map<String, Layer> LOADED = new ConcurrentHashMap<>();

    private BuiltInLayers() {
    }

    /**
     * Maps a built-in layer name or one of its aliases ({@code ts}, {@code node}, {@code cargo},
     * {@code py}) to the layer's name.
     *
     * @param nameOrAlias a name as the user typed it
     * @return the built-in layer's name, or empty if it names no built-in layer
     */
    public static Optional<String> canonicalName(String nameOrAlias) {
        return Optional.ofNullable(ALIASES.get(nameOrAlias));
    }

    /**
     * Loads a built-in layer by name or alias.
     *
     * @param nameOrAlias a built-in layer name or alias
     * @return the layer, or empty if it names no built-in layer
     * @throws IllegalStateException if the layer's resources are missing from the jar
     */
    public static Optional<Layer> find(String nameOrAlias) {
        return canonicalName(nameOrAlias).map(name -> LOADED.computeIfAbsent(name, BuiltInLayers::load));
    }

    /**
     * Loads every built-in layer, in the order of {@link #NAMES}.
     *
     * @return the layers
     * @throws IllegalStateException if a layer's resources are missing from the jar
     */
    public static List<Layer> all() {
        return NAMES.stream().map(name -> find(name).orElseThrow()).toList();
    }

    private static Layer load(String name) {
        String dir = "builtin/" + name + "/";
        LayerManifest manifest = LayerManifest.parse(resource(dir + "layer.toml"), "built-in layer " + name + " (layer.toml)");
        String script = resource(dir + "install.sh");
        Optional<String> installScript = onlyComments(script) ? Optional.empty() : Optional.of(script);
        return new Layer(manifest, installScript, LayerSource.BUILT_IN, Optional.empty());
    }

    /**
     * Built-in layers keep an install.sh even when they install nothing as root, to say why;
     * such a script must not force an image build.
     */
    static boolean onlyComments(String script) {
        return script.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    private static String resource(String path) {
        try (InputStream in = BuiltInLayers.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Built-in layer resource missing from the mino-layers jar: "
                        + "dev/mino/layers/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading built-in layer resource dev/mino/layers/" + path, e);
        }
    }
}
