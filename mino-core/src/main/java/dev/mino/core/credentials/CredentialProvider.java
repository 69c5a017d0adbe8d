package dev.mino.core.credentials;

import java.util.Optional;

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

    /**
     * What {@link #issue()} will deliver, without minting or reading any cache: its secret
     * variables by name and its plain variables with their values. A sandbox's plan
     * ({@code SandboxBuilder.plan()}, a dry run) is made from this, and so is a start's until the
     * credentials are minted; when what was issued differs (a provider failed and strict mode is
     * off, or this declaration was incomplete), the start plans again from what was issued.
     * Must not mint, block on the network or return secret values.
     *
     * @return the declaration, or empty when the provider does not declare (the default): a
     *     plan then shows nothing of it, and a start plans from what it issued
     */
    default Optional<PlannedCredential> planned() {
        return Optional.empty();
    }
}
