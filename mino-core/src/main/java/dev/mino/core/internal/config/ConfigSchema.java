package dev.mino.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every key of {@code config.toml} and {@code .mino.toml} with its type: the one list that
 * loading, unknown-key warnings and {@code config set} all agree on. Defaults live in
 * {@link dev.mino.core.config.MinoConfig#defaults()}.
 */
public final class ConfigSchema {

    /** The largest value of an unsigned 32-bit field, the type upstream mino uses for counts. */
    public static final long U32_MAX = 0xFFFF_FFFFL;

    /** The value types that occur in the configuration. */
    public enum Type {
        /** {@code true} or {@code false}. */
        BOOLEAN("a boolean"),
        /** Any string. */
        STRING("a string"),
        /** A string that may be absent; absent and present-but-empty differ. */
        OPTIONAL_STRING("a string"),
        /** A whole number from 0 to {@value ConfigSchema#U32_MAX}. */
        U32("a whole number from 0 to " + U32_MAX),
        /** An array whose items are all strings. */
        STRING_LIST("an array of strings"),
        /** A table whose values are all strings ({@code container.env}). */
        STRING_MAP("a table of strings"),
        /** A table whose values are all arrays of strings ({@code container.network_preset_hosts}). */
        STRING_LIST_MAP("a table of arrays of strings");

        private final String expected;

        Type(String expected) {
            this.expected = expected;
        }

        /** The type as the end of "must be ...", e.g. "a boolean". */
        public String expected() {
            return expected;
        }
    }

    /**
     * One key.
     *
     * @param name the dotted name, e.g. {@code container.read_only}
     * @param path the name split into its parts
     * @param type the value type
     */
    public record Key(String name, List<String> path, Type type) {

        /** The table part of the path (all but the last part). */
        public List<String> tablePath() {
            return path.subList(0, path.size() - 1);
        }
    }

    /** The prefix of the dynamic keys {@code container.env.<NAME>} that {@code config set} accepts. */
    public static final String ENV_PREFIX = "container.env.";

    /** The prefix of the dynamic keys {@code container.network_preset_hosts.<PRESET>} that {@code config set} accepts. */
    public static final String PRESET_HOSTS_PREFIX = PresetHostsCheck.KEY + ".";

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    // By path too, because a quoted key may itself contain dots ("a.b" is not a.b).
    private static final Set<List<String>> KEY_PATHS = new HashSet<>();
    // Every table that holds keys of the schema, including the root (the empty path).
    private static final Set<List<String>> TABLES = new HashSet<>();

    static {
        add("general.verbose", Type.BOOLEAN);
        add("general.log_format", Type.STRING);
        add("general.audit_log", Type.BOOLEAN);
        add("general.update_check", Type.BOOLEAN);
        add("vm.name", Type.STRING);
        add("vm.distro", Type.STRING);
        add("container.image", Type.STRING);
        add("container.env", Type.STRING_MAP);
        add("container.volumes", Type.STRING_LIST);
        add("container.network", Type.STRING);
        add("container.workdir", Type.STRING);
        add("container.network_allow", Type.STRING_LIST);
        add("container.network_preset", Type.OPTIONAL_STRING);
        add("container.layers", Type.STRING_LIST);
        add("container.read_only", Type.BOOLEAN);
        add("container.base_image", Type.STRING);
        add("container.network_preset_hosts", Type.STRING_LIST_MAP);
        add("container.memory", Type.STRING);
        add("container.cpus", Type.STRING);
        add("container.pids_limit", Type.U32);
        add("container.allow_rootful_engine", Type.BOOLEAN);
        add("credentials.aws.enabled", Type.BOOLEAN);
        add("credentials.aws.session_duration_secs", Type.U32);
        add("credentials.aws.role_arn", Type.OPTIONAL_STRING);
        add("credentials.aws.external_id", Type.OPTIONAL_STRING);
        add("credentials.aws.profile", Type.OPTIONAL_STRING);
        add("credentials.aws.region", Type.OPTIONAL_STRING);
        add("credentials.gcp.enabled", Type.BOOLEAN);
        add("credentials.gcp.project", Type.OPTIONAL_STRING);
        add("credentials.gcp.service_account", Type.OPTIONAL_STRING);
        add("credentials.azure.enabled", Type.BOOLEAN);
        add("credentials.azure.subscription", Type.OPTIONAL_STRING);
        add("credentials.azure.tenant", Type.OPTIONAL_STRING);
        add("credentials.github.host", Type.STRING);
        add("credentials.placeholders", Type.BOOLEAN);
        for (String provider : List.of("aws", "gcp", "azure", "github")) {
            add("credentials." + provider + ".placeholder_hosts", Type.STRING_LIST);
        }
        add("session.shell", Type.STRING);
        add("session.auto_cleanup_hours", Type.U32);
        add("cache.enabled", Type.BOOLEAN);
        add("cache.gc_days", Type.U32);
        add("cache.max_total_gb", Type.U32);
        add("home.enabled", Type.BOOLEAN);
    }

    private ConfigSchema() {
    }

    private static void add(String name, Type type) {
        List<String> path = List.of(name.split("\\."));
        KEYS.put(name, new Key(name, path, type));
        KEY_PATHS.add(path);
        for (int i = 0; i < path.size(); i++) {
            TABLES.add(path.subList(0, i));
        }
    }

    /** All keys, in the order of the documentation. */
    public static List<Key> keys() {
        return List.copyOf(KEYS.values());
    }

    /** The key with this dotted name, if the schema has it. */
    public static Optional<Key> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /**
     * The dotted names of keys in a file's tree that the schema does not know, in file order.
     * Values of known keys are not looked into (so the names in {@code container.env} are never
     * unknown), and a known table holding a non-table is left to the type check.
     */
    public static List<String> unknownKeys(JsonNode tree) {
        List<String> unknown = new ArrayList<>();
        collectUnknown(tree, new ArrayList<>(), unknown);
        return unknown;
    }

    private static void collectUnknown(JsonNode table, List<String> path, List<String> unknown) {
        for (Map.Entry<String, JsonNode> field : table.properties()) {
            List<String> child = new ArrayList<>(path);
            child.add(field.getKey());
            if (KEY_PATHS.contains(child)) {
                continue;
            }
            if (TABLES.contains(child)) {
                if (field.getValue().isObject()) {
                    collectUnknown(field.getValue(), child, unknown);
                }
                continue;
            }
            unknown.add(TomlText.dottedKey(child));
        }
    }

    /**
     * Checks a value found in a tree and converts it to its Java form: {@link Boolean},
     * {@link String}, {@link Long}, an unmodifiable {@code List<String>} or an unmodifiable,
     * sorted {@code Map<String, String>}.
     *
     * @param file the file the value came from, named in the error
     * @throws ConfigException naming the file, the key, the expected type and what was found
     */
    public static Object convert(Key key, JsonNode node, Path file) {
        switch (key.type()) {
            case BOOLEAN:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                break;
            case STRING:
            case OPTIONAL_STRING:
                if (node.isTextual()) {
                    return node.textValue();
                }
                break;
            case U32:
                if (node.isIntegralNumber() && node.canConvertToLong()
                    && node.longValue() >= 0 && node.longValue() <= U32_MAX) {
                    return node.longValue();
                }
                break;
            case STRING_LIST:
                if (node.isArray()) {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < node.size(); i++) {
                        JsonNode item = node.get(i);
                        if (!item.isTextual()) {
                            throw typeError(file, key.name(), key.name() + "[" + i + "] must be a string, found "
                                + ValueSummary.describe(item), "a string");
                        }
                        items.add(item.textValue());
                    }
                    return Collections.unmodifiableList(items);
                }
                break;
            case STRING_MAP:
                if (node.isObject()) {
                    Map<String, String> map = new TreeMap<>();
                    for (Map.Entry<String, JsonNode> entry : node.properties()) {
                        if (!entry.getValue().isTextual()) {
                            String entryKey = key.name() + "." + TomlText.key(entry.getKey());
                            throw typeError(file, entryKey, entryKey + " must be a string, found "
                                + ValueSummary.describe(entry.getValue()), "a string");
                        }
                        map.put(entry.getKey(), entry.getValue().textValue());
                    }
                    return Collections.unmodifiableMap(map);
                }
                break;
            case STRING_LIST_MAP:
                if (node.isObject()) {
                    Map<String, List<String>> map = new TreeMap<>();
                    for (Map.Entry<String, JsonNode> entry : node.properties()) {
                        String entryKey = key.name() + "." + TomlText.key(entry.getKey());
                        Key entryAsList = new Key(entryKey, List.of(entryKey), Type.STRING_LIST);
                        @SuppressWarnings("unchecked")
                        List<String> items = (List<String>) convert(entryAsList, entry.getValue(), file);
                        map.put(entry.getKey(), items);
                    }
                    return Collections.unmodifiableMap(map);
                }
                break;
            default:
                throw new IllegalStateException("unhandled type " + key.type());
        }
        throw typeError(file, key.name(), key.name() + " must be " + key.type().expected() + ", found "
            + ValueSummary.describe(node), key.type().expected());
    }

    /**
     * The dotted names of the schema's keys that a file's tree sets, whatever their values; a
     * table that holds a non-table where the schema expects a table sets none of its keys.
     */
    public static Set<String> presentKeys(JsonNode tree) {
        Set<String> present = new java.util.LinkedHashSet<>();
        for (Key key : KEYS.values()) {
            if (valueAt(tree, key) != null) {
                present.add(key.name());
            }
        }
        return Collections.unmodifiableSet(present);
    }

    /** The value a file's tree sets for a key, or null when it sets none (or a table on the way is not a table). */
    public static JsonNode valueAt(JsonNode tree, Key key) {
        JsonNode node = tree;
        for (String part : key.path()) {
            node = node != null && node.isObject() ? node.get(part) : null;
        }
        return node;
    }

    /**
     * The error for a value of the wrong type.
     *
     * @param detail the part after "Invalid configuration at FILE: "
     * @param expected the expected type, for the hint
     */
    public static ConfigException typeError(Path file, String key, String detail, String expected) {
        return new ConfigException("Invalid configuration at " + file + ": " + detail,
            "Change " + key + " in " + file + " to " + expected, file, key, null);
    }
}
