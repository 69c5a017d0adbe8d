package dev.mino.proxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The host names a credential swap serves: exact names ({@code sts.amazonaws.com}) and
 * wildcards ({@code *.amazonaws.com}, which matches any name ending in {@code .amazonaws.com} but
 * not {@code amazonaws.com} itself). Validated when made; matching ignores case and a trailing dot.
 */
public final class ServedHosts {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final List<String> patterns;

    private ServedHosts(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * Checks and keeps {@code patterns}.
     *
     * @throws IllegalArgumentException for an empty list, a name that is not a DNS name, a
     *     wildcard anywhere but in front ({@code *.}), or a wildcard over a top-level domain
     */
    public static ServedHosts of(List<String> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("No host patterns: name at least one host (like sts.amazonaws.com"
                    + " or *.amazonaws.com) whose requests the credential proxy may change.");
        }
        List<String> checked = new ArrayList<>();
        for (String pattern : patterns) {
            checked.add(check(pattern));
        }
        return new ServedHosts(checked);
    }

    private static String check(String pattern) {
        Objects.requireNonNull(pattern, "host pattern");
        String name = pattern.strip().toLowerCase(Locale.ROOT);
        boolean wildcard = name.startsWith("*.");
        String rest = wildcard ? name.substring(2) : name;
        String[] labels = rest.split("\\.", -1);
        boolean valid = !rest.isEmpty() && rest.length() <= 253;
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + pattern + "' is not a host pattern: write a host name"
                    + " (sts.amazonaws.com) or a wildcard over a domain (*.amazonaws.com), without scheme, port or path.");
        }
        if (wildcard && labels.length < 2) {
            throw new IllegalArgumentException("'" + pattern + "' would match every name under a top-level domain:"
                    + " name the provider's own domain instead (like *.amazonaws.com).");
        }
        return name;
    }

    /** Whether {@code host} (a TLS server name) matches one of the patterns. */
    public boolean matches(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (name.length() > suffix.length() && name.endsWith(suffix)) {
                    return true;
                }
            } else if (pattern.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns, lower case, in the order given. */
    public List<String> patterns() {
        return patterns;
    }
}
