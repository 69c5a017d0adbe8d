package dev.mino.layers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The compact JSON forms of {@code [user_install]}: one object per layer for the image tag, and
 * the {@code MINO_LAYER_MANIFEST} array that {@code mino-bootstrap} reads in the container.
 * Field order is fixed (runtime, runtime_version, npm_globals, cargo_tools, uv_tools) because
 * the tag hashes the text.
 */
final class ManifestJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestJson() {
    }

    /** {@code {"runtime":...,...}} without unset or empty fields; {@code {}} when nothing is set. */
    static String userInstall(LayerManifest.UserInstall install) {
        return write(fields(JSON.createObjectNode(), install));
    }

    /** The MINO_LAYER_MANIFEST value, or empty when no layer installs anything for the user. */
    static Optional<String> layerManifest(List<Layer> layers) {
        ArrayNode array = JSON.createArrayNode();
        for (Layer layer : layers) {
            LayerManifest.UserInstall install = layer.manifest().userInstall();
            if (!install.isEmpty()) {
                ObjectNode entry = JSON.createObjectNode().put("name", layer.name());
                array.add(fields(entry, install));
            }
        }
        return array.isEmpty() ? Optional.empty() : Optional.of(write(array));
    }

    private static ObjectNode fields(ObjectNode node, LayerManifest.UserInstall install) {
        install.runtime().filter(s -> !s.isEmpty()).ifPresent(v -> node.put("runtime", v));
        install.runtimeVersion().filter(s -> !s.isEmpty()).ifPresent(v -> node.put("runtime_version", v));
        list(node, "npm_globals", install.npmGlobals());
        list(node, "cargo_tools", install.cargoTools());
        list(node, "uv_tools", install.uvTools());
        return node;
    }

    private static void list(ObjectNode node, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(key);
            values.forEach(array::add);
        }
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of strings always serialises; reaching this is a bug, not bad input.
            throw new IllegalStateException("Cannot write layer manifest JSON", e);
        }
    }
}
