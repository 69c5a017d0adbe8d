package dev.mino.core.internal.spec;

import dev.mino.core.InvalidSpecException;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRequest;
import dev.mino.network.NetworkResolver;
import dev.mino.network.PresetCatalog;
import dev.mino.network.RegistryHosts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The builder's network decision (SPEC 6.3): a policy or preset set explicitly wins outright, as
 * a command-line option does upstream (a contradiction in the config is then never looked at);
 * otherwise the config's {@code network_allow}, {@code network_preset} and {@code network} decide.
 * mino-network's errors become Mino's, keeping their codes.
 */
public final class NetworkPolicies {
    private NetworkPolicies() {
    }

    /**
     * Decides the policy.
     *
     * @param explicitPolicy the policy set explicitly, or null
     * @param explicitPreset the preset chosen explicitly, or null
     * @param config the config's network keys (only its config fields are read)
     * @param registries where presets find the npm and Maven hosts; null for the current user's,
     *     read only when a preset is used
     * @param presetHosts hosts added to presets
     * @param projectDir the folder the sandbox can write: the current user's files that lie under
     *     it are not read
     * @param environment the environment variables the user's registries are discovered with (a Mino's)
     */
    public static NetworkPolicy resolve(NetworkPolicy explicitPolicy, String explicitPreset, NetworkRequest config,
                                        RegistryHosts registries, Map<String, List<String>> presetHosts,
                                        Path projectDir, Map<String, String> environment) {
        if (explicitPolicy != null) {
            return explicitPolicy;
        }
        Supplier<PresetCatalog> catalog = () -> PresetCatalog.of(registries != null ? registries
            : RegistryHosts.discover(environment, Path.of(System.getProperty("user.home")), projectDir))
            .withExtraHosts(presetHosts);
        if (explicitPreset != null) {
            return wrap(() -> catalog.get().policy(explicitPreset));
        }
        boolean presetUsed = config.configAllow().isEmpty() && config.configPreset() != null;
        // The user's npm and Maven files are read only when a preset is really in play.
        PresetCatalog presets = presetUsed ? wrap(catalog) : PresetCatalog.of(RegistryHosts.none());
        return wrap(() -> new NetworkResolver(presets).resolve(config).policy());
    }

    /** Checks a preset's name, as {@link dev.mino.core.SandboxBuilder#networkPreset(String)} needs. */
    public static String requirePresetName(String name) {
        return wrap(() -> {
            PresetCatalog.of(RegistryHosts.none()).rules(name);
            return name;
        });
    }

    private static <T> T wrap(Supplier<T> action) {
        try {
            return action.get();
        } catch (NetworkPolicyException e) {
            throw new InvalidSpecException("Network policy conflict: " + e.getMessage(), e.hint(),
                e.code().orElse(null));
        }
    }
}
