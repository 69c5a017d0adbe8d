package dev.mino.network;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link NetworkResolver#resolve(NetworkRequest)}: the policy to use and what the
 * user should be told about how it was chosen.
 *
 * @param policy the policy to use
 * @param warnings messages for the user, such as an overridden host mode; may be empty
 * @param warningCodes the stable code of each warning, at the same index: one of
 *     {@link NetworkCodes}, or empty for a warning without one; a command line words a warning its
 *     own way by its code
 */
public record NetworkResolution(NetworkPolicy policy, List<String> warnings, List<String> warningCodes) {
    /**
     * Makes a resolution.
     *
     * @param policy the policy to use
     * @param warnings messages for the user; may be empty
     * @param warningCodes the code of each warning, at the same index
     * @throws IllegalArgumentException if there is not one code for each warning
     */
    public NetworkResolution {
        Objects.requireNonNull(policy, "policy");
        warnings = List.copyOf(warnings);
        warningCodes = List.copyOf(warningCodes);
        if (warningCodes.size() != warnings.size()) {
            throw new IllegalArgumentException("one code for each warning");
        }
    }

    /**
     * Makes a resolution whose warnings have no codes; the form of this record before
     * {@link #warningCodes()} existed.
     *
     * @param policy the policy to use
     * @param warnings messages for the user; may be empty
     */
    public NetworkResolution(NetworkPolicy policy, List<String> warnings) {
        this(policy, warnings, Collections.nCopies(warnings.size(), ""));
    }
}
