package dev.mino.network;

/**
 * Checks and classifies the host of a rule. The host later ends up in the egress guard's command
 * line and in nft rules, so anything that could change the meaning of either is refused here,
 * before a sandbox exists, with a message that names the rule.
 */
final class HostSyntax {
    /** The longest name DNS can carry; also bounds what we paste into scripts and messages. */
    static final int MAX_HOST_LENGTH = 253;

    static final String CHARACTER_HINT =
        "A host is a DNS name or an IP address; it cannot contain spaces, quotes or shell characters.";
    static final String NON_ASCII_HINT =
        "Write an international domain name in its ASCII form (the one that starts with xn--).";
    static final String IPV4_HINT =
        "Write an IPv4 address as four numbers from 0 to 255 without leading zeros, for example 10.0.0.5:443.";
    static final String NAME_HINT =
        "A host name is made of letters, digits, '-' and '_' between dots, for example api.github.com:443.";
    static final String WILDCARD_HINT =
        "Write a wildcard as *. followed by a domain of at least two parts, for example *.githubusercontent.com:443; "
            + "it covers the names below that domain, not the domain itself.";
    static final String RANGE_HINT =
        "Write an address range in CIDR form without host bits, for example 10.0.0.0/8:443 or [2001:db8::/32]:443.";
    static final String IPV6_HINT =
        "Write an IPv6 address in brackets followed by the port, for example [2001:db8::1]:443.";

    /** Shell and rule-syntax characters that have no place in a host name or address. */
    private static final String FORBIDDEN = "'\"`;$\\|&<>(){}[]";

    /** Messages quote at most this much of a rule, so a huge input cannot flood a terminal. */
    private static final int MAX_QUOTED = 100;

    private HostSyntax() {}

    /**
     * Validates a non-empty host and says what kind it is.
     *
     * @param rule the rule as the user wrote it, for messages
     */
    static HostKind check(String host, String rule) {
        if (host.length() > MAX_HOST_LENGTH) {
            throw new NetworkPolicyException(
                "Host in network rule '" + printable(rule) + "' is longer than " + MAX_HOST_LENGTH + " characters",
                CHARACTER_HINT);
        }
        for (int i = 0; i < host.length(); i++) {
            checkCharacter(host.charAt(i), rule);
        }
        // A host that starts with '-' would read as an option to many tools.
        if (host.charAt(0) == '-') {
            throw new NetworkPolicyException(
                "Host in network rule '" + printable(rule) + "' starts with '-'", CHARACTER_HINT);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            return checkRange(host.substring(0, slash), host.substring(slash + 1), host, rule);
        }
        if (host.indexOf(':') >= 0) {
            // Names cannot contain ':', so this was meant as an IPv6 address; 2001:db8::1 without
            // a port splits into host 2001:db8: and port 1, which must not pass as a name.
            if (!isIpv6(host)) {
                throw new NetworkPolicyException(
                    "Invalid IPv6 address '" + printable(host) + "' in network rule '" + printable(rule) + "'",
                    IPV6_HINT);
            }
            return HostKind.IPV6;
        }
        if (isIpv4(host)) {
            return HostKind.IPV4;
        }
        // The C resolver reads 10.1, 010.0.0.1, 0x7f.1 and 2130706433 as addresses (octal, hex,
        // short forms), so they would allow an address other than the one the audit log shows.
        if (looksNumeric(lastLabel(host))) {
            throw new NetworkPolicyException(
                "Invalid IPv4 address '" + printable(host) + "' in network rule '" + printable(rule) + "'",
                IPV4_HINT);
        }
        if (host.startsWith("*.")) {
            String domain = host.substring(2);
            checkName(domain, rule);
            if (domain.replaceFirst("\\.$", "").indexOf('.') < 0) {
                throw new NetworkPolicyException("The wildcard in network rule '" + printable(rule)
                    + "' covers a whole top-level domain", WILDCARD_HINT);
            }
            return HostKind.WILDCARD;
        }
        checkName(host, rule);
        return HostKind.NAME;
    }

