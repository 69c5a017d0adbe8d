package dev.mino.proxy.internal;

import java.util.Locale;

/**
 * Host names and host patterns as the proxy compares them: lower case ASCII, labels of letters,
 * digits, {@code -} and {@code _}, no final dot; a pattern is a name or {@code *.} followed by a
 * name of at least two labels, matching any name below it (not the name itself).
 */
public final class HostNames {
    private HostNames() {
    }

    /** {@code name} in lower case without a final dot, or null when it is not a valid host name. */
    public static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String body = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (body.isEmpty() || body.length() > 253) {
            return null;
        }
        for (String label : body.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return null;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
                if (!ok) {
                    return null;
                }
            }
        }
        return body.toLowerCase(Locale.ROOT);
    }

    /**
     * Why {@code pattern} is not a valid host pattern, or null when it is. Patterns must already be
     * lower case: they are compared as written.
     */
    public static String problem(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return "a host pattern is empty";
        }
        if (!pattern.equals(pattern.toLowerCase(Locale.ROOT))) {
            return "host pattern '" + Lines.printable(pattern) + "' is not in lower case";
        }
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!name.equals(normalize(name)) || name.endsWith(".")) {
            return "'" + Lines.printable(pattern) + "' is not a host name or *. followed by a host name";
        }
        if (pattern.startsWith("*.") && name.indexOf('.') < 0) {
            return "the wildcard '" + Lines.printable(pattern) + "' covers a whole top-level domain";
        }
        return null;
    }

    /** Whether the normalized {@code host} matches the valid {@code pattern}. */
    public static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return pattern.equals(host);
    }
}
