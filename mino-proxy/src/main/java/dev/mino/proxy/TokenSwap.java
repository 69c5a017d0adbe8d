package dev.mino.proxy;

import dev.mino.proxy.internal.HostNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The swap for bearer-style tokens (GitHub, Google Cloud, Azure): in the {@code Authorization}
 * field of a request to one of the provider's hosts, a placeholder given as
 * {@code Bearer <placeholder>}, {@code token <placeholder>}, or inside {@code Basic} credentials
 * as the user name or the password (git over HTTPS), is replaced by the real value. Nothing else
 * is touched: a placeholder in the target, the body or another field (including
 * {@code Proxy-Authorization}) stays a placeholder, so a request that carries it elsewhere gets no
 * real value.
 *
 * <p>Each real value put in is recorded with {@link ProxiedRequest#revealed(String)}, and for
 * {@code Basic} also the encoded credentials, so that the proxy masks them in the answers.
 *
 * <p>The real values come from suppliers called on every request that holds a placeholder, so that
 * a refreshed token is used as soon as the supplier returns it.
 */
public final class TokenSwap implements CredentialSwap {
    private static final String HOSTS_HINT =
        "Write a host as a lower-case name such as api.github.com, or *. followed by a domain of at least two"
            + " parts, such as *.ghe.example.com.";

    private final String provider;
    private final List<String> hostPatterns;
    private final Map<String, Supplier<String>> placeholders;

    /**
     * A swap for {@code provider}'s hosts.
     *
     * @param provider the provider's name, as in {@link SwapEvent#provider()}: lower-case letters,
     *     digits and {@code -}
     * @param hostPatterns the hosts served: lower-case names, or {@code *.domain} for every name
     *     below a domain of at least two parts; at least one
     * @param placeholders each placeholder the sandbox holds, mapped to the supplier of its real
     *     value; placeholders are 8 to 512 printable ASCII characters without spaces, {@code :} or
     *     {@code ,}
     * @throws IllegalArgumentException naming the first invalid argument and how to write it
     */
    public TokenSwap(String provider, List<String> hostPatterns, Map<String, Supplier<String>> placeholders) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(hostPatterns, "hostPatterns");
        Objects.requireNonNull(placeholders, "placeholders");
        if (!provider.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("The provider name '" + provider
                + "' is not valid. Use lower-case letters, digits and '-', such as github.");
        }
        if (hostPatterns.isEmpty()) {
            throw new IllegalArgumentException("The " + provider + " credential swap serves no host. " + HOSTS_HINT);
        }
        for (String pattern : hostPatterns) {
            String problem = HostNames.problem(pattern);
            if (problem != null) {
                throw new IllegalArgumentException("Invalid host for the " + provider + " credential swap: " + problem
                    + ". " + HOSTS_HINT);
            }
        }
        if (placeholders.isEmpty()) {
            throw new IllegalArgumentException("The " + provider + " credential swap has no placeholder.");
        }
        Map<String, Supplier<String>> copy = new LinkedHashMap<>();
        placeholders.forEach((placeholder, supplier) -> {
            if (placeholder == null || !placeholder.matches("[\\x21-\\x7e&&[^:,]]{8,512}")) {
                throw new IllegalArgumentException("A placeholder of the " + provider
                    + " credential swap is not 8 to 512 printable ASCII characters without spaces, ':' or ','.");
            }
            copy.put(placeholder, Objects.requireNonNull(supplier, "the supplier of a " + provider + " placeholder"));
        });
        this.provider = provider;
        this.hostPatterns = List.copyOf(hostPatterns);
        this.placeholders = Map.copyOf(copy);
    }

    @Override
    public String provider() {
        return provider;
    }

    /** @return the host patterns served, as given */
    public List<String> hostPatterns() {
        return hostPatterns;
    }

    @Override
    public boolean servesHost(String host) {
        String name = HostNames.normalize(host);
        if (name == null) {
            return false;
        }
        for (String pattern : hostPatterns) {
            if (HostNames.matches(pattern, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces a placeholder in the request's one {@code Authorization} field.
     *
     * @throws SwapRefusedException when the request has several {@code Authorization} fields, or
     *     when the real value is not available
     */
    @Override
    public boolean apply(ProxiedRequest request) {
        List<String> values = request.headers("Authorization");
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() > 1) {
            // Servers differ on which of two Authorization fields counts: put the credential in none.
            throw new SwapRefusedException("the request has more than one Authorization field; the "
                + provider + " credential is not put into any");
        }
        String value = values.get(0);
        int space = value.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String scheme = value.substring(0, space);
        String credentials = value.substring(space + 1).trim();
        String lower = scheme.toLowerCase(Locale.ROOT);
        String replaced = null;
        if (lower.equals("bearer") || lower.equals("token")) {
            Supplier<String> supplier = placeholders.get(credentials);
            if (supplier != null) {
                String real = real(supplier);
                request.revealed(real);
                replaced = scheme + " " + real;
            }
        } else if (lower.equals("basic")) {
            String basic = basic(credentials, request);
            if (basic != null) {
                // The encoded pair does not hold the token's bytes: a server echoing it must be masked too.
                request.revealed(basic);
                replaced = scheme + " " + basic;
            }
        }
        if (replaced == null) {
            return false;
        }
        request.setHeader("Authorization", replaced);
        return true;
    }

    /** Basic credentials with the placeholder replaced in the user or password part, or null. */
    private String basic(String encoded, ProxiedRequest request) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // ISO-8859-1 maps every byte to one char, so whatever the user part holds survives unchanged.
        String pair = new String(decoded, StandardCharsets.ISO_8859_1);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = pair.substring(0, colon);
        String password = pair.substring(colon + 1);
        Supplier<String> forUser = placeholders.get(user);
        Supplier<String> forPassword = placeholders.get(password);
        if (forUser == null && forPassword == null) {
            return null;
        }
        String newUser = forUser == null ? user : revealed(request, real(forUser));
        String newPassword = forPassword == null ? password : revealed(request, real(forPassword));
        return Base64.getEncoder().encodeToString((newUser + ":" + newPassword).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String revealed(ProxiedRequest request, String real) {
        request.revealed(real);
        return real;
    }

    /** The real value now; refuses the request when there is none fit for a header. */
    private String real(Supplier<String> supplier) {
        String value;
        try {
            value = supplier.get();
        } catch (RuntimeException e) {
            throw new SwapRefusedException("the " + provider + " credential is not available now");
        }
        if (value == null || value.isEmpty() || !value.matches("[\\x21-\\x7e]+") || value.indexOf(':') >= 0) {
            throw new SwapRefusedException("the " + provider + " credential is not available now");
        }
        return value;
    }

    @Override
    public String toString() {
        return "TokenSwap[" + provider + " on " + hostPatterns + ", " + placeholders.size() + " placeholders]";
    }
}
