package dev.mino.proxy.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A server certificate for one host, its key, and the chain the server presents ([leaf,
 * authority]).
 *
 * @param alias the key manager's name for it: {@code host#serial}, so that a certificate minted
 *     anew between a handshake's alias choice and its key lookup cannot pair one's chain with
 *     another's key
 * @param host the DNS name it is for, lower case
 * @param key the leaf's private key
 * @param chain the leaf certificate, then the authority's
 */
public record Leaf(String alias, String host, PrivateKey key, X509Certificate[] chain) {
    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain[0];
    }

    /** When the leaf certificate stops being valid. */
    public Instant notAfter() {
        return chain[0].getNotAfter().toInstant();
    }

    /** The host an alias names. */
    static String hostOf(String alias) {
        int hash = alias.indexOf('#');
        return hash < 0 ? alias : alias.substring(0, hash);
    }
}
