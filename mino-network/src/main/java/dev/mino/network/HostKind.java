package dev.mino.network;

/**
 * What the host of a {@link NetworkRule} is. The firewall treats each kind differently: a literal
 * address only ever goes to the table of its own address family, a name is resolved to its IPv4
 * and IPv6 addresses separately.
 */
public enum HostKind {
    /** A dotted-quad IPv4 address such as {@code 10.0.0.5}. */
    IPV4,
    /** An IPv6 address such as {@code 2001:db8::1}, written without brackets. */
    IPV6,
    /** Anything else: a host name, resolved inside the sandbox's network when the firewall is set. */
    NAME
}
