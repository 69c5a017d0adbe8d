package dev.mino.network;

import java.util.Locale;
import java.util.Objects;

/**
 * A destination whose TCP connections the egress guard hands to mino's credential proxy instead of
 * letting them go straight out: a host name ({@code api.github.com}: that name only) or a wildcard
 * ({@code *.githubusercontent.com}: every name below that domain, not the domain itself), written
 * as in a {@link NetworkRule}, and one TCP port (443 unless given).
 *
 * <p>Only names: the guard's resolver redirects the addresses it hands out for a matching name, on
 * this port, for as long as it admits them. A literal address or range is refused here, since no
 * name is ever resolved for it. See {@link EgressGuard#intercepting(java.util.List)}.
 *
 * @param hostPattern the name or wildcard, as in a rule's host
 * @param port the TCP port, 1 to 65535
 */
public record InterceptTarget(String hostPattern, int port) {
    /** The port a target has unless one is given: HTTPS. */
    public static final int DEFAULT_PORT = 443;

    private static final String HINT = "An intercepted host is a name such as api.github.com or a wildcard such as "
        + "*.githubusercontent.com, with a port from 1 to 65535 (443 by default).";

    /**
     * Makes a target.
     *
     * @param hostPattern a name or a wildcard, as in a {@link NetworkRule}
     * @param port the TCP port, 1 to 65535
     * @throws NetworkPolicyException if the pattern is malformed, an address or range, or the port
     *     out of range
     */
    public InterceptTarget {
        Objects.requireNonNull(hostPattern, "hostPattern");
        String shown = HostSyntax.printable(hostPattern) + ":" + port;
        if (hostPattern.isEmpty()) {
            throw new NetworkPolicyException("The intercepted host in '" + shown + "' is empty", HINT);
        }
        if (port < 1 || port > 65535) {
            throw new NetworkPolicyException("Port " + port + " of intercepted host '" + shown
                + "' is not valid. Must be 1-65535", HINT);
        }
        HostKind kind;
        try {
            kind = HostSyntax.check(hostPattern, shown);
        } catch (NetworkPolicyException e) {
            throw new NetworkPolicyException("Invalid intercepted host: " + e.getMessage(), e.hint());
        }
        if (!kind.isName()) {
            throw new NetworkPolicyException("The intercepted host '" + shown + "' is an address or a range; only "
                + "names are intercepted (the guard redirects the addresses its resolver hands out for them)", HINT);
        }
    }

    /**
     * A target on {@value #DEFAULT_PORT}.
     *
     * @param hostPattern a name or a wildcard
     * @return the target
     * @throws NetworkPolicyException as {@link #InterceptTarget(String, int)}
     */
    public static InterceptTarget of(String hostPattern) {
        return new InterceptTarget(hostPattern, DEFAULT_PORT);
    }

    /**
     * Whether an allow rule lets through at least some of the connections this target names: the
     * same port, and a name that both match (the rule's name under this pattern, this name under
     * the rule's wildcard, or one wildcard under the other).
     *
     * @param rule an allow rule
     * @return whether the rule admits part of this target
     */
    public boolean overlaps(NetworkRule rule) {
        return within(rule).isPresent();
    }

    /**
     * The part of this target that an allow rule admits, as a target: the narrower of the two
     * patterns when one lies within the other on the same port ({@code *.amazonaws.com} within
     * the rule {@code sts.amazonaws.com:443} is {@code sts.amazonaws.com:443}), else empty.
     *
     * @param rule an allow rule
     * @return the admitted part, or empty when the rule admits none of this target
     */
    public java.util.Optional<InterceptTarget> within(NetworkRule rule) {
        if (rule.port() != port || !rule.hostKind().isName()) {
            return java.util.Optional.empty();
        }
        String mine = normal(hostPattern);
        String theirs = normal(rule.host());
        if (covers(mine, theirs)) {
            return java.util.Optional.of(new InterceptTarget(theirs, port));
        }
        return covers(theirs, mine) ? java.util.Optional.of(new InterceptTarget(mine, port)) : java.util.Optional.empty();
    }

    /** Whether every name {@code inner} matches is also matched by {@code outer}. */
    private static boolean covers(String outer, String inner) {
        if (outer.equals(inner)) {
            return true;
        }
        if (!outer.startsWith("*.")) {
            return false;
        }
        String domain = outer.substring(1);
        String innerDomain = inner.startsWith("*.") ? inner.substring(1) : "." + inner;
        return innerDomain.endsWith(domain) && innerDomain.length() > domain.length();
    }

    private static String normal(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * The target as the guard's command line takes it: {@code host:port}.
     *
     * @return the target as text
     */
    @Override
    public String toString() {
        return hostPattern + ":" + port;
    }
}
