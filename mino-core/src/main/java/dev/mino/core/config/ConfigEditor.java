package dev.mino.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.internal.config.AtomicFiles;
import dev.mino.core.internal.config.ConfigLoader;
import dev.mino.core.internal.config.ConfigSchema;
import dev.mino.core.internal.config.PresetHostsCheck;
import dev.mino.core.internal.config.SensitiveFields;
import dev.mino.core.internal.config.TomlDocument;
import dev.mino.core.internal.config.TomlReader;
import dev.mino.core.internal.config.TomlText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Changes one key in one configuration file, as {@code mino config set} does, and nothing else:
 * comments, layout and the other keys stay as they were, and values from other files are never
 * copied in.
 *
 * <p>The value is typed by the key's schema: booleans accept {@code true/false}, {@code 1/0},
 * {@code yes/no} and {@code on/off} in any letter case; whole numbers must lie between 0 and
 * 4294967295; arrays are given as comma-separated text (items trimmed, empty items dropped);
 * strings are taken as they are. Every key of the schema can be set, including those upstream
 * mino's {@code config set} rejects, single variables of {@code container.env} as
 * {@code container.env.<NAME>}, and one preset's extra hosts as
 * {@code container.network_preset_hosts.<PRESET>} (each item checked as a {@code host:port}
 * destination).
 *
 * <p>Mino must not trip its own trust gate. Given a {@link TrustStore}, an editor that writes a
 * {@value MinoConfig#LOCAL_FILE_NAME} records the new content as trusted when the content it
 * replaced was trusted, had no sensitive settings, or did not exist. It does not when the old
 * content was untrusted, since that would approve settings the user never saw; the next command
 * then asks as usual.
 */
public final class ConfigEditor {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");

    private final TrustStore trustStore;

    /** An editor that never records trust; enough for the global file. */
    public ConfigEditor() {
        this.trustStore = null;
    }

    /**
     * An editor that records its writes of local files in the trust store.
     *
     * @param trustStore the store the trust gate reads
     */
    public ConfigEditor(TrustStore trustStore) {
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
    }

    /**
     * The keys {@link #set(Path, String, String)} accepts, in the order of the documentation;
     * variables of {@code container.env} appear as {@code container.env.<NAME>}.
     */
    public static List<String> settableKeys() {
        List<String> keys = new ArrayList<>();
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            if (key.type() == ConfigSchema.Type.STRING_MAP) {
                keys.add(key.name() + ".<NAME>");
            } else if (key.type() == ConfigSchema.Type.STRING_LIST_MAP) {
                keys.add(key.name() + ".<PRESET>");
            } else {
                keys.add(key.name());
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Sets the key in the file, creating the file (and, for a global file, its directory) if
     * needed.
     *
     * @param file the file to change: the global file in effect or a {@code .mino.toml}
     * @param key a dotted key from {@link #settableKeys()}
     * @param value the value as text, typed by the key's schema
     * @throws ConfigException for an unknown key (the hint lists the valid ones), a value that
     *     does not fit the key, a file that cannot be read, parsed or written, a {@code .mino.toml}
     *     that is a symbolic link, or a key this editor cannot change without rewriting the file
     *     (inside an inline table)
     */
    public ConfigEdit set(Path file, String key, String value) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(value, "value");
        Target target = resolveKey(key);
        String literal = toToml(target, value);
        checkMeaning(target, literal);
        JsonNode node = TomlReader.parseValue(literal);
        return edit(file, key, target.path(), Optional.of(literal),
            (document, path) -> document.set(path, literal),
            tree -> put(tree, target.path(), node));
    }

    /**
     * Removes the key from the file, so the value comes from the other file or the default
     * again. A key that is not in the file, or a file that does not exist, is left alone.
     *
     * @param file the file to change
     * @param key a dotted key from {@link #settableKeys()}
     * @throws ConfigException for an unknown key, a file that cannot be read, parsed or
     *     written, a {@code .mino.toml} that is a symbolic link, or a key inside an inline table
     */
    public ConfigEdit unset(Path file, String key) {
        Objects.requireNonNull(file, "file");
        Target target = resolveKey(key);
        if (!Files.exists(file)) {
            return new ConfigEdit(file.toAbsolutePath(), key, Optional.empty(), false, false);
        }
        return edit(file, key, target.path(), Optional.empty(),
            (document, path) -> document.remove(path),
            tree -> remove(tree, target.path()));
    }

    /**
     * Writes {@link ConfigRenderer#defaultTemplate()}, as {@code mino config init} does,
     * creating the directory if needed. A local file written this way is recorded as trusted
     * (when the editor has a trust store), since none of the old content remains.
     *
     * @param file where to write
     * @param overwrite whether to replace an existing file
     * @return false when the file exists and overwrite is false (nothing was written)
     * @throws ConfigException when the directory or the file cannot be written, or when a
     *     {@code .mino.toml} to replace is a symbolic link
     */
    public boolean writeTemplate(Path file, boolean overwrite) {
        Objects.requireNonNull(file, "file");
        if (Files.exists(file) && !overwrite) {
            return false;
        }
        refuseLinkedLocalFile(file);
        Path target = realTarget(file);
        byte[] bytes = ConfigRenderer.defaultTemplate().getBytes(StandardCharsets.UTF_8);
        write(target, bytes);
        if (trustStore != null && isLocalFile(target)) {
            trustStore.trust(target, bytes);
        }
        return true;
    }

    private interface TextEdit {
        String apply(TomlDocument document, List<String> path);
    }

    private interface TreeEdit {
        void apply(ObjectNode tree);
    }

    private ConfigEdit edit(Path file, String key, List<String> path, Optional<String> literal, TextEdit textEdit,
        TreeEdit treeEdit) {
        refuseLinkedLocalFile(file);
        Path target = realTarget(file);
        Optional<byte[]> oldBytes = TomlReader.readIfExists(target, "config from");
        String oldText = oldBytes.map(bytes -> TomlReader.decode(bytes, target)).orElse("");
        ObjectNode oldTree = TomlReader.parse(oldText, target);
        requireTables(oldTree, path, target);

        String newText;
        try {
            newText = textEdit.apply(TomlDocument.of(oldText), path);
        } catch (TomlDocument.UnsupportedEdit e) {
            throw cannotEdit(target, key, e.getMessage(), e);
        }
        // The scanner is not a full TOML parser; the result must mean exactly the intended change.
        ObjectNode expected = oldTree.deepCopy();
        treeEdit.apply(expected);
        ObjectNode actual;
        try {
            actual = TomlReader.parse(newText, target);
        } catch (ConfigException e) {
            throw cannotEdit(target, key, "the edited file would not be valid TOML", e);
        }
        if (!expected.equals(actual)) {
            throw cannotEdit(target, key, "the edit would change other keys", null);
        }
        if (newText.equals(oldText) && oldBytes.isPresent()) {
            return new ConfigEdit(target, key, literal, false, false);
        }

        byte[] newBytes = newText.getBytes(StandardCharsets.UTF_8);
        boolean recordTrust = trustStore != null && isLocalFile(target)
            && !SensitiveFields.find(actual).isEmpty()
            && (oldBytes.isEmpty() || SensitiveFields.find(oldTree).isEmpty()
                || trustStore.isTrusted(target, oldBytes.get()));
        write(target, newBytes);
        if (recordTrust) {
            trustStore.trust(target, newBytes);
        }
        return new ConfigEdit(target, key, literal, true, recordTrust);
    }

    private record Target(List<String> path, ConfigSchema.Type type) {
    }

    private static Target resolveKey(String key) {
        Objects.requireNonNull(key, "key");
        Optional<ConfigSchema.Key> known = ConfigSchema.find(key);
        if (known.isPresent() && known.get().type() != ConfigSchema.Type.STRING_MAP
            && known.get().type() != ConfigSchema.Type.STRING_LIST_MAP) {
            return new Target(known.get().path(), known.get().type());
        }
        if (key.startsWith(ConfigSchema.ENV_PREFIX) && key.length() > ConfigSchema.ENV_PREFIX.length()) {
            return new Target(List.of("container", "env", key.substring(ConfigSchema.ENV_PREFIX.length())),
                ConfigSchema.Type.STRING);
        }
        String presetPrefix = ConfigSchema.PRESET_HOSTS_PREFIX;
        if (key.startsWith(presetPrefix) && key.length() > presetPrefix.length()) {
            return new Target(List.of("container", "network_preset_hosts", key.substring(presetPrefix.length())),
                ConfigSchema.Type.STRING_LIST);
        }
        throw new ConfigException("Unknown config key: " + key,
            "Valid keys: " + String.join(", ", settableKeys()), null, key, null);
    }

    private static String toToml(Target target, String value) {
        String key = String.join(".", target.path());
        switch (target.type()) {
            case BOOLEAN:
                return MinoEnvironment.parseBoolean(value.trim()).map(String::valueOf)
                    .orElseThrow(() -> badValue(key, value, target.type(),
                        "Use " + MinoEnvironment.BOOLEAN_SPELLINGS));
            case U32: {
                String digits = value.trim();
                if (WHOLE_NUMBER.matcher(digits).matches()) {
                    String plain = digits.replaceFirst("^0+(?=.)", "");
                    if (plain.length() <= 10 && Long.parseLong(plain) <= ConfigSchema.U32_MAX) {
                        return plain;
                    }
                }
                throw badValue(key, value, target.type(), "Use a whole number from 0 to " + ConfigSchema.U32_MAX);
            }
            case STRING_LIST:
                return TomlText.stringArray(Arrays.stream(value.split(",", -1))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .collect(Collectors.toList()));
            case STRING:
            case OPTIONAL_STRING:
                return TomlText.quote(value);
            default:
                throw new IllegalStateException("not settable: " + target.type());
        }
    }

    // A preset's extra hosts must be destinations of a known preset, as the loader will demand.
    private static void checkMeaning(Target target, String literal) {
        if (target.path().size() != 3 || !String.join(".", target.path().subList(0, 2)).equals(PresetHostsCheck.KEY)) {
            return;
        }
        List<String> rules = new ArrayList<>();
        TomlReader.parseValue(literal).forEach(item -> rules.add(item.textValue()));
        PresetHostsCheck.check(Map.of(target.path().get(2), rules)).ifPresent(problem -> {
            throw new ConfigException("Invalid value for " + problem.message(), problem.hint(), null, problem.key(), null);
        });
    }

    private static ConfigException badValue(String key, String value, ConfigSchema.Type type, String hint) {
        return new ConfigException("Invalid value for " + key + ": expected " + type.expected() + ", got "
            + TomlText.quote(value), hint, null, key, null);
    }

    // Upstream's wording; the key named is the part that is not a table.
    private static void requireTables(ObjectNode tree, List<String> path, Path file) {
        JsonNode node = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            node = node.get(path.get(i));
            if (node == null) {
                return;
            }
            if (!node.isObject()) {
                throw new ConfigException("Expected table at key: " + path.get(i),
                    "Make " + TomlText.dottedKey(path.subList(0, i + 1)) + " a table in " + file
                        + ", or remove it", file, String.join(".", path), null);
            }
        }
    }

    private static void put(ObjectNode tree, List<String> path, JsonNode value) {
        ObjectNode table = tree;
        for (String part : path.subList(0, path.size() - 1)) {
            JsonNode child = table.get(part);
            table = child == null ? table.putObject(part) : (ObjectNode) child;
        }
        table.set(path.get(path.size() - 1), value);
    }

    private static void remove(ObjectNode tree, List<String> path) {
        JsonNode table = tree;
        for (String part : path.subList(0, path.size() - 1)) {
            table = table.get(part);
            if (table == null || !table.isObject()) {
                return;
            }
        }
        ((ObjectNode) table).remove(path.get(path.size() - 1));
    }

    private static ConfigException cannotEdit(Path file, String key, String reason, Throwable cause) {
        return new ConfigException("Cannot change " + key + " in " + file + " without rewriting the file: " + reason,
            "Edit " + file + " by hand", file, key, cause);
    }

    // Writes go to the file a symbolic link points at, so the link survives the atomic replace
    // and the trust entry is keyed by the same real path the trust gate computes.
    private static Path realTarget(Path file) {
        try {
            return Files.exists(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    // Writing through a link would change, and keep trusted, another folder's file.
    private static void refuseLinkedLocalFile(Path file) {
        if (isLocalFile(file)) {
            ConfigLoader.refuseLink(file);
        }
    }

    private static boolean isLocalFile(Path file) {
        return file.getFileName() != null && MinoConfig.LOCAL_FILE_NAME.equals(file.getFileName().toString());
    }

    private static void write(Path file, byte[] content) {
        Path directory = file.getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ConfigException("Failed to create config directory " + directory + ": " + e.getMessage(),
                "Make sure " + directory + " can be created by the current user", file, null, e);
        }
        try {
            AtomicFiles.replace(file, content, AtomicFiles.ORDINARY_FILE);
        } catch (IOException e) {
            throw new ConfigException("IO error: writing config to " + file,
                "Make sure " + file + " can be written by the current user", file, null, e);
        }
    }
}
