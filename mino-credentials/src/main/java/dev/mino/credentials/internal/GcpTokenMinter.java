package dev.mino.credentials.internal;

import com.google.api.client.http.HttpResponseException;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.IssuedCredential;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mints a Google access token with google-auth-library. Loaded only once {@link Sdk#GCP} is present. */
public final class GcpTokenMinter {
    private static final String PROVIDER = "gcp";
    private static final System.Logger LOG = System.getLogger(GcpTokenMinter.class.getName());
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final String LOGIN_HINT = "Run: gcloud auth application-default login";
    // The IAM Credentials API grants at most an hour unless an organisation policy allows more.
    private static final int IMPERSONATION_LIFETIME_SECONDS = 3600;

    private GcpTokenMinter() {
    }

    /**
     * Mints a cloud-platform access token as the request describes.
     *
     * @throws CredentialException naming GCP and what to do, never holding a secret
     */
    public static IssuedCredential mint(GcpTokenRequest request) {
        GoogleCredentials source = sourceCredentials(request);
        if (source.createScopedRequired()) {
            source = source.createScoped(List.of(SCOPE));
        }
        AccessToken token;
        if (request.serviceAccount().isEmpty()) {
            token = refresh(source, "GCP token endpoint");
        } else {
            String account = request.serviceAccount().get();
            // Refreshing the source first separates "your own login failed" from "impersonation was refused".
            refreshInPlace(source);
            ImpersonatedCredentials.Builder impersonated = ImpersonatedCredentials.newBuilder()
                .setSourceCredentials(source)
                .setTargetPrincipal(account)
                .setScopes(List.of(SCOPE))
                .setLifetime(IMPERSONATION_LIFETIME_SECONDS);
            request.iamEndpoint().ifPresent(base -> impersonated.setIamEndpointOverride(
                stripSlash(base.toString()) + "/v1/projects/-/serviceAccounts/" + account + ":generateAccessToken"));
            LOG.log(Level.DEBUG, "Impersonating GCP service account {0}", account);
            token = refresh(impersonated.build(), "GCP IAM impersonation of " + account);
        }
        if (token == null || token.getTokenValue() == null || token.getTokenValue().isBlank()) {
            throw new CredentialException(PROVIDER, "GCP credential error: Empty token returned", LOGIN_HINT, null);
        }
        Map<String, String> plain = Deliveries.gcpPlainEnv(request.project());
        Instant expiresAt = token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant();
        LOG.log(Level.DEBUG, "GCP issued an access token expiring at {0}", expiresAt);
        return new IssuedCredential(PROVIDER, Map.of(Deliveries.GCP_ACCESS_TOKEN, token.getTokenValue()), plain,
            expiresAt);
    }

    private static GoogleCredentials sourceCredentials(GcpTokenRequest request) {
        if (request.credentialsFile().isPresent()) {
            return fromFile(request.credentialsFile().get());
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new CredentialException(PROVIDER,
                "GCP not authenticated: no application default credentials were found", LOGIN_HINT, e);
        }
    }

    // A user-supplied file is loaded by the factory of its declared type, never by auto-detection, so a
    // file cannot smuggle in an external account that runs commands or calls arbitrary URLs.
    private static GoogleCredentials fromFile(Path file) {
        byte[] json;
        String type;
        try {
            json = Files.readAllBytes(file);
            GenericJson parsed = GsonFactory.getDefaultInstance()
                .fromString(new String(json, StandardCharsets.UTF_8), GenericJson.class);
            type = parsed.get("type") instanceof String t ? t : "";
        } catch (IOException | IllegalArgumentException e) {
            throw new CredentialException(PROVIDER, "GCP credentials file " + file + " could not be read: "
                + SecretText.clean(e.getMessage(), List.of()), "Check the file, or " + LOGIN_HINT.toLowerCase(), null);
        }
        try (InputStream in = new ByteArrayInputStream(json)) {
            switch (type) {
                case "service_account":
                    return ServiceAccountCredentials.fromStream(in);
                case "authorized_user":
                    return UserCredentials.fromStream(in);
                case "impersonated_service_account":
                    return ImpersonatedCredentials.fromStream(in);
                default:
                    throw new CredentialException(PROVIDER, "GCP credentials file " + file + " has type '" + type
                        + "'; only service_account, authorized_user and impersonated_service_account files are loaded",
                        "Use such a file, or application default credentials: " + LOGIN_HINT, null);
            }
        } catch (IOException e) {
            // The parser's message may quote the file, which holds a private key or refresh token: leave it out.
            throw new CredentialException(PROVIDER, "GCP credentials file " + file + " is not a valid " + type
                + " file", "Download a new key, or " + LOGIN_HINT.toLowerCase(), null);
        }
    }

    private static void refreshInPlace(GoogleCredentials source) {
        try {
            source.refresh();
        } catch (IOException e) {
            throw failure("GCP token endpoint", e, LOGIN_HINT);
        }
    }

    private static AccessToken refresh(GoogleCredentials credentials, String what) {
        try {
            return credentials.refreshAccessToken();
        } catch (IOException e) {
            String hint = what.startsWith("GCP IAM")
                ? "Grant your account roles/iam.serviceAccountTokenCreator on the service account, or "
                    + LOGIN_HINT.toLowerCase()
                : LOGIN_HINT;
            throw failure(what, e, hint);
        }
    }

    private static CredentialException failure(String what, IOException e, String hint) {
        int status = statusOf(e);
        String detail = SecretText.clean(e.getMessage(), List.of());
        if (status == 401 || status == 403) {
            return new CredentialException(PROVIDER, what + " refused the request (HTTP " + status + "): " + detail,
                hint, e);
        }
        return new CredentialException(PROVIDER, "GCP credential error: " + what + " failed"
            + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + detail, hint, e);
    }

    private static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException http) {
                return http.getStatusCode();
            }
        }
        return -1;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
