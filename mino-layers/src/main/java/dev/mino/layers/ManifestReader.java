package dev.mino.layers;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code layer.toml} text into a {@link LayerManifest}.
 *
 * <p>The text is read as a tree rather than bound to the records, so that every wrong type can
 * be reported with its exact key and what was expected, which Jackson's binding errors do not
 * say in terms a layer author knows.
 */
final class ManifestReader {

    // Dates and times become their own node type instead of strings, so `X = 2024-01-01` in
    // [env] is reported as not a string rather than silently passed on as text.
    private static final TomlMapper TOML = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    private ManifestReader() {
    }

    static LayerManifest read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new LayerException("IO error: reading layer manifest " + file + ": " + e.getMessage(),
                    "Check that " + file + " exists, is readable and is UTF-8 text", e);
        }
        return parse(text, file.toString());
    }

    static LayerManifest parse(String text, String source) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new LayerException("Invalid configuration at " + source + ": " + e.getOriginalMessage() + where,
                    "Fix the TOML syntax of " + source, e);
        }
        try {
            return new ManifestReader.Tree(root == null ? TOML.createObjectNode() : root).manifest();
        } catch (LayerException e) {
            throw new LayerException(source + ": " + e.getMessage(), e.hint(), e);
        }
    }

    /** Walks one parsed file; every problem is a LayerException whose message starts with the key. */
    private static final class Tree {

        private final JsonNode root;

        Tree(JsonNode root) {
            this.root = root;
        }

        LayerManifest manifest() {
            JsonNode layer = root.get("layer");
            if (layer == null) {
                throw new LayerException("missing required table [layer] (with name, description and version)",
                        "Add a [layer] table with name, description and version");
            }
            requireTable("layer", layer);
            LayerManifest.Info info = new LayerManifest.Info(
                    requiredString(layer, "layer", "name"),
                    requiredString(layer, "layer", "description"),
                    requiredString(layer, "layer", "version"));
            return new LayerManifest(info, env(), cache(), rootInstall(), userInstall());
        }

        private LayerManifest.Env env() {
            JsonNode env = optionalTable("env");
            if (env == null) {
                return LayerManifest.Env.NONE;
            }
            Map<String, String> vars = new LinkedHashMap<>();
            List<String> dirs = List.of();
            for (Map.Entry<String, JsonNode> field : env.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("path_prepend")) {
                    requireTable("env.path_prepend", value);
                    dirs = stringList(value, "env.path_prepend", "dirs");
                } else if (value.isTextual()) {
                    vars.put(key, value.textValue());
                } else {
                    // mino 1.6.0 drops such values without a word; a variable that silently
                    // never appears is harder to debug than an error that says to quote it.
                    throw new LayerException("env." + key + " must be a string, found " + describe(value),
                            "Quote the value in [env], for example " + key + " = \"...\"");
                }
            }
            return new LayerManifest.Env(vars, dirs);
        }

        private LayerManifest.Cache cache() {
            JsonNode cache = optionalTable("cache");
            return cache == null ? LayerManifest.Cache.NONE : new LayerManifest.Cache(stringList(cache, "cache", "paths"));
        }

        private LayerManifest.RootInstall rootInstall() {
            JsonNode table = optionalTable("root_install");
            return table == null
                    ? LayerManifest.RootInstall.NONE
                    : new LayerManifest.RootInstall(stringList(table, "root_install", "packages"));
        }

        private LayerManifest.UserInstall userInstall() {
            JsonNode table = optionalTable("user_install");
            if (table == null) {
                return LayerManifest.UserInstall.NONE;
            }
            return new LayerManifest.UserInstall(
                    optionalString(table, "user_install", "runtime"),
                    optionalString(table, "user_install", "runtime_version"),
                    stringList(table, "user_install", "npm_globals"),
                    stringList(table, "user_install", "cargo_tools"),
                    stringList(table, "user_install", "uv_tools"));
        }

        private JsonNode optionalTable(String name) {
            JsonNode node = root.get(name);
            if (node != null) {
                requireTable(name, node);
            }
            return node;
        }

        private static void requireTable(String key, JsonNode node) {
            if (!node.isObject()) {
                throw new LayerException(key + " must be a table, found " + describe(node));
            }
        }

        private static String requiredString(JsonNode table, String tableName, String key) {
            JsonNode node = table.get(key);
            if (node == null) {
                throw new LayerException(tableName + "." + key + " is required (a string)",
                        "Add " + key + " = \"...\" to the [" + tableName + "] table");
            }
            return string(node, tableName + "." + key);
        }

        private static Optional<String> optionalString(JsonNode table, String tableName, String key) {
            JsonNode node = table.get(key);
            return node == null ? Optional.empty() : Optional.of(string(node, tableName + "." + key));
        }

        private static String string(JsonNode node, String key) {
            if (!node.isTextual()) {
                throw new LayerException(key + " must be a string, found " + describe(node));
            }
            return node.textValue();
        }

        private static List<String> stringList(JsonNode table, String tableName, String key) {
            JsonNode node = table.get(key);
            if (node == null) {
                return List.of();
            }
            String fullKey = tableName + "." + key;
            if (!node.isArray()) {
                throw new LayerException(fullKey + " must be an array of strings, found " + describe(node));
            }
            List<String> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                values.add(string(node.get(i), fullKey + "[" + i + "]"));
            }
            return values;
        }

        private static String describe(JsonNode node) {
            switch (node.getNodeType()) {
                case STRING:
                    return "a string";
                case BOOLEAN:
                    return "a boolean";
                case NUMBER:
                    return node.isIntegralNumber() ? "an integer" : "a float";
                case ARRAY:
                    return "an array";
                case OBJECT:
                    return "a table";
                case POJO:
                    return "a date or time";
                default:
                    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
            }
        }
    }
}
