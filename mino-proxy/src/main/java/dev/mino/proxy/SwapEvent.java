package dev.mino.proxy;

import java.time.Instant;
import java.util.Objects;

/**
 * One request into which the proxy put a real credential: the audit record. It never holds the
 * credential, the placeholder, the query string or any header value.
 *
 * @param provider the provider whose credential was used
 * @param host the host the request went to
 * @param method the request's method
 * @param path the request's path, without the query
 * @param at when the swap happened
 */
public record SwapEvent(String provider, String host, String method, String path, Instant at) {
    /** Checks that no field is null. */
    public SwapEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(at, "at");
    }
}
