package dev.mino.network;

import java.util.List;
import java.util.Objects;

/**
 * Chooses the network policy from the command line and config with mino 1.6.0's precedence:
 *
 * <ol>
 *   <li>{@code --network-allow} (with {@code --network none} an error, {@code --network host}
 *       overridden with a warning);
 *   <li>{@code --network-preset} (the same checks);
 *   <li>{@code --network}, which then overrides every network setting of the config;
 *   <li>config {@code network_allow} ({@code network = "none"} an error, {@code "host"} silently
 *       overridden);
 *   <li>config {@code network_preset} (the same checks; it loses to {@code network_allow});
 *   <li>config {@code network}, {@code bridge} when unset.
 * </ol>
 *
 * <p>Modes are {@code host}, {@code none} and {@code bridge}, written exactly so.
 */
public final class NetworkResolver {
    /** mino 1.6.0 gives this hint with every network conflict. */
    static final String CONFLICT_HINT =
        "Use --network bridge with --network-allow, or --network none without --network-allow.";

    private final PresetCatalog presets;

    /**
     * Makes a resolver.
     *
     * @param presets where preset names are looked up
     */
    public NetworkResolver(PresetCatalog presets) {
        this.presets = Objects.requireNonNull(presets, "presets");
    }

    /**
     * Decides the policy.
     *
     * @param request what the command line and config ask for
     * @return the policy and any warnings
     * @throws NetworkPolicyException if the request contradicts itself, names an unknown mode or
     *     preset, or holds a malformed rule
     */
    public NetworkResolution resolve(NetworkRequest request) {
        Objects.requireNonNull(request, "request");
        if (!request.cliAllow().isEmpty()) {
            List<String> warnings = checkCliMode(request.cliMode(), "--network-allow",
                "Allowlist rules require bridge networking.");
            return new NetworkResolution(NetworkPolicy.allow(NetworkRule.parseAll(request.cliAllow())), warnings);
        }
        if (request.cliPreset() != null) {
            List<String> warnings = checkCliMode(request.cliMode(), "--network-preset",
                "Presets require bridge networking.");
            return new NetworkResolution(presets.policy(request.cliPreset()), warnings);
        }
        if (request.cliMode() != null) {
            return new NetworkResolution(mode(request.cliMode(), "CLI"), List.of());
        }
        boolean configNone = "none".equals(request.configMode());
        if (!request.configAllow().isEmpty()) {
            if (configNone) {
                throw conflict("Config conflict: network = \"none\" with network_allow entries. "
                    + "Allowlist rules require bridge networking.");
            }
            return new NetworkResolution(NetworkPolicy.allow(NetworkRule.parseAll(request.configAllow())), List.of());
        }
        if (request.configPreset() != null) {
            if (configNone) {
                throw conflict("Config conflict: network = \"none\" with network_preset. "
                    + "Presets require bridge networking.");
            }
            return new NetworkResolution(presets.policy(request.configPreset()), List.of());
        }
        String configMode = request.configMode() == null ? "bridge" : request.configMode();
        return new NetworkResolution(mode(configMode, "config"), List.of());
    }

    /** The checks of {@code --network} next to an allowlist option; returns the warnings. */
    private static List<String> checkCliMode(String cliMode, String option, String reason) {
        if ("none".equals(cliMode)) {
            throw conflict("Cannot combine --network none with " + option + ". " + reason);
        }
        if ("host".equals(cliMode)) {
            return List.of("--network host overridden to bridge because " + option + " was specified");
        }
        return List.of();
    }

    private static NetworkPolicy mode(String mode, String where) {
        switch (mode) {
            case "bridge":
                return NetworkPolicy.bridge();
            case "host":
                return NetworkPolicy.host();
            case "none":
                return NetworkPolicy.none();
            default:
                throw conflict("Unknown network mode '" + HostSyntax.printable(mode) + "' in " + where
                    + ". Valid modes: host, none, bridge");
        }
    }

    private static NetworkPolicyException conflict(String message) {
        return new NetworkPolicyException(message, CONFLICT_HINT);
    }
}
