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
    /** The hint of every network conflict (mino 1.6.0's names its flags; a command line says it so by the code). */
    static final String CONFLICT_HINT =
        "Use the bridge mode with an allowlist, or the none mode without one.";

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
            List<String> codes = checkCliMode(request.cliMode(), "an allowlist", "Allowlist rules require bridge "
                + "networking.", NetworkCodes.NONE_WITH_ALLOWLIST, NetworkCodes.HOST_OVERRIDDEN_BY_ALLOWLIST);
            return resolution(NetworkPolicy.allow(NetworkRule.parseAll(request.cliAllow())), codes, "an allowlist");
        }
        if (request.cliPreset() != null) {
            List<String> codes = checkCliMode(request.cliMode(), "a network preset", "Presets require bridge "
                + "networking.", NetworkCodes.NONE_WITH_PRESET, NetworkCodes.HOST_OVERRIDDEN_BY_PRESET);
            return resolution(presets.policy(request.cliPreset()), codes, "a network preset");
        }
        if (request.cliMode() != null) {
            return new NetworkResolution(mode(request.cliMode(), "CLI"), List.of());
        }
        boolean configNone = "none".equals(request.configMode());
        if (!request.configAllow().isEmpty()) {
            if (configNone) {
                throw conflict("Config conflict: network = \"none\" with network_allow entries. "
                    + "Allowlist rules require bridge networking.", NetworkCodes.CONFIG_CONFLICT);
            }
            return new NetworkResolution(NetworkPolicy.allow(NetworkRule.parseAll(request.configAllow())), List.of());
        }
        if (request.configPreset() != null) {
            if (configNone) {
                throw conflict("Config conflict: network = \"none\" with network_preset. "
                    + "Presets require bridge networking.", NetworkCodes.CONFIG_CONFLICT);
            }
            return new NetworkResolution(presets.policy(request.configPreset()), List.of());
        }
        String configMode = request.configMode() == null ? "bridge" : request.configMode();
        return new NetworkResolution(mode(configMode, "config"), List.of());
    }

    /**
     * The checks of the mode asked for explicitly next to an allowlist or preset asked for
     * explicitly; returns the codes of the warnings.
     */
    private static List<String> checkCliMode(String cliMode, String what, String reason, String noneCode,
                                             String hostCode) {
        if ("none".equals(cliMode)) {
            throw conflict("Cannot combine the network mode none with " + what + ". " + reason, noneCode);
        }
        return "host".equals(cliMode) ? List.of(hostCode) : List.of();
    }

    private static NetworkResolution resolution(NetworkPolicy policy, List<String> warningCodes, String what) {
        List<String> warnings = warningCodes.stream()
            .map(code -> "The network mode host was overridden to bridge because " + what + " was given")
            .toList();
        return new NetworkResolution(policy, warnings, warningCodes);
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
                    + ". Valid modes: host, none, bridge", NetworkCodes.UNKNOWN_MODE);
        }
    }

    private static NetworkPolicyException conflict(String message, String code) {
        return new NetworkPolicyException(message, CONFLICT_HINT, code);
    }
}
