package dev.mino.network;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a sandbox may use the network: {@link #bridge()} (the default), {@link #host()},
 * {@link #none()}, or an allowlist of destinations ({@link #allow(String...)},
 * {@link #preset(String)}). Immutable.
 */
public final class NetworkPolicy {
    private static final NetworkPolicy BRIDGE = new NetworkPolicy(NetworkMode.BRIDGE, List.of(), null);
    private static final NetworkPolicy HOST = new NetworkPolicy(NetworkMode.HOST, List.of(), null);
    private static final NetworkPolicy NONE = new NetworkPolicy(NetworkMode.NONE, List.of(), null);

    private final NetworkMode mode;
    private final List<NetworkRule> rules;
    private final String preset;

    private NetworkPolicy(NetworkMode mode, List<NetworkRule> rules, String preset) {
        this.mode = mode;
        this.rules = rules;
        this.preset = preset;
    }

    /**
     * Podman's bridge network with no restriction on destinations. The default.
     *
     * @return the bridge policy
     */
    public static NetworkPolicy bridge() {
        return BRIDGE;
    }

    /**
     * The host's network namespace.
     *
     * @return the host policy
     */
    public static NetworkPolicy host() {
        return HOST;
    }

    /**
     * No network: loopback only.
     *
     * @return the policy without network
     */
    public static NetworkPolicy none() {
        return NONE;
    }

    /**
     * An allowlist: outgoing traffic only to DNS and to these destinations.
     *
     * @param rules at least one rule, each as accepted by {@link NetworkRule#parse(String)}
     * @return the allowlist policy
     * @throws NetworkPolicyException if a rule is malformed or there is none
     */
    public static NetworkPolicy allow(String... rules) {
        return allow(NetworkRule.parseAll(Arrays.asList(rules)));
    }

    /**
     * An allowlist: outgoing traffic only to DNS and to these destinations.
     *
     * @param rules at least one rule; the order is kept
     * @return the allowlist policy
     * @throws NetworkPolicyException if there is no rule
     */
    public static NetworkPolicy allow(List<NetworkRule> rules) {
        return allowlist(rules, null);
    }

    /**
     * The allowlist of a built-in preset, {@code dev} or {@code registries}, with the package
     * registries found in the current user's npm and Maven configuration.
     *
     * <p>This reads the environment and the user's {@code .npmrc} and {@code .m2/settings.xml};
     * use {@link PresetCatalog#policy(String)} to choose those inputs, or to add hosts from config.
     *
     * @param name the preset's name
     * @return the allowlist policy of that preset
     * @throws NetworkPolicyException if no preset has that name
     * @see PresetCatalog
     */
    public static NetworkPolicy preset(String name) {
        Objects.requireNonNull(name, "name");
        return PresetCatalog.fromSystem().policy(name);
    }

    /**
     * An allowlist of exactly these rules, told as coming from preset {@code preset}: for a
     * policy recorded earlier and read back (the preset's rules as they were then, whatever the
     * preset holds now).
     *
     * @param rules the destinations allowed, in order
     * @param preset the preset's name, or null for rules given one by one
     * @return the allowlist policy
     * @throws NetworkPolicyException if there are no rules
     */
    public static NetworkPolicy allowlist(List<NetworkRule> rules, String preset) {
        List<NetworkRule> copy = List.copyOf(rules);
        // An empty allowlist would silently cut off everything but DNS; none() says that plainly.
        if (copy.isEmpty()) {
            throw new NetworkPolicyException(
                "An allowlist needs at least one host:port rule",
                "Use the none network mode to block all traffic, or add a rule such as github.com:443.");
        }
        return new NetworkPolicy(NetworkMode.ALLOWLIST, copy, preset);
    }

    /**
     * The mode of this policy.
     *
     * @return the mode
     */
    public NetworkMode mode() {
        return mode;
    }

    /**
     * The allowed destinations in order; empty unless the mode is {@link NetworkMode#ALLOWLIST}.
     *
     * @return the rules, unmodifiable
     */
    public List<NetworkRule> rules() {
        return rules;
    }

    /**
     * The preset this allowlist came from, if any; for display only.
     *
     * @return the preset's name, or empty
     */
    public Optional<String> presetName() {
        return Optional.ofNullable(preset);
    }

    /**
     * The policy as mino 1.6.0 writes it to the audit log: {@code Bridge}, {@code Host},
     * {@code None} or {@code Allow([NetworkRule { host: "github.com", port: 443 }, ...])}.
     *
     * @return the description
     */
    public String describe() {
        switch (mode) {
            case BRIDGE:
                return "Bridge";
            case HOST:
                return "Host";
            case NONE:
                return "None";
            default:
                // Hosts never hold quotes or backslashes, so no escaping is needed.
                return rules.stream()
                    .map(r -> "NetworkRule { host: \"" + r.host() + "\", port: " + r.port() + " }")
                    .collect(Collectors.joining(", ", "Allow([", "])"));
        }
    }

    /**
     * Policies are equal when mode, rules and preset name are.
     *
     * @param other the object to compare with
     * @return whether the two are equal
     */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof NetworkPolicy)) {
            return false;
        }
        NetworkPolicy that = (NetworkPolicy) other;
        return mode == that.mode && rules.equals(that.rules) && Objects.equals(preset, that.preset);
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(mode, rules, preset);
    }

    /**
     * The same text as {@link #describe()}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return describe();
    }
}
