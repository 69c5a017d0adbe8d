package dev.mino.cli.commands;

import dev.mino.cli.CliTexts;
import dev.mino.cli.CommaList;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.SandboxBuilder;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRequest;
import dev.mino.network.NetworkResolution;
import dev.mino.network.NetworkResolver;
import dev.mino.network.PresetCatalog;
import dev.mino.network.RegistryHosts;
import java.util.List;
import java.util.Optional;

/**
 * The network that {@code run}'s options choose: {@code --network-allow}, then
 * {@code --network-preset}, then {@code --network}, with mino 1.6.0's checks of how they combine
 * (SPEC 6.3, steps 1-3). The config's network settings are the builder's business: a choice made
 * here is set explicitly and wins over them, so a contradiction in the config does not matter then.
 *
 * @param policy the policy chosen, when it is not a preset
 * @param preset the preset chosen, resolved by the builder with the user's registries and the
 *     config's extra hosts
 * @param warnings what the user should be told, such as an overridden {@code --network host}
 */
record NetworkChoice(Optional<NetworkPolicy> policy, Optional<String> preset, List<String> warnings) {

    /**
     * @param cliMode {@code --network}, or null
     * @param cliAllow {@code --network-allow} values as given (comma-separated, repeatable)
     * @param cliPreset {@code --network-preset}, or null
     * @return the choice, or empty when no option names a network
     * @throws InvalidSpecException for a conflict, an unknown mode or preset, or a malformed rule,
     *     as {@code Network policy conflict: ...} with mino 1.6.0's hint
     */
    static Optional<NetworkChoice> fromOptions(String cliMode, List<String> cliAllow, String cliPreset) {
        NetworkRequest request = NetworkRequest.defaults()
            .withCliMode(cliMode)
            .withCliAllow(CommaList.parse(cliAllow))
            .withCliPreset(cliPreset);
        if (request.cliMode() == null && request.cliAllow().isEmpty() && request.cliPreset() == null) {
            return Optional.empty();
        }
        NetworkResolution resolution;
        try {
            // The resolver does the checks; the preset's hosts are not needed for them.
            resolution = new NetworkResolver(PresetCatalog.of(RegistryHosts.none())).resolve(request);
        } catch (NetworkPolicyException e) {
            String code = e.code().orElse("");
            throw new InvalidSpecException("Network policy conflict: " + CliTexts.networkConflict(code, e.getMessage()),
                CliTexts.hint(code, e.hint()), e.code().orElse(null));
        }
        if (request.cliAllow().isEmpty() && request.cliPreset() != null) {
            return Optional.of(new NetworkChoice(Optional.empty(), Optional.of(request.cliPreset()),
                CliTexts.networkWarnings(resolution)));
        }
        return Optional.of(new NetworkChoice(Optional.of(resolution.policy()), Optional.empty(),
            CliTexts.networkWarnings(resolution)));
    }

    /** Sets this choice on the builder, where it wins over the config's network settings. */
    void applyTo(SandboxBuilder builder) {
        if (preset.isPresent()) {
            builder.networkPreset(preset.get());
        } else {
            builder.network(policy.orElseThrow());
        }
    }
}
