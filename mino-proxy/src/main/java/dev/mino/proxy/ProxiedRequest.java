package dev.mino.proxy;

import java.util.List;
import java.util.Optional;

/**
 * One HTTP/1.1 request from the sandbox, as the credential proxy holds it before sending it on:
 * a {@link CredentialSwap} may change its header fields and its target, never its body.
 * Header names compare without regard to case; order and repeated fields are kept.
 */
public interface ProxiedRequest {
    /** The host the sandbox asked for: the TLS server name, lower case, no port. */
    String host();

    /** The port the sandbox connected to. */
    int port();

    /** The method, as sent ({@code GET}, {@code POST}...). */
    String method();

    /** The request target as sent: path and query, e.g. {@code /repos/o/r?per_page=1}. */
    String target();

    /** Replaces the request target (a presigned URL's signature lives there). */
    void target(String value);

    /** The values of every field named {@code name}, in order; empty when there is none. */
    List<String> headers(String name);

    /** The first value of the field {@code name}. */
    default Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every field as {@code [name, value]} pairs, in order. */
    List<String[]> headerFields();

    /** Sets the field {@code name} to one value, replacing every field of that name (added last when new). */
    void setHeader(String name, String value);

    /** Removes every field named {@code name}. */
    void removeHeader(String name);

    /**
     * The whole body, when the proxy read it before the swap because
     * {@link CredentialSwap#needsBody(ProxiedRequest)} asked for it; empty otherwise. An empty
     * body (none sent) is an array of length 0.
     */
    Optional<byte[]> body();
}
