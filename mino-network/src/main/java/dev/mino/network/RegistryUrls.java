package dev.mino.network;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns a registry URL from the user's configuration into the rule that lets the sandbox reach it. */
final class RegistryUrls {
    private RegistryUrls() {}

    /**
     * The rule for an http or https URL: its host with the explicit port, or the scheme's default
     * port. Other schemes (a {@code file:} repository, say) need no network, so they give nothing;
     * a URL that cannot be read gives nothing and a warning naming where it came from.
     */
    static Optional<NetworkRule> ruleFor(String url, String source, List<String> warnings) {
        if (url.contains("${")) {
            // Expanding would build a host or port from the host's environment: a name such as
            // ${SECRET}.example would carry the secret out in a DNS query.
            warnings.add("Ignored registry URL '" + shown(url) + "' in " + source
                + ": it names a variable (${...}), and mino never builds a host or port from variables");
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            warnings.add("Ignored registry URL '" + shown(url) + "' in " + source + ": not a valid URL");
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            if (uri.getScheme() == null) {
                warnings.add("Ignored registry URL '" + shown(url) + "' in " + source
                    + ": it has no http or https scheme");
            }
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            warnings.add("Ignored registry URL '" + shown(url) + "' in " + source + ": no host name");
            return Optional.empty();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
        try {
            return Optional.of(new NetworkRule(host, port));
        } catch (NetworkPolicyException e) {
            warnings.add("Ignored registry URL '" + shown(url) + "' in " + source + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The URL for a message, without the user name and password it may carry. */
    static String shown(String url) {
        return HostSyntax.printable(url.replaceFirst("//[^/?#]*@", "//"));
    }
}
