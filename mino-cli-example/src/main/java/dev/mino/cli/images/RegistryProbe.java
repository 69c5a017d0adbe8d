package dev.mino.cli.images;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Whether a container registry answers, asked before mino offers or pulls an image from it: a
 * registry that does not answer would make a pull fail (or hang until the engine gives up), so
 * mino says what to do instead. One request for the registry's API root ({@code /v2/}) with a
 * short timeout; any HTTP answer counts (registries answer 401 there), and so does a TLS
 * handshake that fails (something answers; the engine may trust what this JVM does not). The
 * proxy of {@code https_proxy} is used, as the engine would use it, except for the hosts of
 * {@code no_proxy}.
 *
 * <p>The probe runs from mino's host, not the engine's: for the usual local engine the same
 * network.
 */
public final class RegistryProbe {
    /** Long enough for a registry across the world, short enough not to be noticed when none is there. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String scheme;
    private final Duration timeout;
    private final Map<String, String> env;

    /** The probe mino uses: HTTPS with {@link #TIMEOUT}, the proxy of {@code env}. */
    public RegistryProbe(Map<String, String> env) {
        this("https", TIMEOUT, env);
    }

    /** A probe with another scheme and timeout, for tests against a plain HTTP stand-in. */
    RegistryProbe(String scheme, Duration timeout, Map<String, String> env) {
        this.scheme = scheme;
        this.timeout = timeout;
        this.env = env;
    }

    /**
     * The registry an image reference names, as Podman reads it: the first part of the name when
     * it holds a dot or a colon or is {@code localhost}; empty for a short name such as
     * {@code fedora:43}, which Podman resolves through its own configuration.
     */
    public static Optional<String> registryOf(String reference) {
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = name.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String first = name.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return Optional.of(first.toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    /** Whether the registry is this host's own name space, which nothing can be pulled from. */
    static boolean isLocal(String registry) {
        return registry.equals("localhost") || registry.startsWith("localhost:");
    }

    /**
     * Whether {@code registry} (a host, with a port or not) answers within the timeout. Docker
     * Hub's name {@code docker.io} is served at {@code registry-1.docker.io}.
     */
    public boolean answers(String registry) {
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER);
        if (!bypassesProxy(host)) {
            proxy().ifPresent(client::proxy);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(scheme + "://" + host + "/v2/")).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            client.build().send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (SSLException e) {
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether {@code no_proxy} (or {@code NO_PROXY}) exempts the host, as curl and Go read it: an
     * entry that is the host, or a domain it is in ({@code example.com} and {@code .example.com}
     * both cover {@code r.example.com}), or {@code *}.
     */
    boolean bypassesProxy(String hostAndPort) {
        String host = hostAndPort.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        String list = env.getOrDefault("no_proxy", env.getOrDefault("NO_PROXY", ""));
        for (String entry : list.split(",")) {
            String domain = entry.strip().toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
            if (domain.equals("*")) {
                return true;
            }
            domain = domain.startsWith(".") ? domain.substring(1) : domain;
            if (!domain.isEmpty() && (host.equals(domain) || host.endsWith("." + domain))) {
                return true;
            }
        }
        return false;
    }

    /** The proxy of {@code https_proxy} (or {@code HTTPS_PROXY}), as {@code http://host:port}. */
    private Optional<ProxySelector> proxy() {
        String value = env.getOrDefault("https_proxy", env.get("HTTPS_PROXY"));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.contains("://") ? value.strip() : "http://" + value.strip());
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            return Optional.of(ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), port)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
