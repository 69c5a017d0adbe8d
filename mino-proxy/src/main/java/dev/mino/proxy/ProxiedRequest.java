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
     * Records a real secret value the calling swap has put into this request: the credential
     * itself, and every other form of it the request carries whole (a {@code Basic} field's
     * encoded credentials, a percent-encoded query value). Every swap that puts a real value in
     * must record it, in each of those forms, before {@link CredentialSwap#apply} returns.
     *
     * <p>The proxy masks each recorded value in everything it sends back to the sandbox, from this
     * request's answer on, on every connection it decrypts (a server may keep what it got and
     * return it later): status line, header fields, body, chunked trailers. Each occurrence
     * becomes as many {@code x} characters, so a server that echoes the request (a debug
     * endpoint, an error quoting it) does not hand the sandbox the real value. A value the server
     * returns only in part, or transformed otherwise, is not masked.
     *
     * @param realValue the value as it appears in the request; empty values are ignored
     */
    void revealed(String realValue);

    /**
     * The whole body, when the proxy read it before the swap because
     * {@link CredentialSwap#needsBody(ProxiedRequest)} asked for it; empty otherwise. An empty
     * body (none sent) is an array of length 0.
     */
    Optional<byte[]> body();
}
