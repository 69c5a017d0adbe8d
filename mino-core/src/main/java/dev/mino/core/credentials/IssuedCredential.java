package dev.mino.core.credentials;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A minted credential: the environment variables a sandbox gets. {@code secrets} are delivered so
 * that they never show in {@code podman inspect}; {@code plainEnv} (a region, a project id) are
 * ordinary env. {@link #toString()} never shows secret values.
 *
 * @param provider the provider's name
 * @param secrets variable name to secret value
 * @param plainEnv variable name to non-secret value
 * @param expiresAt when the credential stops working, or null when unknown (then it is not cached)
 */
public record IssuedCredential(String provider, Map<String, String> secrets, Map<String, String> plainEnv,
                               Instant expiresAt) {

    /** Copies the maps, keeping their order. */
    public IssuedCredential {
        Objects.requireNonNull(provider, "provider");
        secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        plainEnv = Collections.unmodifiableMap(new LinkedHashMap<>(plainEnv));
    }

    /** When the credential expires, if known. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return "IssuedCredential[" + provider + ", secrets=" + secrets.keySet() + ", env=" + plainEnv
            + ", expiresAt=" + expiresAt + "]";
    }
}