    /** A DNS name: labels of letters, digits, '-' and '_', 1 to 63 characters, an optional final dot. */
    private static void checkName(String name, String rule) {
        String body = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (body.indexOf('*') >= 0) {
            throw new NetworkPolicyException("'*' in network rule '" + printable(rule)
                + "' is only allowed as the whole first label", WILDCARD_HINT);
        }
        for (String label : body.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new NetworkPolicyException("Invalid host name in network rule '" + printable(rule)
                    + "': each part between dots must have 1 to 63 characters", NAME_HINT);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
                if (!ok) {
                    throw new NetworkPolicyException("Character " + c + " is not allowed in the host name of network rule '"
                        + printable(rule) + "'", NAME_HINT);
                }
            }
        }
    }

    /** An address range in CIDR form: an address of either family, '/', a prefix length, no host bits. */
    private static HostKind checkRange(String address, String prefix, String host, String rule) {
        boolean v6 = address.indexOf(':') >= 0;
        if (v6 ? !isIpv6(address) : !isIpv4(address)) {
            throw new NetworkPolicyException("Invalid address range '" + printable(host) + "' in network rule '"
                + printable(rule) + "'", RANGE_HINT);
        }
        int max = v6 ? 128 : 32;
        boolean digits = !prefix.isEmpty() && prefix.length() <= 3 && allDigits(prefix)
            && (prefix.length() == 1 || prefix.charAt(0) != '0');
        int length = digits ? Integer.parseInt(prefix) : -1;
        if (length < 0 || length > max) {
            throw new NetworkPolicyException("Invalid prefix length '" + printable(prefix) + "' in network rule '"
                + printable(rule) + "': must be 0 to " + max, RANGE_HINT);
        }
        byte[] bytes = addressBytes(address, v6);
        for (int bit = length; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new NetworkPolicyException("The range '" + printable(host) + "' in network rule '"
                    + printable(rule) + "' has bits set after its first " + length, RANGE_HINT);
            }
        }
        return v6 ? HostKind.IPV6_RANGE : HostKind.IPV4_RANGE;
    }

    /** The bytes of an address that isIpv4 or isIpv6 accepted; a literal, so no lookup happens. */
    private static byte[] addressBytes(String address, boolean v6) {
        try {
            byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
            if (v6 && bytes.length == 4) {
                // Java reads ::ffff:a.b.c.d as the IPv4 address; the range is still an IPv6 one.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a checked address literal did not parse: " + address, e);
        }
    }

    /** The kind of a host that {@link #check} has accepted. */
    static HostKind kindOf(String host) {
        if (host.indexOf('/') >= 0) {
            return host.indexOf(':') >= 0 ? HostKind.IPV6_RANGE : HostKind.IPV4_RANGE;
        }
        if (host.indexOf(':') >= 0) {
            return HostKind.IPV6;
        }
        if (isIpv4(host)) {
            return HostKind.IPV4;
        }
        return host.startsWith("*.") ? HostKind.WILDCARD : HostKind.NAME;
    }

    private static void checkCharacter(char c, String rule) {
        if (c == 0) {
            throw new NetworkPolicyException("NUL character in " + quote(rule), CHARACTER_HINT);
        }
        if (Character.isISOControl(c)) {
            throw new NetworkPolicyException(
                "Control character " + codePoint(c) + " in " + quote(rule), CHARACTER_HINT);
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            throw new NetworkPolicyException("Whitespace in the host of " + quote(rule), CHARACTER_HINT);
        }
        if (c > 0x7e) {
            throw new NetworkPolicyException(
                "Non-ASCII character " + codePoint(c) + " in the host of " + quote(rule), NON_ASCII_HINT);
        }
        if (FORBIDDEN.indexOf(c) >= 0) {
            throw new NetworkPolicyException(
                "Character " + c + " is not allowed in the host of " + quote(rule), CHARACTER_HINT);
        }
    }

    private static String quote(String rule) {
        return "network rule '" + printable(rule) + "'";
    }

    /** True for exactly four decimal numbers 0-255 without leading zeros, the only unambiguous form. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !allDigits(part)) {
                return false;
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** True for an IPv6 address in the text forms of RFC 4291, without brackets or a zone. */
    static boolean isIpv6(String s) {
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            return false;
        }
        String body = s;
        String tail = s.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            // An embedded IPv4 address (::ffff:10.0.0.1) stands for the last two groups.
            if (!isIpv4(tail)) {
                return false;
            }
            body = s.substring(0, lastColon + 1) + "0:0";
        }
        int gap = body.indexOf("::");
        if (gap < 0) {
            return groupCount(body) == 8;
        }
        if (body.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int left = groupCount(body.substring(0, gap));
        int right = groupCount(body.substring(gap + 2));
        // "::" stands for at least one group of zeros.
        return left >= 0 && right >= 0 && left + right <= 7;
    }

    /** Number of 1-4 digit hex groups separated by ':', 0 for "", or -1 if any group is bad. */
    private static int groupCount(String groups) {
        if (groups.isEmpty()) {
            return 0;
        }
        String[] parts = groups.split(":", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 4) {
                return -1;
            }
            if (!part.chars().allMatch(HostSyntax::isHexDigit)) {
                return -1;
            }
        }
        return parts.length;
    }

    private static String lastLabel(String host) {
        return host.substring(host.lastIndexOf('.') + 1);
    }

    private static boolean looksNumeric(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (allDigits(label)) {
            return true;
        }
        return label.length() >= 2 && label.charAt(0) == '0'
            && (label.charAt(1) == 'x' || label.charAt(1) == 'X')
            && label.chars().skip(2).allMatch(HostSyntax::isHexDigit);
    }

    /** ASCII only: Character.digit would also accept full-width and other scripts' digits. */
    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /**
     * The text as it may appear in a message: printable ASCII kept, everything else written as
     * {@code \}{@code uXXXX}, and cut short when very long, so that an error about a hostile rule
     * cannot itself carry terminal escapes or invisible characters.
     */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        if (s.length() > MAX_QUOTED) {
            out.append("...");
        }
        return out.toString();
    }
}
