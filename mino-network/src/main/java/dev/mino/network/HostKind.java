package dev.mino.network;

/**
 * What the host of a {@link NetworkRule} is. The firewall treats each kind differently: a literal
 * address or range only ever goes to the table of its own address family; a name or a wildcard is
 * answered by mino's resolver, which admits the addresses it hands out for as long as the answer
 * is valid.
 */
public enum HostKind {
    /** A dotted-quad IPv4 address such as {@code 10.0.0.5}. */
    IPV4,
    /** An IPv6 address such as {@code 2001:db8::1}, written without brackets. */
    IPV6,
    /** An IPv4 range in CIDR form such as {@code 10.0.0.0/8}, without host bits. */
    IPV4_RANGE,
    /** An IPv6 range in CIDR form such as {@code 2001:db8::/32}, without host bits or brackets. */
    IPV6_RANGE,
    /** A DNS name such as {@code github.com}: that name only, not its subdomains. */
    NAME,
    /**
     * A wildcard such as {@code *.githubusercontent.com}: every name below that domain (at any
     * depth), not the domain itself.
     */
    WILDCARD;

    /** Whether the destination is known by name, so that mino's resolver admits its addresses. */
    public boolean isName() {
        return this == NAME || this == WILDCARD;
    }
}
