package dev.mino.core.internal.spec;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.config.MinoConfig;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRequest;
import dev.mino.network.NetworkResolution;
import dev.mino.network.NetworkResolver;
import dev.mino.network.PresetCatalog;
import java.util.List;
import java.util.function.Supplier;

/** Network policies from configuration and command-line values, with mino-network's errors made Mino's. */
public final class NetworkPolicies {
    private NetworkPolicies() {
    }

    /** The policy the {@code [container]} network keys ask for (SPEC 6.3, steps 4-6). */
    public static NetworkPolicy fromConfig(MinoConfig.Container container) {
        NetworkRequest request = NetworkRequest.defaults().withConfigMode(container.network())
            .withConfigAllow(container.networkAllow()).withConfigPreset(container.networkPreset().orElse(null));
        return resolve(request).policy();
    }

    /** Resolves a full request (command line over config), keeping the resolver's warnings. */
    public static NetworkResolution resolve(NetworkRequest request) {
        return wrap(() -> new NetworkResolver(PresetCatalog.fromSystem()).resolve(request));
    }

    /** Parses allowlist rules. */
    public static NetworkPolicy allow(List<String> rules) {
        return wrap(() -> NetworkPolicy.allow(rules.toArray(String[]::new)));
    }

    private static <T> T wrap(Supplier<T> action) {
        try {
            return action.get();
        } catch (NetworkPolicyException e) {
            throw new InvalidSpecException("Network policy conflict: " + e.getMessage(), e.hint());
        }
    }
}
