package dev.mino.credentials.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.IssuedCredential;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mints an Azure Resource Manager token with azure-identity. Loaded only once {@link Sdk#AZURE} is present. */
public final class AzureTokenMinter {
    private static final String PROVIDER = "azure";
    private static final System.Logger LOG = System.getLogger(AzureTokenMinter.class.getName());
    private static final String SCOPE = "https://management.azure.com/.default";
    private static final String HINT = "Run: az login";

    private AzureTokenMinter() {
    }

    /**
     * Mints a token for the management scope as the request describes.
     *
     * @throws CredentialException naming Azure and what to do, never holding a secret
     */
    public static IssuedCredential mint(AzureTokenRequest request) {
        List<String> knownSecrets = request.clientSecret().map(List::of).orElse(List.of());
        TokenCredential credential = credential(request);
        AccessToken token;
        try {
            token = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
        } catch (CredentialUnavailableException e) {
            throw new CredentialException(PROVIDER, "Azure not authenticated: "
                + SecretText.clean(e.getMessage(), knownSecrets), HINT, e);
        } catch (RuntimeException e) {
            throw failure(e, knownSecrets);
        }
        if (token == null || token.getToken() == null || token.getToken().isBlank()) {
            throw new CredentialException(PROVIDER, "Azure credential error: Empty token returned", HINT, null);
        }
        Instant expiresAt = token.getExpiresAt() == null ? null : token.getExpiresAt().toInstant();
        LOG.log(Level.DEBUG, "Azure issued a management token expiring at {0}", expiresAt);
        return new IssuedCredential(PROVIDER, Map.of(Deliveries.AZURE_ACCESS_TOKEN, token.getToken()), Map.of(), expiresAt);
    }

    private static TokenCredential credential(AzureTokenRequest request) {
        HttpClient http = request.sslContext()
            .map(ctx -> new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ctx)).build())
            .orElseGet(() -> new JdkHttpClientBuilder().build());
        if (request.clientId().isPresent()) {
            ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                .tenantId(request.tenant().orElseThrow())
                .clientId(request.clientId().get())
                .clientSecret(request.clientSecret().orElseThrow())
                .httpClient(http);
            // A custom authority is not one of Microsoft's clouds, so asking login.microsoftonline.com
            // about it would only leak the host name and add retries.
            request.authorityHost().ifPresent(host -> builder.authorityHost(host.toString()).disableInstanceDiscovery());
            LOG.log(Level.DEBUG, "Requesting an Azure token for client {0} in tenant {1}", request.clientId().get(),
                request.tenant().orElse("-"));
            return builder.build();
        }
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(http);
        request.tenant().ifPresent(builder::tenantId);
        request.authorityHost().ifPresent(host -> builder.authorityHost(host.toString()).disableInstanceDiscovery());
        LOG.log(Level.DEBUG, "Requesting an Azure token with the default credential chain (tenant {0})",
            request.tenant().orElse("-"));
        return builder.build();
    }

    private static CredentialException failure(RuntimeException e, List<String> knownSecrets) {
        int status = statusOf(e);
        String detail = SecretText.clean(detailOf(e), knownSecrets);
        if (status == 401 || status == 403) {
            return new CredentialException(PROVIDER, "Azure token endpoint refused the request (HTTP " + status + "): "
                + detail, HINT, e);
        }
        return new CredentialException(PROVIDER, "Azure credential error: " + detail
            + (status > 0 ? " (HTTP " + status + ")" : ""), HINT, e);
    }

    // azure-identity wraps MSAL's exception in layers whose messages repeat the class names.
    private static String detailOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MsalServiceException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    private static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MsalServiceException msal && msal.statusCode() != null && msal.statusCode() > 0) {
                return msal.statusCode();
            }
            if (t instanceof HttpResponseException http && http.getResponse() != null) {
                return http.getResponse().getStatusCode();
            }
        }
        return -1;
    }
}
