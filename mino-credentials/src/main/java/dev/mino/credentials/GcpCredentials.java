package dev.mino.credentials;

import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.credentials.internal.CacheKey;
import dev.mino.credentials.internal.Deliveries;
import dev.mino.credentials.internal.GcpTokenMinter;
import dev.mino.credentials.internal.GcpTokenRequest;
import dev.mino.credentials.internal.Sdk;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Google Cloud access token for the {@code cloud-platform} scope, minted from application default
 * credentials (what {@code gcloud auth application-default login}, {@code GOOGLE_APPLICATION_CREDENTIALS}
 * or the metadata server provide) or from a credentials file, optionally impersonating a service
 * account.
 *
 * <p>The sandbox gets {@code CLOUDSDK_AUTH_ACCESS_TOKEN} as a secret and, when a project is set,
 * {@code CLOUDSDK_CORE_PROJECT} as a plain variable. The token's real expiry is reported.
 *
 * <p>Needs {@code com.google.auth:google-auth-library-oauth2-http} on the class path;
 * {@link Builder#build()} says so when it is missing. Instances are immutable and thread-safe and
 * do not cache: every {@link #issue()} asks Google for a new token.
 */
public final class GcpCredentials implements CredentialProvider {

    /** The provider's name, also the name of its factory. */
    public static final String NAME = "gcp";

    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("[^@\\s/]+@[^@\\s/]+");
    // Project ids, including the legacy domain-scoped form "example.com:project".
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,99}");

    private final GcpTokenRequest request;

    private GcpCredentials(GcpTokenRequest request) {
        this.request = request;
    }

    /** A builder with the defaults: application default credentials, no impersonation, no project. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Covers the credentials file, the impersonated service account, the project and the IAM endpoint. */
    @Override
    public String cacheKey() {
        return CacheKey.of(NAME)
            .with("credentials-file", request.credentialsFile())
            .with("service-account", request.serviceAccount())
            .with("project", request.project())
            .with("iam-endpoint", request.iamEndpoint())
            .build();
    }

    /**
     * Asks Google for a token now.
     *
     * @throws CredentialException when no credentials are found ({@code Run: gcloud auth application-default login}),
     *     the token endpoint or IAM refuses (HTTP 401/403) or cannot be reached
     */
    @Override
    public IssuedCredential issue() {
        return Sdk.GCP.call(() -> GcpTokenMinter.mint(request), List.of());
    }

    /** {@code CLOUDSDK_AUTH_ACCESS_TOKEN}, a secret; {@code CLOUDSDK_CORE_PROJECT} when a project is set. */
    @Override
    public Optional<PlannedCredential> planned() {
        return Optional.of(Deliveries.gcp(request));
    }

    /** The credentials file used instead of application default credentials, if any. */
    public Optional<Path> credentialsFile() {
        return request.credentialsFile();
    }

    /** The service account impersonated, if any. */
    public Optional<String> serviceAccount() {
        return request.serviceAccount();
    }

    /** The project given to the sandbox as {@code CLOUDSDK_CORE_PROJECT}, if any. */
    public Optional<String> project() {
        return request.project();
    }

    @Override
    public String toString() {
        return "GcpCredentials[credentialsFile=" + request.credentialsFile().map(Path::toString).orElse("(default)")
            + ", serviceAccount=" + request.serviceAccount().orElse("-")
            + ", project=" + request.project().orElse("-") + "]";
    }

    /** Collects and validates the settings; not thread-safe, use one per thread. */
    public static final class Builder {
        private Path credentialsFile;
        private String serviceAccount;
        private String project;
        private URI iamEndpoint;

        private Builder() {
        }

        /** The project the sandbox's gcloud uses ({@code credentials.gcp.project}). */
        public Builder project(String project) {
            this.project = Objects.requireNonNull(project, "project");
            return this;
        }

        /** Impersonate this service account ({@code credentials.gcp.service_account}). */
        public Builder serviceAccount(String serviceAccount) {
            this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
            return this;
        }

        /**
         * Use this {@code service_account}, {@code authorized_user} or {@code impersonated_service_account}
         * JSON file instead of application default credentials. Other types are refused, because such a
         * file can name commands or URLs to fetch tokens from.
         */
        public Builder credentialsFile(Path credentialsFile) {
            this.credentialsFile = Objects.requireNonNull(credentialsFile, "credentialsFile");
            return this;
        }

        /** The IAM Credentials API's base URL for impersonation, instead of Google's (a test stub, a private endpoint). */
        public Builder iamEndpoint(URI iamEndpoint) {
            this.iamEndpoint = Objects.requireNonNull(iamEndpoint, "iamEndpoint");
            return this;
        }

        /**
         * Validates the settings.
         *
         * @throws CredentialException when a setting is invalid or the Google auth library is not on the class path
         */
        public GcpCredentials build() {
            if (serviceAccount != null && !SERVICE_ACCOUNT.matcher(serviceAccount).matches()) {
                throw invalid("GCP service account '" + serviceAccount + "' is not an e-mail address",
                    "Check credentials.gcp.service_account, for example agent@my-project.iam.gserviceaccount.com");
            }
            if (project != null && !PROJECT.matcher(project).matches()) {
                throw invalid("GCP project id '" + project + "' is malformed", "Check credentials.gcp.project");
            }
            if (iamEndpoint != null && (!iamEndpoint.isAbsolute() || iamEndpoint.getHost() == null)) {
                throw invalid("GCP IAM endpoint '" + iamEndpoint + "' must be an absolute URL",
                    "Use a URL such as https://iamcredentials.googleapis.com");
            }
            Sdk.GCP.require();
            return new GcpCredentials(new GcpTokenRequest(
                Optional.ofNullable(credentialsFile).map(Path::toAbsolutePath), Optional.ofNullable(serviceAccount),
                Optional.ofNullable(project), Optional.ofNullable(iamEndpoint)));
        }

        private static CredentialException invalid(String message, String hint) {
            return new CredentialException(NAME, message, hint, null);
        }
    }
}
