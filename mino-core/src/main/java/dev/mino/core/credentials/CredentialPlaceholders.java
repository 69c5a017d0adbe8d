package dev.mino.core.credentials;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.internal.spec.Checks;
import dev.mino.network.NetworkPolicyException;
import dev.mino.network.NetworkRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which credentials a sandbox holds only as placeholders, and where the real ones may go.
 *
 * <p>In placeholder mode a provider's secret variables hold values of the right shape that are
 * worthless anywhere else. A proxy that mino runs outside the sandbox, on the sandbox's egress
 * path, puts the real credential into requests to that provider's hosts only (AWS requests are
 * re-signed), refreshing it when it expires; the sandbox never sees a real value. The sandbox
 * trusts mino's per-user certificate authority for those hosts. Placeholder mode needs an
 * allowlist network (the firewall container is the path to the proxy) that admits the provider's
 * hosts.
 *
 * <p>Hosts are written as rules are, {@code name} or {@code *.domain}, optionally with
 * {@code :port} (default 443): the defaults ({@link #defaultHosts(String)}) cover the public
 * clouds and github.com; an enterprise GitHub, a sovereign cloud or a test names its own.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class CredentialPlaceholders {
    /** The providers that can be given as placeholders, in order. */
    public static final List<String> PROVIDERS = List.of("aws", "gcp", "azure", "github");
    /** No placeholders: every provider's real credential enters the sandbox, as in mino 1.6.0. */
    public static final CredentialPlaceholders NONE = builder().build();

    private static final int DEFAULT_PORT = 443;
    private static final Map<String, List<String>> DEFAULT_HOSTS = Map.of(
        "aws", List.of("*.amazonaws.com", "*.amazonaws.com.cn"),
        "gcp", List.of("*.googleapis.com"),
        "azure", List.of("management.azure.com", "graph.microsoft.com", "*.vault.azure.net",
            "*.blob.core.windows.net"),
        "github", List.of("github.com", "api.github.com", "uploads.github.com", "raw.githubusercontent.com"));

    private final boolean all;
    private final Map<String, Boolean> switches;
    private final Map<String, List<NetworkRule>> hosts;
    private final Path upstreamCertificates;

    private CredentialPlaceholders(Builder b) {
        this.all = b.all;
        this.switches = Collections.unmodifiableMap(new LinkedHashMap<>(b.switches));
        Map<String, List<NetworkRule>> copy = new LinkedHashMap<>();
        b.hosts.forEach((provider, rules) -> copy.put(provider, List.copyOf(rules)));
        this.hosts = Collections.unmodifiableMap(copy);
        this.upstreamCertificates = b.upstreamCertificates;
    }

    /** A builder with nothing switched on. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.all = all;
        b.switches.putAll(switches);
        hosts.forEach((provider, rules) -> b.hosts.put(provider, new ArrayList<>(rules)));
        b.upstreamCertificates = upstreamCertificates;
        return b;
    }

    /** Whether the credentials of {@code provider} are given as placeholders. */
    public boolean appliesTo(String provider) {
        Boolean own = switches.get(provider);
        return own != null ? own : all;
    }

    /** Whether any provider's credentials are given as placeholders. */
    public boolean enabled() {
        return all || switches.containsValue(Boolean.TRUE);
    }

    /** Whether every provider is switched on at once ({@link Builder#all(boolean)}). */
    public boolean all() {
        return all;
    }

    /** The providers switched on or off by name, over {@link #all()}. */
    public Map<String, Boolean> switches() {
        return switches;
    }

    /**
     * The hosts where {@code provider}'s real credential is put into requests: those set with
     * {@link Builder#hosts(String, Collection)}, else {@link #defaultHosts(String)}. Each is a
     * name or wildcard with the port the proxy takes over on it.
     */
    public List<NetworkRule> hosts(String provider) {
        List<NetworkRule> own = hosts.get(provider);
        return own != null ? own : defaultHosts(provider);
    }

    /** The hosts set for providers by name (the others use their defaults). */
    public Map<String, List<NetworkRule>> hostOverrides() {
        return hosts;
    }

    /** The hosts mino uses for {@code provider} unless told others; empty for an unknown provider. */
    public static List<NetworkRule> defaultHosts(String provider) {
        return DEFAULT_HOSTS.getOrDefault(provider, List.of()).stream()
            .map(host -> new NetworkRule(host, DEFAULT_PORT)).toList();
    }

    /**
     * A file of PEM certificates the proxy trusts, besides the JDK's own authorities, when it
     * connects to a provider's host (an enterprise GitHub behind a company authority).
     */
    public Optional<Path> upstreamCertificates() {
        return Optional.ofNullable(upstreamCertificates);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialPlaceholders that && all == that.all && switches.equals(that.switches)
            && hosts.equals(that.hosts) && Objects.equals(upstreamCertificates, that.upstreamCertificates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(all, switches, hosts, upstreamCertificates);
    }

    @Override
    public String toString() {
        return "CredentialPlaceholders[all=" + all + ", switches=" + switches + ", hosts=" + hosts
            + ", upstreamCertificates=" + upstreamCertificates + "]";
    }

    /** Builds {@link CredentialPlaceholders}; each setter checks its input. */
    public static final class Builder {
        private boolean all;
        private final Map<String, Boolean> switches = new LinkedHashMap<>();
        private final Map<String, List<NetworkRule>> hosts = new LinkedHashMap<>();
        private Path upstreamCertificates;

        private Builder() {
        }

        /** Switches placeholders on or off for every provider (those switched by name keep their switch). */
        public Builder all(boolean value) {
            this.all = value;
            return this;
        }

        /**
         * Switches placeholders on or off for one provider.
         *
         * @throws InvalidSpecException when the provider cannot be given as placeholders
         */
        public Builder provider(String provider, boolean value) {
            switches.put(known(provider), value);
            return this;
        }

        /**
         * The hosts of {@code provider} where its real credential is put into requests, instead
         * of the defaults: {@code name}, {@code *.domain}, each optionally with {@code :port}
         * (default 443).
         *
         * @throws InvalidSpecException when the provider is unknown, the list is empty, or a host
         *     is malformed or an address (the proxy tells hosts apart by name)
         */
        public Builder hosts(String provider, Collection<String> hostsOfProvider) {
            String name = known(provider);
            Objects.requireNonNull(hostsOfProvider, "hosts");
            if (hostsOfProvider.isEmpty()) {
                throw new InvalidSpecException("no hosts given for the " + name + " credential placeholders",
                    "name at least one host, or leave the hosts out to use the defaults");
            }
            Set<NetworkRule> rules = new LinkedHashSet<>();
            for (String host : hostsOfProvider) {
                rules.add(parseHost(name, host));
            }
            hosts.put(name, new ArrayList<>(rules));
            return this;
        }

        /**
         * A PEM file of certificate authorities the proxy trusts on the providers' hosts, besides
         * the JDK's own; null for none.
         *
         * @throws InvalidSpecException when the path is relative
         */
        public Builder upstreamCertificates(Path pemFile) {
            if (pemFile != null && !pemFile.isAbsolute()) {
                throw new InvalidSpecException("the certificate file " + pemFile + " for the credential proxy is "
                    + "a relative path", "give it as an absolute path");
            }
            this.upstreamCertificates = pemFile;
            return this;
        }

        /** The settings. */
        public CredentialPlaceholders build() {
            return new CredentialPlaceholders(this);
        }

        private static String known(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (!PROVIDERS.contains(provider)) {
                throw new InvalidSpecException("credential provider '" + Checks.printable(provider)
                    + "' cannot be given as placeholders", "use one of " + String.join(", ", PROVIDERS));
            }
            return provider;
        }

        private static NetworkRule parseHost(String provider, String host) {
            Objects.requireNonNull(host, "host");
            String text = host.strip();
            NetworkRule rule;
            try {
                rule = NetworkRule.parse(text.contains(":") ? text : text + ":" + DEFAULT_PORT);
            } catch (NetworkPolicyException e) {
                throw new InvalidSpecException("the " + provider + " placeholder host '" + Checks.printable(text)
                    + "' is not valid: " + e.getMessage(), "write a name or *.domain, optionally with :port, for "
                    + "example api.github.com or github.example.com:8443");
            }
            if (!rule.hostKind().isName()) {
                throw new InvalidSpecException("the " + provider + " placeholder host '" + Checks.printable(text)
                    + "' is an address", "name the host: the proxy tells a provider's hosts apart by the name the "
                    + "sandbox asks for");
            }
            return new NetworkRule(rule.host().toLowerCase(java.util.Locale.ROOT), rule.port());
        }
    }
}
