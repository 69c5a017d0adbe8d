package dev.mino.proxy.internal;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server certificates minted on demand, one per host, kept until they come within a day of
 * expiry. Thread-safe: handshakes for the same host share one certificate. The hosts come from
 * the sandbox, so the cache is bounded.
 */
public final class LeafCertificates {
    /** A leaf this close to its end is replaced by a new one. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(1);
    /** At most this many hosts are kept; a sandbox naming ever new hosts cannot grow it further. */
    static final int MAX_HOSTS = 1024;

    /** A host's current leaf and the one before it, which a handshake under way may still use. */
    private record Entry(Leaf current, Leaf previous) {}

    private final X509Certificate authority;
    private final PrivateKey authorityKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Entry> byHost = new ConcurrentHashMap<>();

    /** Mints with the given authority, by the given clock. */
    public LeafCertificates(X509Certificate authority, PrivateKey authorityKey, Clock clock) {
        this.authority = authority;
        this.authorityKey = authorityKey;
        this.clock = clock;
    }

    /**
     * The current certificate for {@code host}, minted when there is none or it is about to expire.
     *
     * @throws dev.mino.proxy.ProxyException when {@code host} is not a valid DNS name
     */
    public Leaf forHost(String host) {
        String name = DnsNames.check(host);
        Entry entry = byHost.compute(name, (key, old) -> {
            if (old != null && fresh(old.current())) {
                return old;
            }
            return new Entry(mint(key), old == null ? null : old.current());
        });
        if (byHost.size() > MAX_HOSTS) {
            evictOtherThan(name);
        }
        return entry.current();
    }

    /** The leaf an alias from {@link Leaf#alias()} names, while it is the host's current or previous one. */
    public Optional<Leaf> byAlias(String alias) {
        if (alias == null) {
            return Optional.empty();
        }
        Entry entry = byHost.get(Leaf.hostOf(alias));
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.current().alias().equals(alias)) {
            return Optional.of(entry.current());
        }
        if (entry.previous() != null && entry.previous().alias().equals(alias)) {
            return Optional.of(entry.previous());
        }
        return Optional.empty();
    }

    /** How many hosts have a certificate now. */
    int size() {
        return byHost.size();
    }

    private boolean fresh(Leaf leaf) {
        return clock.instant().plus(RENEW_BEFORE).isBefore(leaf.notAfter());
    }

    private Leaf mint(String host) {
        KeyPair keys = EcKeys.generate(random);
        Instant now = clock.instant();
        X509Certificate certificate = Certificates.server(host, keys, authority, authorityKey, now, random);
        String alias = host + "#" + certificate.getSerialNumber().toString(16);
        return new Leaf(alias, host, keys.getPrivate(), new X509Certificate[] {certificate, authority});
    }

    private void evictOtherThan(String keep) {
        Iterator<String> hosts = byHost.keySet().iterator();
        while (byHost.size() > MAX_HOSTS && hosts.hasNext()) {
            if (!hosts.next().equals(keep)) {
                hosts.remove();
            }
        }
    }
}
