package dev.mino.core.testing;

import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import java.time.Instant;
import java.util.Map;

/**
 * A credential provider that hands out one fixed secret variable: a start with it creates a Podman
 * secret, and the sandbox can check it got the value. Its {@code toString} never shows the value,
 * so that a test can look for the value in what the library told.
 */
public final class FixedCredential implements CredentialProvider {
    private final String provider;
    private final String variable;
    private final String value;
    private final Instant expiry;

    /**
     * @param provider the provider's name, for example {@code github}
     * @param variable the variable the sandbox gets, for example {@code GITHUB_TOKEN}
     * @param value its value
     * @param expiry when the credential expires, or null for never
     */
    public FixedCredential(String provider, String variable, String value, Instant expiry) {
        this.provider = provider;
        this.variable = variable;
        this.value = value;
        this.expiry = expiry;
    }

    @Override
    public String name() {
        return provider;
    }

    @Override
    public String cacheKey() {
        return "fixed-credential|" + provider + "|" + variable + "|" + value;
    }

    @Override
    public IssuedCredential issue() {
        return new IssuedCredential(provider, Map.of(variable, value), Map.of(), expiry);
    }

    @Override
    public String toString() {
        return "FixedCredential[" + provider + ", " + variable + "]";
    }
}
