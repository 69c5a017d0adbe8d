package dev.mino.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in allowlist presets, {@code dev} and {@code registries}, as mino 1.6.0 defines them,
 * completed with the user's package registries and with hosts the user adds in config. Immutable.
 *
 * <p>{@code dev}: {@code github.com:443}, {@code github.com:22}, {@code api.github.com:443}, the npm
 * registry, {@code crates.io:443}, {@code static.crates.io:443}, {@code index.crates.io:443},
 * {@code pypi.org:443}, {@code files.pythonhosted.org:443}, {@code api.anthropic.com:443},
 * {@code api.openai.com:443}.
 *
 * <p>{@code registries}: the npm registry, {@code crates.io:443}, {@code static.crates.io:443},
 * {@code index.crates.io:443}, {@code pypi.org:443}, {@code files.pythonhosted.org:443}.
 *
 * <p>The npm registry is the one of {@link RegistryHosts#npm()}, in the place mino 1.6.0 lists it;
 * absent when the user's configuration names none. Unlike mino 1.6.0, both presets then list the
 * Maven repositories of {@link RegistryHosts#maven()}, and last the hosts added with
 * {@link #withExtraHosts(Map)}. A destination listed twice is kept once, where it first appears.
 */
public final class PresetCatalog {
    private static final List<String> NAMES = List.of("dev", "registries");

    private static final List<NetworkRule> GITHUB = List.of(
        new NetworkRule("github.com", 443),
        new NetworkRule("github.com", 22),
        new NetworkRule("api.github.com", 443));

    private static final List<NetworkRule> LANGUAGE_REGISTRIES = List.of(
        new NetworkRule("crates.io", 443),
        new NetworkRule("static.crates.io", 443),
        new NetworkRule("index.crates.io", 443),
        new NetworkRule("pypi.org", 443),
        new NetworkRule("files.pythonhosted.org", 443));

    private static final List<NetworkRule> AI_APIS = List.of(
        new NetworkRule("api.anthropic.com", 443),
        new NetworkRule("api.openai.com", 443));

    private final RegistryHosts registries;
    private final Map<String, List<NetworkRule>> extraHosts;

    private PresetCatalog(RegistryHosts registries, Map<String, List<NetworkRule>> extraHosts) {
        this.registries = registries;
        this.extraHosts = extraHosts;
    }

    /**
     * The presets completed with these registries.
     *
     * @param registries the user's package registries
     * @return the catalog
     */
    public static PresetCatalog of(RegistryHosts registries) {
        return new PresetCatalog(Objects.requireNonNull(registries, "registries"), Map.of());
    }

    /**
     * The presets completed with the current user's registries; reads the environment and the
     * user's npm and Maven configuration.
     *
     * @return the catalog
     * @see RegistryHosts#fromSystem()
     */
    public static PresetCatalog fromSystem() {
        return of(RegistryHosts.fromSystem());
    }

    /**
     * This catalog with more hosts at the end of some presets, as the config key
     * {@code network.preset_hosts.<preset> = ["host:port", ...]} asks. Hosts added by earlier calls
     * are kept.
     *
     * @param extraHosts for each preset name, the rules to add, each as accepted by
     *     {@link NetworkRule#parse(String)}
     * @return the new catalog
     * @throws NetworkPolicyException if a preset name is unknown or a rule is malformed
     */
    public PresetCatalog withExtraHosts(Map<String, List<String>> extraHosts) {
        Map<String, List<NetworkRule>> merged = new LinkedHashMap<>(this.extraHosts);
        extraHosts.forEach((name, rules) -> {
            requireKnown(name);
            List<NetworkRule> all = new ArrayList<>(merged.getOrDefault(name, List.of()));
            all.addAll(NetworkRule.parseAll(rules));
            merged.put(name, List.copyOf(all));
        });
        return new PresetCatalog(registries, Map.copyOf(merged));
    }

    /**
     * The names of the presets.
     *
     * @return {@code dev} and {@code registries}
     */
    public List<String> names() {
        return NAMES;
    }

    /**
     * The destinations of a preset, in order.
     *
     * @param name the preset's name
     * @return the rules, unmodifiable
     * @throws NetworkPolicyException if no preset has that name
     */
    public List<NetworkRule> rules(String name) {
        requireKnown(name);
        LinkedHashSet<NetworkRule> rules = new LinkedHashSet<>();
        if (name.equals("dev")) {
            rules.addAll(GITHUB);
        }
        registries.npm().ifPresent(rules::add);
        rules.addAll(LANGUAGE_REGISTRIES);
        if (name.equals("dev")) {
            rules.addAll(AI_APIS);
        }
        rules.addAll(registries.maven());
        rules.addAll(extraHosts.getOrDefault(name, List.of()));
        return List.copyOf(rules);
    }

    /**
     * The allowlist policy of a preset.
     *
     * @param name the preset's name
     * @return the policy, which remembers the preset's name
     * @throws NetworkPolicyException if no preset has that name
     */
    public NetworkPolicy policy(String name) {
        return NetworkPolicy.allowlist(rules(name), name);
    }

    private static void requireKnown(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAMES.contains(name)) {
            throw new NetworkPolicyException(
                "Unknown network preset '" + HostSyntax.printable(name) + "'. Available presets: " + String.join(", ", NAMES),
                "Choose one of the available presets, or list the hosts yourself in an allowlist.",
                NetworkCodes.UNKNOWN_PRESET);
        }
    }
}
