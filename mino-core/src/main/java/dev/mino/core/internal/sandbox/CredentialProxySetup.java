package dev.mino.core.internal.sandbox;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxSpec;
import dev.mino.core.credentials.CredentialPlaceholders;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.credentials.CredentialCache;
import dev.mino.core.internal.credentials.InterceptHosts;
import dev.mino.core.internal.credentials.RefreshingCredential;
import dev.mino.core.internal.credentials.TrustDelivery;
import dev.mino.core.internal.credentials.UpstreamTrust;
import dev.mino.network.InterceptTarget;
import dev.mino.network.NetworkMode;
import dev.mino.network.NetworkRule;
import dev.mino.proxy.AwsKeys;
import dev.mino.proxy.CertificateAuthority;
import dev.mino.proxy.CredentialProxy;
import dev.mino.proxy.CredentialSwap;
import dev.mino.proxy.Placeholders;
import dev.mino.proxy.ProxyException;
import dev.mino.proxy.ProxySettings;
import dev.mino.proxy.SigV4Swap;
import dev.mino.proxy.TokenSwap;
import dev.mino.proxy.Upstream;
import dev.mino.network.EgressGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The credential proxy of one sandbox that holds placeholders: which connections go to it (the
 * plan's part: {@link #interception}), and, for a start, the placeholders the sandbox gets instead
 * of the real values, the trust files, and the proxy itself, listening in the sandbox's proxy
 * folder until the sandbox is closed.
 */
final class CredentialProxySetup implements AutoCloseable {
    private static final String AWS_KEY_ID = "AWS_ACCESS_KEY_ID";
    private static final String AWS_SECRET = "AWS_SECRET_ACCESS_KEY";
    private static final String AWS_TOKEN = "AWS_SESSION_TOKEN";

    private final Map<String, byte[]> sandboxFiles;
    private final List<CredentialSwap> swaps;
    private final CertificateAuthority authority;
    private final SSLContext upstreamTls;
    private CredentialProxy proxy;

    private CredentialProxySetup(Map<String, byte[]> sandboxFiles, List<CredentialSwap> swaps,
                                 CertificateAuthority authority, SSLContext upstreamTls) {
        this.sandboxFiles = sandboxFiles;
        this.swaps = swaps;
        this.authority = authority;
        this.upstreamTls = upstreamTls;
    }

    /**
     * The providers of {@code spec} given as placeholders, among those that deliver something.
     */
    static List<String> placeholderProviders(SandboxSpec spec, List<String> delivering) {
        return delivering.stream().filter(spec.credentialPlaceholders()::appliesTo).toList();
    }

    /**
     * Which of the sandbox's connections the firewall hands to the proxy, with the proxy's folder
     * chosen (not made): null when no provider is given as placeholders. A provider none of whose
     * hosts the allowlist admits is told as a warning: its placeholders then work nowhere.
     */
    static ProxyInterception interception(SandboxSpec spec, List<String> delivering, Path folder,
                                          SandboxListener listener) {
        List<String> providers = placeholderProviders(spec, delivering);
        if (providers.isEmpty() || spec.network().mode() != NetworkMode.ALLOWLIST) {
            return null;
        }
        List<InterceptTarget> targets = new ArrayList<>();
        for (String provider : providers) {
            List<InterceptTarget> hosts = InterceptHosts.of(spec.credentialPlaceholders().hosts(provider),
                spec.network().rules());
            if (hosts.isEmpty()) {
                listener.onEvent(new MinoEvent.Warning(null, "None of the " + provider + " hosts where its real "
                    + "credential is used (" + describe(spec.credentialPlaceholders().hosts(provider)) + ") is in the "
                    + "allowlist: the sandbox's " + provider + " placeholders work nowhere"));
            }
            hosts.stream().filter(target -> !targets.contains(target)).forEach(targets::add);
        }
        return targets.isEmpty() ? null : new ProxyInterception(folder, targets);
    }

    /**
     * Placeholders for the credentials {@code issued} of the providers given as placeholders, the
     * swaps that put the real ones back (refreshed through {@code cache}), and mino's authority
     * from {@code authorityFolder} (made on first use).
     *
     * @throws InvalidSpecException when the certificate file for the providers' hosts cannot be read
     * @throws MinoException when the authority's folder or files cannot be used (the hint says how
     *     to start afresh)
     */
    static CredentialProxySetup prepare(SandboxSpec spec, List<IssuedCredential> issued, CredentialCache cache,
                                        Path authorityFolder, SandboxListener listener) {
        CredentialPlaceholders settings = spec.credentialPlaceholders();
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<CredentialSwap> swaps = new ArrayList<>();
        for (IssuedCredential credential : issued) {
            if (!settings.appliesTo(credential.provider()) || credential.secrets().isEmpty()) {
                continue;
            }
            RefreshingCredential real = new RefreshingCredential(provider(spec, credential.provider()), credential,
                cache, Clock.systemUTC(), listener);
            List<String> hosts = settings.hosts(credential.provider()).stream().map(NetworkRule::host).distinct().toList();
            Map<String, String> placeholders = credential.provider().equals("aws")
                ? aws(real, credential, hosts, swaps) : tokens(real, credential, hosts, swaps);
            placeholders.forEach((variable, value) -> files.put(variable, value.getBytes(StandardCharsets.UTF_8)));
        }
        CertificateAuthority authority;
        try {
            authority = CertificateAuthority.loadOrCreate(authorityFolder);
        } catch (ProxyException e) {
            throw new MinoException("mino's certificate authority for credential placeholders cannot be used: "
                + e.getMessage(), e.hint(), e);
        }
        files.put(TrustDelivery.AUTHORITY, authority.certificatePem().getBytes(StandardCharsets.US_ASCII));
        files.put(TrustDelivery.JAVA_TRUST, authority.javaTrustStore());
        // Read now, before anything is made on the engine: a bad file fails the start cleanly.
        SSLContext upstreamTls = UpstreamTrust.context(settings.upstreamCertificates());
        return new CredentialProxySetup(files, List.copyOf(swaps), authority, upstreamTls);
    }

    /** AWS: placeholder keys, and a swap that re-signs with the real ones. */
    private static Map<String, String> aws(RefreshingCredential real, IssuedCredential credential, List<String> hosts,
                                           List<CredentialSwap> swaps) {
        AwsKeys placeholder = Placeholders.aws();
        Supplier<AwsKeys> realKeys = () -> credential.secrets().containsKey(AWS_TOKEN)
            ? AwsKeys.of(real.secret(AWS_KEY_ID), real.secret(AWS_SECRET), real.secret(AWS_TOKEN))
            : AwsKeys.of(real.secret(AWS_KEY_ID), real.secret(AWS_SECRET));
        swaps.add(new SigV4Swap(hosts, placeholder, realKeys));
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AWS_KEY_ID, placeholder.accessKeyId());
        values.put(AWS_SECRET, placeholder.secretAccessKey());
        placeholder.sessionToken().ifPresent(token -> values.put(AWS_TOKEN, token));
        return values;
    }

    /**
     * A bearer token: one placeholder per distinct real value (GitHub's token is both
     * {@code GITHUB_TOKEN} and {@code GH_TOKEN}), each swapped back in the Authorization field.
     */
    private static Map<String, String> tokens(RefreshingCredential real, IssuedCredential credential,
                                              List<String> hosts, List<CredentialSwap> swaps) {
        Map<String, String> placeholderOfValue = new LinkedHashMap<>();
        Map<String, Supplier<String>> realOfPlaceholder = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        credential.secrets().forEach((variable, value) -> {
            String placeholder = placeholderOfValue.computeIfAbsent(value, v -> {
                String made = placeholderFor(credential.provider(), v);
                realOfPlaceholder.put(made, () -> real.secret(variable));
                return made;
            });
            values.put(variable, placeholder);
        });
        swaps.add(new TokenSwap(credential.provider(), hosts, realOfPlaceholder));
        return values;
    }

    private static String placeholderFor(String provider, String realValue) {
        return switch (provider) {
            case "github" -> Placeholders.github(realValue);
            case "gcp" -> Placeholders.gcp();
            case "azure" -> Placeholders.azure();
            default -> throw new IllegalStateException("no placeholder for provider " + provider);
        };
    }

    private static CredentialProvider provider(SandboxSpec spec, String name) {
        return spec.credentials().stream().filter(p -> p.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no provider " + name + " in the spec"));
    }

    private static String describe(List<NetworkRule> hosts) {
        return String.join(", ", hosts.stream().map(NetworkRule::toString).toList());
    }

    /** What the sandbox's secrets hold instead of the real values: placeholders and trust files. */
    Map<String, byte[]> sandboxFiles() {
        return sandboxFiles;
    }

    /**
     * Starts the proxy on {@code folder}'s proxy socket; its connections upstream go through the
     * firewall's upstream socket in the same folder, so they leave through the sandbox's own
     * network and firewall. Each swap goes to the audit log and to the listener.
     */
    void start(Path folder, String session, SessionJournal journal, SandboxListener listener) {
        ProxySettings settings = ProxySettings.builder()
            .listenSocket(folder.resolve(EgressGuard.PROXY_SOCKET))
            .upstream(Upstream.relay(folder.resolve(EgressGuard.UPSTREAM_SOCKET)))
            .serverTls(authority.serverContext())
            .upstreamTls(upstreamTls)
            .swaps(swaps)
            .audit(event -> {
                journal.credentialUsed(session, event);
                listener.onEvent(new MinoEvent.CredentialUsed(session, event.provider(), event.host(), event.method(),
                    event.path(), event.at()));
            })
            .build();
        try {
            proxy = CredentialProxy.start(settings);
            // The firewall's root may be another host user (a root JVM beside a rootless engine);
            // the folder, private to the two of them, keeps everyone else out.
            Files.setPosixFilePermissions(settings.listenSocket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            close();
            throw new MinoException("cannot start the credential proxy in " + folder + ": " + e.getMessage(),
                "turn credential placeholders off, or check that the runtime or temp folder is writable");
        }
    }

    /** Stops the proxy; its live connections end. Idempotent. */
    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
