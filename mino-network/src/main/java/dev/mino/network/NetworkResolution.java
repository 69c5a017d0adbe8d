package dev.mino.network;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link NetworkResolver#resolve(NetworkRequest)}: the policy to use and what the
 * user should be told about how it was chosen.
 *
 * @param policy the policy to use
 * @param warnings messages for the user, such as an overridden {@code --network host}; may be empty
 */
public record NetworkResolution(NetworkPolicy policy, List<String> warnings) {
    /**
     * Makes a resolution.
     *
     * @param policy the policy to use
     * @param warnings messages for the user; may be empty
     */
    public NetworkResolution {
        Objects.requireNonNull(policy, "policy");
        warnings = List.copyOf(warnings);
    }
}
