package dev.mino.core.internal.credentials;

import dev.mino.network.InterceptTarget;
import dev.mino.network.NetworkRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The destinations whose connections the firewall hands to the credential proxy: where a
 * provider's placeholder hosts and the allowlist meet ({@link InterceptTarget#within}). A provider
 * host the allowlist does not admit is left out (the sandbox cannot reach it at all); an allow rule
 * wider than the provider's hosts ({@code *.amazonaws.com} allowed, {@code sts.amazonaws.com} the
 * provider's) gives only the provider's part, so that nothing else passes through the proxy.
 */
public final class InterceptHosts {
    private InterceptHosts() {
    }

    /**
     * The intercepted destinations, in order, without repeats.
     *
     * @param providerHosts the providers' placeholder hosts with their ports
     * @param allowRules the allowlist's rules
     */
    public static List<InterceptTarget> of(List<NetworkRule> providerHosts, List<NetworkRule> allowRules) {
        Set<InterceptTarget> targets = new LinkedHashSet<>();
        for (NetworkRule provider : providerHosts) {
            InterceptTarget wanted = new InterceptTarget(provider.host(), provider.port());
            for (NetworkRule allowed : allowRules) {
                wanted.within(allowed).ifPresent(targets::add);
            }
        }
        return new ArrayList<>(targets);
    }
}
