package dev.mino.cli;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.config.MinoConfig;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRequest;
import dev.mino.network.NetworkResolution;
import dev.mino.network.NetworkResolver;
import dev.mino.network.PresetCatalog;
import java.util.List;

/**
 * The network policy of {@code run}: the command line's {@code --network}, {@code --network-allow}
 * and {@code --network-preset} over the config's {@code network}, {@code network_allow} and
 * {@code network_preset}, with mino 1.6.0's precedence (SPEC 6.3). Resolved here rather than by
 * the builder's {@code config(...)} so that a command-line choice can override a config that
 * contradicts itself, and so that the resolver's warnings reach the user.
 */
final class NetworkChoice {
    private NetworkChoice() {
    }

    /**
     * @param cliMode {@code --network}, or null
     * @param cliAllow {@code --network-allow} values as given (comma-separated, repeatable)
     * @param cliPreset {@code --network-preset}, or null
     * @param container the config's {@code [container]} section
     * @param presets where preset names are looked up
     * @throws InvalidSpecException for a conflict, an unknown mode or preset, or a malformed rule,
     *     as {@code Network policy conflict: ...} with mino 1.6.0's hint
     */
    static NetworkResolution resolve(String cliMode, List<String> cliAllow, String cliPreset,
                                     MinoConfig.Container container, PresetCatalog presets) {
        NetworkRequest request = NetworkRequest.defaults()
            .withCliMode(cliMode)
            .withCliAllow(CommaList.parse(cliAllow))
            .withCliPreset(cliPreset)
            .withConfigMode(container.network())
            .withConfigAllow(container.networkAllow())
            .withConfigPreset(container.networkPreset().orElse(null));
        try {
            return new NetworkResolver(presets).resolve(request);
        } catch (NetworkPolicyException e) {
            throw new InvalidSpecException("Network policy conflict: " + e.getMessage(), e.hint());
        }
    }

    /**
     * The section with its network keys at their defaults, for the builder's {@code config(...)}:
     * the network is set from {@link #resolve} afterwards, and a config conflict that the command
     * line overrides must not fail first.
     */
    static MinoConfig.Container withoutNetwork(MinoConfig.Container c) {
        return new MinoConfig.Container(c.image(), c.env(), c.volumes(), "bridge", c.workdir(), List.of(),
            java.util.Optional.empty(), c.layers(), c.readOnly(), c.baseImage());
    }
}
