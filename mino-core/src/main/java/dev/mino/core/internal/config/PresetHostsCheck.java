package dev.mino.core.internal.config;

import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRule;
import dev.mino.network.PresetCatalog;
import dev.mino.network.RegistryHosts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code container.network_preset_hosts}: every table key must name a preset and every
 * entry must be a destination the allowlist can enforce. Done when the configuration is read, so
 * a typo in a mirror's address fails with the key and the file rather than mid-run.
 */
public final class PresetHostsCheck {

    /** The dotted name of the key. */
    public static final String KEY = "container.network_preset_hosts";

    /** What an entry must look like, for hints. */
    public static final String EXPECTED = "host:port, e.g. mirror.example.internal:443 ([2001:db8::1]:443 for IPv6)";

    private static final List<String> PRESETS = PresetCatalog.of(RegistryHosts.none()).names();

    /**
     * One thing wrong with the table.
     *
     * @param preset the table key of the offending preset, as written
     * @param key the dotted key of the offending preset, e.g. {@code container.network_preset_hosts.dev}
     * @param message what is wrong, naming the key and the entry
     * @param hint what to write instead
     */
    public record Problem(String preset, String key, String message, String hint) {
    }

    private PresetHostsCheck() {
    }

    /** The first problem in the table, in preset order then entry order; empty when all is well. */
    public static Optional<Problem> check(Map<String, List<String>> hosts) {
        for (Map.Entry<String, List<String>> preset : hosts.entrySet()) {
            String key = KEY + "." + TomlText.key(preset.getKey());
            if (!PRESETS.contains(preset.getKey())) {
                return Optional.of(new Problem(preset.getKey(), key, key + ": there is no preset named "
                    + TomlText.quote(preset.getKey()), "Use one of the presets: " + String.join(", ", PRESETS)));
            }
            List<String> rules = preset.getValue();
            for (int i = 0; i < rules.size(); i++) {
                try {
                    NetworkRule.parse(rules.get(i));
                } catch (NetworkPolicyException e) {
                    return Optional.of(new Problem(preset.getKey(), key, key + "[" + i + "] = " + TomlText.quote(rules.get(i))
                        + " is not a valid destination: " + e.getMessage(), "Write each entry as " + EXPECTED));
                }
            }
        }
        return Optional.empty();
    }
}
