package dev.mino.core.internal.credentials;

import dev.mino.core.SandboxListener;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.proxy.SwapRefusedException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The real credential of one provider of a sandbox that holds placeholders: what the credential
 * proxy puts into requests. It starts with what the start issued and is issued again (through the
 * credential cache, so that sandboxes share it) once it is within the cache's refresh margin of
 * its expiry: a long session keeps working after the first token expired, and the sandbox, which
 * holds only the placeholder, never sees either value. Thread-safe.
 */
public final class RefreshingCredential {
    private static final System.Logger LOG = System.getLogger(RefreshingCredential.class.getName());

    private final CredentialProvider provider;
    private final CredentialCache cache;
    private final Clock clock;
    private final SandboxListener listener;
    private IssuedCredential current;

    /**
     * @param issued what the start issued for {@code provider}
     * @param listener told {@code CredentialsIssued} for each refresh
     */
    public RefreshingCredential(CredentialProvider provider, IssuedCredential issued, CredentialCache cache,
                                Clock clock, SandboxListener listener) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.current = Objects.requireNonNull(issued, "issued");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The provider's name. */
    public String provider() {
        return provider.name();
    }

    /**
     * The value of the secret variable {@code variable} now, issued again first when the current
     * credential is about to expire.
     *
     * @throws SwapRefusedException when the credential must be issued again and that fails (the
     *     proxy then answers the request with an error and sends nothing on)
     */
    public String secret(String variable) {
        String value = fresh().secrets().get(variable);
        if (value == null) {
            throw new SwapRefusedException("the " + provider.name() + " credential has no " + variable + " any more");
        }
        return value;
    }

    private synchronized IssuedCredential fresh() {
        Instant expires = current.expiresAt();
        if (expires != null && !clock.instant().isBefore(expires.minus(CredentialCache.REFRESH_MARGIN))) {
            try {
                current = cache.get(provider);
            } catch (RuntimeException e) {
                // Its message may quote what the provider was given: only the type is logged.
                LOG.log(System.Logger.Level.WARNING, "refreshing the " + provider.name() + " credential failed: "
                    + e.getClass().getName());
                throw new SwapRefusedException("mino could not refresh the " + provider.name() + " credential");
            }
            listener.onEvent(CredentialLoader.issuedEvent(current));
        }
        return current;
    }
}
