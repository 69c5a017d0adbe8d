package dev.mino.core.credentials;

/**
 * Mints one kind of credential. Implementations are immutable and thread-safe; they do not cache
 * (the library caches issued credentials by {@link #cacheKey()} until shortly before they expire).
 */
public interface CredentialProvider {

    /** The provider's lower-case name: {@code aws}, {@code gcp}, {@code azure}, {@code github}, ... */
    String name();

    /**
     * Everything that changes the credential this provider mints (profile, role, external id,
     * region, service account, tenant, subscription, host...), as one string. Two providers with
     * equal keys may share a cached credential. Must not contain secret values.
     */
    String cacheKey();

    /**
     * Mints a credential now.
     *
     * @throws CredentialException naming the provider, what failed and what to do
     */
    IssuedCredential issue();
}
