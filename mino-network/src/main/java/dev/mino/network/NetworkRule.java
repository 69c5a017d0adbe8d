package dev.mino.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One egress destination of an allowlist: a host and a TCP port.
 *
 * <p>The host is one of (see {@link HostKind}): a DNS name ({@code api.github.com}: that name
 * only); a wildcard ({@code *.githubusercontent.com}: every name below that domain, not the
 * domain itself); an IPv4 or IPv6 address; or an address range in CIDR form ({@code 10.0.0.0/8},
 * {@code 2001:db8::/32}, without host bits). Names are matched without regard to case and to a
 * final dot. Rules are written as {@code host:port} or {@code [ipv6 address or range]:port}; see
 * {@link #parse(String)}. A rule that could not be used safely by the egress guard is refused
 * when it is made, so every instance is safe to use.
 *
 * @param host the destination's name, wildcard, address or range; IPv6 without brackets
 * @param port the TCP port, 1 to 65535
 */
public record NetworkRule(String host, int port) {
    /** Shown with every malformed rule, since most mistakes are about the format. */
    static final String FORMAT_HINT =
        "Write each rule as host:port or [IPv6 address]:port with a port from 1 to 65535, for example github.com:443.";

    /**
     * Makes a rule from its parts.
     *
     * @param host the destination's name or address; IPv6 addresses without brackets
     * @param port the TCP port, 1 to 65535
     * @throws NetworkPolicyException if the host is empty or unsafe or the port is out of range
     */
    public NetworkRule {
        Objects.requireNonNull(host, "host");
        String shown = render(host, port);
        if (host.isEmpty()) {
            throw emptyHost(shown);
        }
        if (port < 1 || port > 65535) {
            throw new NetworkPolicyException(
                "Port " + port + " is not valid in network rule '" + HostSyntax.printable(shown) + "'. Must be 1-65535",
                FORMAT_HINT);
        }
        HostSyntax.check(host, shown);
    }

    /**
     * Parses a rule the way mino 1.6.0 does, with stricter checks on the host.
     *
     * <p>Surrounding whitespace is ignored. {@code [host]:port} takes the host from between the
     * brackets; otherwise the text is split at its last {@code :}, so {@code ::1:443} is host
     * {@code ::1}, port 443. The port must be a decimal number from 1 to 65535. The host must not
     * contain whitespace, quotes, shell characters, control characters or non-ASCII characters,
     * must not start with {@code -} and must be at most 253 characters long; a host with a colon
     * must be a valid IPv6 address, one with a {@code /} a range without host bits, one starting
     * with {@code *.} a wildcard over a domain of at least two labels, and any other name must be
     * labels of letters, digits, {@code -} and {@code _} of 1 to 63 characters. A name that does
     * not resolve is no error: the sandbox simply gets no address for it.
     *
     * @param text the rule, such as {@code github.com:443} or {@code [2001:db8::1]:443}
     * @return the rule
     * @throws NetworkPolicyException naming the rule, if it is malformed
     */
    public static NetworkRule parse(String text) {
        Objects.requireNonNull(text, "text");
        String rule = text.strip();
        String shown = HostSyntax.printable(rule);
        String host;
        String port;
        if (rule.startsWith("[")) {
            int close = rule.indexOf(']');
            if (close < 0) {
                throw new NetworkPolicyException("Missing closing bracket in IPv6 address: " + shown, FORMAT_HINT);
            }
            if (close + 1 >= rule.length() || rule.charAt(close + 1) != ':') {
                throw new NetworkPolicyException(
                    "Expected ':' after closing bracket in '" + shown + "'. Format: [host]:port", FORMAT_HINT);
            }
            host = rule.substring(1, close);
            port = rule.substring(close + 2);
        } else {
            int colon = rule.lastIndexOf(':');
            if (colon < 0) {
                throw new NetworkPolicyException(
                    "Invalid network rule '" + shown + "'. Expected format: host:port", FORMAT_HINT);
            }
            host = rule.substring(0, colon);
            port = rule.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw emptyHost(rule);
        }
        int number = parsePort(port, rule);
        HostSyntax.check(host, rule);
        return new NetworkRule(host, number);
    }

    /**
     * Parses several rules, keeping their order.
     *
     * @param texts the rules, each as accepted by {@link #parse(String)}
     * @return the rules, unmodifiable
     * @throws NetworkPolicyException naming the first malformed rule
     */
    public static List<NetworkRule> parseAll(Collection<String> texts) {
        List<NetworkRule> rules = new ArrayList<>(texts.size());
        for (String text : texts) {
            rules.add(parse(text));
        }
        return List.copyOf(rules);
    }

    /**
     * Whether the host is an IPv4 address, an IPv6 address or a name.
     *
     * @return the kind of host
     */
    public HostKind hostKind() {
        return HostSyntax.kindOf(host);
    }

    /**
     * The rule in the form {@link #parse(String)} reads back: {@code host:port}, or
     * {@code [host]:port} for an IPv6 address.
     *
     * @return the rule as text
     */
    @Override
    public String toString() {
        return render(host, port);
    }

    private static String render(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static int parsePort(String port, String rule) {
        // Only ASCII digits: Integer.parseInt would also take a sign and other scripts' digits.
        boolean digits = !port.isEmpty() && port.chars().allMatch(c -> c >= '0' && c <= '9');
        String significant = port.replaceFirst("^0+(?=.)", "");
        int number = digits && significant.length() <= 5 ? Integer.parseInt(significant) : -1;
        if (number < 0 || number > 65535) {
            throw new NetworkPolicyException(
                "Invalid port '" + HostSyntax.printable(port) + "' in network rule '" + HostSyntax.printable(rule)
                    + "'. Must be 1-65535",
                FORMAT_HINT);
        }
        if (number == 0) {
            throw new NetworkPolicyException(
                "Port 0 is not valid in network rule '" + HostSyntax.printable(rule) + "'. Must be 1-65535",
                FORMAT_HINT);
        }
        return number;
    }

    private static NetworkPolicyException emptyHost(String rule) {
        return new NetworkPolicyException(
            "Empty host in network rule '" + HostSyntax.printable(rule) + "'", FORMAT_HINT);
    }
}
