package dev.mino.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.config.SensitiveField;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Deny by default: every key of the schema needs trust unless it is on the short harmless list. */
class SensitiveFieldsTest {

    /** The keys an untrusted file may set without asking, some only with their tightening value. */
    private static final Set<String> HARMLESS = Set.of("general.verbose", "general.log_format",
        "general.update_check", "general.audit_log", "container.read_only", "session.shell",
        "session.auto_cleanup_hours", "cache.enabled", "cache.gc_days", "cache.max_total_gb", "home.enabled");

    @Test
    void everyKeyOfTheSchemaButTheHarmlessOnesIsSensitiveWhateverItsValue() {
        Set<String> harmless = new TreeSet<>();
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            String expected = key.name().startsWith("credentials.") ? SensitiveField.CREDENTIALS : key.name();
            boolean sensitive = false;
            for (JsonNode value : samples(key.type())) {
                List<String> found = names(SensitiveFields.find(treeWith(key, value)));
                if (!found.isEmpty()) {
                    assertEquals(List.of(expected), found, key.name() + " = " + value);
                    sensitive = true;
                }
            }
            if (!sensitive) {
                harmless.add(key.name());
            }
        }
        assertEquals(new TreeSet<>(Set.of("general.verbose", "general.log_format", "general.update_check",
            "session.shell", "session.auto_cleanup_hours", "cache.gc_days", "cache.max_total_gb")), harmless,
            "harmless whatever the value");
        assertEquals(HARMLESS, SensitiveFields.HARMLESS.keySet(), "a key added to the list must be added here too");
    }

    @Test
    void someKeysAreHarmlessOnlyWithTheValueThatTightens() {
        assertEquals(List.of(), names(SensitiveFields.find(tree("container.read_only", "true"))));
        assertEquals(List.of("container.read_only"), names(SensitiveFields.find(tree("container.read_only", "false"))));
        assertEquals(List.of(), names(SensitiveFields.find(tree("general.audit_log", "true"))));
        assertEquals(List.of("general.audit_log"), names(SensitiveFields.find(tree("general.audit_log", "false"))));
        assertEquals(List.of(), names(SensitiveFields.find(tree("cache.enabled", "false"))));
        assertEquals(List.of("cache.enabled"), names(SensitiveFields.find(tree("cache.enabled", "true"))));
        assertEquals(List.of(), names(SensitiveFields.find(tree("home.enabled", "false"))));
        assertEquals(List.of("home.enabled"), names(SensitiveFields.find(tree("home.enabled", "true"))));
        assertEquals(List.of("home.enabled"), names(SensitiveFields.find(tree("home.enabled", "\"false\""))),
            "a value of the wrong type is not the tightening one");
    }

    @Test
    void credentialsOfAnyShapeCountOnce() {
        assertEquals(List.of("credentials"), names(SensitiveFields.find(TomlReader.parse(
            "credentials = 1\n", Path.of("x")))));
        assertEquals(List.of("credentials"), names(SensitiveFields.find(TomlReader.parse(
            "[credentials.aws]\nenabled = true\n[credentials.gcp]\nproject = \"p\"\n", Path.of("x")))));
    }

    @Test
    void unknownKeysAreNotSensitiveSinceNothingReadsThem() {
        assertTrue(SensitiveFields.find(TomlReader.parse("[container]\nread_onl = false\n[extra]\nx = 1\n",
            Path.of("x"))).isEmpty());
    }

    private static List<String> names(List<SensitiveField> fields) {
        return fields.stream().map(SensitiveField::name).toList();
    }

    private static ObjectNode tree(String key, String literal) {
        return treeWith(ConfigSchema.find(key).orElseThrow(), TomlReader.parseValue(literal));
    }

    private static ObjectNode treeWith(ConfigSchema.Key key, JsonNode value) {
        ObjectNode tree = TomlReader.emptyTree();
        ObjectNode table = tree;
        for (String part : key.tablePath()) {
            table = table.has(part) ? (ObjectNode) table.get(part) : table.putObject(part);
        }
        table.set(key.path().get(key.path().size() - 1), value);
        return tree;
    }

    // Values of the key's type; a boolean is tried both ways, since either may be the one that loosens.
    private static List<JsonNode> samples(ConfigSchema.Type type) {
        List<String> literals = switch (type) {
            case BOOLEAN -> List.of("true", "false");
            case STRING, OPTIONAL_STRING -> List.of("\"x\"");
            case U32 -> List.of("1");
            case STRING_LIST -> List.of("[\"x\"]");
            case STRING_MAP -> List.of("{ A = \"x\" }");
            case STRING_LIST_MAP -> List.of("{ npm = [\"x\"] }");
        };
        return literals.stream().map(TomlReader::parseValue).toList();
    }
}
