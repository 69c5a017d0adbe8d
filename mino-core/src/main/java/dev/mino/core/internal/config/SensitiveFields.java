package dev.mino.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.config.SensitiveField;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the settings of a local file that must not take effect without the user's consent.
 *
 * <p>As upstream mino: under {@code [container]} the keys {@code volumes}, {@code env},
 * {@code network}, {@code network_allow}, {@code network_preset}, {@code image}, {@code layers}
 * and {@code workdir}; under {@code [vm]} {@code name} and {@code distro}; and a top-level
 * {@code credentials} of any shape. Presence counts, whatever the value.
 *
 * <p>The port adds {@code container.base_image} (it picks the image layers are built on, as
 * powerful as {@code image}), {@code container.network_preset_hosts} (it widens an allowlist) and {@code general.audit_log} unless it is exactly {@code true}, so
 * an untrusted file cannot turn the audit log off while leaving it on stays silent.
 */
public final class SensitiveFields {

    private static final List<String> CONTAINER = List.of(
        "volumes", "env", "network", "network_allow", "network_preset", "image", "layers", "workdir", "base_image",
        "network_preset_hosts");
    private static final List<String> VM = List.of("name", "distro");

    private SensitiveFields() {
    }

    /** The sensitive fields present in a file's tree, in a fixed order. */
    public static List<SensitiveField> find(JsonNode tree) {
        List<SensitiveField> found = new ArrayList<>();
        addPresent(tree.get("container"), "container", CONTAINER, found);
        addPresent(tree.get("vm"), "vm", VM, found);
        JsonNode credentials = tree.get("credentials");
        if (credentials != null) {
            found.add(new SensitiveField(SensitiveField.CREDENTIALS, ValueSummary.summary(credentials)));
        }
        JsonNode general = tree.get("general");
        if (general != null && general.isObject()) {
            JsonNode auditLog = general.get("audit_log");
            if (auditLog != null && !(auditLog.isBoolean() && auditLog.booleanValue())) {
                found.add(new SensitiveField("general.audit_log", ValueSummary.summary(auditLog)));
            }
        }
        return found;
    }

    private static void addPresent(JsonNode table, String section, List<String> keys, List<SensitiveField> found) {
        if (table == null || !table.isObject()) {
            return;
        }
        for (String key : keys) {
            JsonNode value = table.get(key);
            if (value != null) {
                found.add(new SensitiveField(section + "." + key, ValueSummary.summary(value)));
            }
        }
    }
}
