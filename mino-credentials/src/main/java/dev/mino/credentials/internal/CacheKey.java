package dev.mino.credentials.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a provider's cache key as {@code name|key=value|key=value}. Values are escaped so that
 * two different settings can never produce the same key by containing the separators.
 */
public final class CacheKey {
    private final String provider;
    private final List<String> parts = new ArrayList<>();

    private CacheKey(String provider) {
        this.provider = provider;
    }

    /** Starts a key for the named provider. */
    public static CacheKey of(String provider) {
        return new CacheKey(provider);
    }

    /** Adds a setting; an absent value is written as {@code -} so that absent and empty differ. */
    public CacheKey with(String key, Optional<?> value) {
        parts.add(key + "=" + value.map(v -> escape(String.valueOf(v))).orElse("-"));
        return this;
    }

    /** Adds a setting that always has a value. */
    public CacheKey with(String key, Object value) {
        return with(key, Optional.of(value));
    }

    /** The finished key. */
    public String build() {
        return provider + "|" + String.join("|", parts);
    }

    private static String escape(String value) {
        if (value.equals("-")) {
            return "%2D";
        }
        return value.replace("%", "%25").replace("|", "%7C").replace("=", "%3D");
    }
}
