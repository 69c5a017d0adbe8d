package dev.mino.proxy;

/**
 * What the credential proxy does for one provider: which hosts it serves, and how a request to
 * them gets the real credential in place of the sandbox's placeholder. Implementations fetch the
 * real value each time they apply (so that a refreshed token is used), never log or return it,
 * and leave a request without their placeholder as it was.
 */
public interface CredentialSwap {
    /** The provider's name as mino knows it ({@code github}, {@code aws}, {@code gcp}, {@code azure}). */
    String provider();

    /**
     * Whether requests to {@code host} (a TLS server name, lower case, no port) are this
     * provider's: only then does the proxy decrypt the connection and call {@link #apply}.
     */
    boolean servesHost(String host);

    /**
     * Whether {@link #apply} needs the whole body first (an AWS request signed without a payload
     * hash header). The proxy then reads it, up to a bound, before sending anything on.
     */
    default boolean needsBody(ProxiedRequest request) {
        return false;
    }

    /**
     * Puts the real credential into {@code request} where it holds this provider's placeholder.
     * It must not change the request's framing ({@code Content-Length}, {@code Transfer-Encoding})
     * or its {@code Host}: the proxy refuses such a request. It records every real secret value it
     * puts in with {@link ProxiedRequest#revealed(String)}, so that the proxy masks it in the
     * answers the sandbox reads. After a swap changed a request, the proxy asks the server for an
     * uncompressed answer ({@code Accept-Encoding: identity}) unless a signature covers that field.
     *
     * @return whether the request was changed (then the proxy reports a {@link SwapEvent})
     * @throws SwapRefusedException when the request carries the placeholder in a form this swap
     *     cannot handle; the proxy answers the sandbox with an error then and sends nothing on
     */
    boolean apply(ProxiedRequest request);
}
