package dev.mino.core.internal.credentials;

import dev.mino.network.NetworkRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The destinations whose connections the firewall hands to the credential proxy: where a
 * provider's placeholder hosts and the allowlist meet. A provider host the allowlist does not
 * admit is left out (the sandbox cannot reach it at all); an allow rule wider than the provider's
 * hosts ({@code *.amazonaws.com} allowed, {@code sts.amazonaws.com} the provider's) gives only the
 * provider's part, so that nothing else passes through the proxy.
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
    public static List<NetworkRule> of(List<NetworkRule> providerHosts, List<NetworkRule> allowRules) {
        Set<NetworkRule> targets = new LinkedHashSet<>();
        for (NetworkRule provider : providerHosts) {
            for (NetworkRule allowed : allowRules) {
                if (allowed.port() != provider.port() || !allowed.hostKind().isName()) {
                    continue;
                }
                narrower(lower(provider.host()), lower(allowed.host()))
                    .ifPresent(host -> targets.add(new NetworkRule(host, provider.port())));
            }
        }
        return new ArrayList<>(targets);
    }

    /** The names both patterns match, as one pattern, when one lies within the other. */
    static Optional<String> narrower(String a, String b) {
        if (covers(a, b)) {
            return Optional.of(b);
        }
        if (covers(b, a)) {
            return Optional.of(a);
        }
        return Optional.empty();
    }

    /** Whether every name {@code inner} matches is matched by {@code outer}. */
    static boolean covers(String outer, String inner) {
        if (outer.equals(inner)) {
            return true;
        }
        if (!outer.startsWith("*.")) {
            return false;
        }
        String suffix = outer.substring(1);
        // "*.a.com" covers "x.a.com" and "*.x.a.com" (every name below x.a.com is below a.com),
        // never "a.com" itself.
        return inner.startsWith("*.") ? inner.substring(1).endsWith(suffix) : inner.endsWith(suffix);
    }

    private static String lower(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
