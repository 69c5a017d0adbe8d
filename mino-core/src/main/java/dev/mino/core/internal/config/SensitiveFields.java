package dev.mino.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.config.SensitiveField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the settings of a local file that must not take effect without the user's consent.
 *
 * <p>Deny by default: every key of {@link ConfigSchema} is sensitive unless it is listed in
 * {@link #HARMLESS}, so a key added to the schema later (a resource limit, say) needs the user's
 * consent until someone decides it cannot loosen the sandbox. A key is harmless when no value of
 * it can weaken containment or widen what a sandbox gets; some keys are harmless only with the
 * value that tightens ({@code container.read_only = true}, {@code cache.enabled = false}).
 * A top-level {@code credentials} of any shape counts as one field, as upstream. Keys the schema
 * does not know are ignored by loading and so are not looked at here.
 *
 * <p>Upstream mino lists only {@code container.volumes}, {@code env}, {@code network},
 * {@code network_allow}, {@code network_preset}, {@code image}, {@code layers}, {@code workdir},
 * {@code vm.name}, {@code vm.distro} and {@code credentials}; those come first, in upstream's
 * order, and the port's further fields follow in schema order.
 */
public final class SensitiveFields {

    private static final Predicate<JsonNode> ANY_VALUE = value -> true;
    private static final Predicate<JsonNode> ONLY_TRUE = value -> value.isBoolean() && value.booleanValue();
    private static final Predicate<JsonNode> ONLY_FALSE = value -> value.isBoolean() && !value.booleanValue();

    /**
     * The keys an untrusted file may set without asking, with the values for which that holds.
     * Logging and the host-side housekeeping of sessions and caches change nothing a sandbox
     * can do; {@code session.shell} only picks the program {@code exec} starts inside the sandbox.
     */
    static final Map<String, Predicate<JsonNode>> HARMLESS = Map.ofEntries(
        Map.entry("general.verbose", ANY_VALUE),
        Map.entry("general.log_format", ANY_VALUE),
        Map.entry("general.update_check", ANY_VALUE),
        Map.entry("general.audit_log", ONLY_TRUE),
        Map.entry("container.read_only", ONLY_TRUE),
        Map.entry("session.shell", ANY_VALUE),
        Map.entry("session.auto_cleanup_hours", ANY_VALUE),
        Map.entry("cache.enabled", ONLY_FALSE),
        Map.entry("cache.gc_days", ANY_VALUE),
        Map.entry("cache.max_total_gb", ANY_VALUE),
        Map.entry("home.enabled", ONLY_FALSE));

    private static final List<String> UPSTREAM_ORDER = List.of(
        "container.volumes", "container.env", "container.network", "container.network_allow",
        "container.network_preset", "container.image", "container.layers", "container.workdir", "vm.name", "vm.distro",
        SensitiveField.CREDENTIALS);

    private SensitiveFields() {
    }

    /** The sensitive fields present in a file's tree, in a fixed order. */
    public static List<SensitiveField> find(JsonNode tree) {
        List<String> names = new ArrayList<>();
        List<SensitiveField> found = new ArrayList<>();
        JsonNode credentials = tree.get(SensitiveField.CREDENTIALS);
        if (credentials != null) {
            found.add(new SensitiveField(SensitiveField.CREDENTIALS, ValueSummary.full(credentials)));
        }
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            names.add(key.name());
            if (key.path().get(0).equals(SensitiveField.CREDENTIALS)) {
                continue;
            }
            JsonNode value = ConfigSchema.valueAt(tree, key);
            if (value != null && !HARMLESS.getOrDefault(key.name(), v -> false).test(value)) {
                found.add(new SensitiveField(key.name(), ValueSummary.full(value)));
            }
        }
        found.sort(Comparator.comparingInt(field -> rank(field.name(), names)));
        return List.copyOf(found);
    }

    private static int rank(String name, List<String> schemaOrder) {
        int upstream = UPSTREAM_ORDER.indexOf(name);
        return upstream >= 0 ? upstream : UPSTREAM_ORDER.size() + schemaOrder.indexOf(name);
    }
}
