package dev.mino.credentials.internal;

import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Everything {@link AzureTokenMinter} needs, validated by {@link dev.mino.credentials.AzureCredentials}.
 *
 * @param tenant the Microsoft Entra tenant, if any
 * @param subscription the subscription, if any (part of the cache key only)
 * @param clientId the service principal's client id when a client secret is used
 * @param clientSecret the service principal's secret; a secret
 * @param authorityHost the login host, if not the public cloud's
 * @param sslContext the TLS context for the HTTP client, if not the JDK's default
 */
public record AzureTokenRequest(
    Optional<String> tenant,
    Optional<String> subscription,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<URI> authorityHost,
    Optional<SSLContext> sslContext) {

    /** Leaves out the client secret. */
    @Override
    public String toString() {
        return "AzureTokenRequest[tenant=" + tenant + ", subscription=" + subscription + ", clientId=" + clientId
            + ", authorityHost=" + authorityHost + "]";
    }
}
