package dev.mino.credentials;

import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.credentials.internal.AzureTokenMinter;
import dev.mino.credentials.internal.AzureTokenRequest;
import dev.mino.credentials.internal.CacheKey;
import dev.mino.credentials.internal.Deliveries;
import dev.mino.credentials.internal.Sdk;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * An Azure Resource Manager access token (scope {@code https://management.azure.com/.default}),
 * minted with azure-identity's {@code DefaultAzureCredential} (environment, workload identity,
 * managed identity, the Azure CLI's login...) or, when a client id and secret are given, as that
 * service principal.
 *
 * <p>The sandbox gets {@code AZURE_ACCESS_TOKEN} as a secret. The subscription is not injected; it
 * is part of the cache key so that switching it never reuses a token minted for another.
 *
 * <p>Needs {@code com.azure:azure-identity} and {@code com.azure:azure-core-http-jdk-httpclient} on
 * the class path; {@link Builder#build()} says so when they are missing. Instances are immutable and
 * thread-safe and do not cache: every {@link #issue()} asks Microsoft Entra ID for a token.
 */
public final class AzureCredentials implements CredentialProvider {

    /** The provider's name, also the name of its factory. */
    public static final String NAME = "azure";

    /** The scope of the minted token. */
    public static final String SCOPE = "https://management.azure.com/.default";

    // Tenants are GUIDs or verified domain names; subscriptions are GUIDs but names are accepted by az.
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,253}");
    private static final Pattern SUBSCRIPTION = Pattern.compile("[^\\s][^\\r\\n]{0,127}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final AzureTokenRequest request;

    private AzureCredentials(AzureTokenRequest request) {
        this.request = request;
    }

    /** A builder with the defaults: {@code DefaultAzureCredential} in the home tenant. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Covers tenant, subscription, client id and authority host; never the client secret. */
    @Override
    public String cacheKey() {
        return CacheKey.of(NAME)
            .with("tenant", request.tenant())
            .with("subscription", request.subscription())
            .with("client-id", request.clientId())
            .with("authority", request.authorityHost())
            .build();
    }

    /**
     * Asks Microsoft Entra ID for a token now.
     *
     * @throws CredentialException when nothing is logged in ({@code Run: az login}), the token
     *     endpoint refuses (HTTP 401/403) or cannot be reached
     */
    @Override
    public IssuedCredential issue() {
        return Sdk.AZURE.call(() -> AzureTokenMinter.mint(request),
            request.clientSecret().map(List::of).orElse(List.of()));
    }

    /** {@code AZURE_ACCESS_TOKEN}, a secret. */
    @Override
    public Optional<PlannedCredential> planned() {
        return Optional.of(Deliveries.azure());
    }

    /** The tenant, if set. */
    public Optional<String> tenant() {
        return request.tenant();
    }

    /** The subscription, if set. */
    public Optional<String> subscription() {
        return request.subscription();
    }

    /** The service principal's client id when a client secret is used. */
    public Optional<String> clientId() {
        return request.clientId();
    }

    /** The login host, if not the public cloud's. */
    public Optional<URI> authorityHost() {
        return request.authorityHost();
    }

    @Override
    public String toString() {
        return "AzureCredentials[tenant=" + request.tenant().orElse("-")
            + ", subscription=" + request.subscription().orElse("-")
            + request.clientId().map(id -> ", clientId=" + id + ", clientSecret=(set)").orElse("")
            + request.authorityHost().map(host -> ", authorityHost=" + host).orElse("") + "]";
    }

    /** Collects and validates the settings; not thread-safe, use one per thread. */
    public static final class Builder {
        private String tenant;
        private String subscription;
        private String clientId;
        private String clientSecret;
        private URI authorityHost;
        private SSLContext sslContext;

        private Builder() {
        }

        /** The tenant to get the token from ({@code credentials.azure.tenant}). */
        public Builder tenant(String tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            return this;
        }

        /** The subscription ({@code credentials.azure.subscription}); only part of the cache key. */
        public Builder subscription(String subscription) {
            this.subscription = Objects.requireNonNull(subscription, "subscription");
            return this;
        }

        /** Authenticate as this service principal instead of with {@code DefaultAzureCredential}; needs a tenant. */
        public Builder clientSecret(String clientId, String clientSecret) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * The Microsoft Entra login host (a sovereign cloud, Azure Stack, a test stub); must be https.
         * Instance discovery is then turned off, so nothing is asked of login.microsoftonline.com.
         */
        public Builder authorityHost(URI authorityHost) {
            this.authorityHost = Objects.requireNonNull(authorityHost, "authorityHost");
            return this;
        }

        /** The TLS context for talking to the login host, for example one that trusts a private CA. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * Validates the settings.
         *
         * @throws CredentialException when a setting is invalid or azure-identity is not on the class path
         */
        public AzureCredentials build() {
            if (tenant != null && !TENANT.matcher(tenant).matches()) {
                throw invalid("Azure tenant '" + tenant + "' is malformed; expected a GUID or a domain name",
                    "Check credentials.azure.tenant");
            }
            if (subscription != null && !SUBSCRIPTION.matcher(subscription).matches()) {
                throw invalid("Azure subscription must be a single line of at most 128 characters",
                    "Check credentials.azure.subscription");
            }
            if (clientId != null) {
                if (!CLIENT_ID.matcher(clientId).matches()) {
                    throw invalid("Azure client id '" + clientId + "' is malformed; expected a GUID",
                        "Use the application (client) id of the service principal");
                }
                if (clientSecret.isBlank()) {
                    throw invalid("Azure client secret is empty", "Pass the service principal's secret");
                }
                if (tenant == null) {
                    throw invalid("Azure client secret authentication needs a tenant", "Set the tenant as well");
                }
            }
            if (authorityHost != null && (!"https".equals(authorityHost.getScheme()) || authorityHost.getHost() == null)) {
                throw invalid("Azure authority host '" + authorityHost + "' must be an https URL",
                    "Use a URL such as https://login.microsoftonline.us");
            }
            Sdk.AZURE.require();
            return new AzureCredentials(new AzureTokenRequest(Optional.ofNullable(tenant),
                Optional.ofNullable(subscription), Optional.ofNullable(clientId), Optional.ofNullable(clientSecret),
                Optional.ofNullable(authorityHost), Optional.ofNullable(sslContext)));
        }

        private static CredentialException invalid(String message, String hint) {
            return new CredentialException(NAME, message, hint, null);
        }
    }
}
