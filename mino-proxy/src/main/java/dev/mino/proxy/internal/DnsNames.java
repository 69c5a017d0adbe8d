package dev.mino.proxy.internal;

import dev.mino.proxy.ProxyException;
import java.util.Locale;

/**
 * Checks a host name before it goes into a certificate: letters, digits and '-' between dots
 * (RFC 1123), no wildcard, no address. The name comes from the sandbox's TLS handshake, so it is
 * untrusted input.
 */
public final class DnsNames {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;
    private static final int MAX_QUOTED = 80;

    private DnsNames() {}

    /**
     * The name in lower case, when it is a valid DNS host name.
     *
     * @throws ProxyException when it is not
     */
    public static String check(String host) {
        if (host == null || host.isEmpty()) {
            throw invalid(host, "it is empty");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME) {
            throw invalid(host, "it is longer than " + MAX_NAME + " characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            checkLabel(host, label);
        }
        // A name ending in a numeric label would read as an IPv4 address to many resolvers.
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(host, "its last label is a number, so it reads as an address");
        }
        return name;
    }

    private static void checkLabel(String host, String label) {
        if (label.isEmpty()) {
            throw invalid(host, "it has an empty label");
        }
        if (label.length() > MAX_LABEL) {
            throw invalid(host, "a label is longer than " + MAX_LABEL + " characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                throw invalid(host, "it contains a character other than letters, digits, '-' and '.'");
            }
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            throw invalid(host, "a label starts or ends with '-'");
        }
    }

    private static ProxyException invalid(String host, String why) {
        return new ProxyException(
            "Cannot make a certificate for '" + printable(host) + "': " + why,
            "A certificate names a DNS host such as api.github.com (international names in their xn-- form).");
    }

    /** The input as it may appear in a message: bounded, control characters shown as '?'. */
    private static String printable(String host) {
        if (host == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < host.length() && i < MAX_QUOTED; i++) {
            char c = host.charAt(i);
            out.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return host.length() > MAX_QUOTED ? out.append("...").toString() : out.toString();
    }
}
