package dev.mino.credentials.internal;

import dev.mino.core.credentials.PlannedCredential;
import dev.mino.credentials.AwsStsCredentials;
import dev.mino.credentials.AzureCredentials;
import dev.mino.credentials.GcpCredentials;
import dev.mino.credentials.GitHubCredentials;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables each provider delivers, known before it mints: what its
 * {@link dev.mino.core.credentials.CredentialProvider#planned()} declares, and the names its
 * minter fills, from one place so that the two cannot drift apart. Free of the cloud SDKs: a
 * plan is made without them loaded.
 */
public final class Deliveries {
    /** AWS's access key id (a secret here, as the other two: together they are the credential). */
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    /** AWS's secret access key. */
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    /** AWS's session token, which STS issues with every temporary credential. */
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    /** GCP's access token for gcloud and the client libraries. */
    public static final String GCP_ACCESS_TOKEN = "CLOUDSDK_AUTH_ACCESS_TOKEN";
    /** Azure's access token. */
    public static final String AZURE_ACCESS_TOKEN = "AZURE_ACCESS_TOKEN";
    /** The GitHub token, under the two names tools read. */
    public static final List<String> GITHUB_TOKENS = List.of("GITHUB_TOKEN", "GH_TOKEN");

    private Deliveries() {
    }

    /** What the AWS provider of {@code request} delivers. */
    public static PlannedCredential aws(AwsStsRequest request) {
        return new PlannedCredential(AwsStsCredentials.NAME,
            List.of(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), awsPlainEnv(request.region()));
    }

    /** The region, under both names the AWS tools read, when one is configured. */
    static Map<String, String> awsPlainEnv(Optional<String> region) {
        Map<String, String> plain = new LinkedHashMap<>();
        region.ifPresent(value -> {
            plain.put("AWS_REGION", value);
            plain.put("AWS_DEFAULT_REGION", value);
        });
        return plain;
    }

    /** What the GCP provider of {@code request} delivers. */
    public static PlannedCredential gcp(GcpTokenRequest request) {
        return new PlannedCredential(GcpCredentials.NAME, List.of(GCP_ACCESS_TOKEN), gcpPlainEnv(request.project()));
    }

    /** The project gcloud uses, when one is configured. */
    static Map<String, String> gcpPlainEnv(Optional<String> project) {
        Map<String, String> plain = new LinkedHashMap<>();
        project.ifPresent(value -> plain.put("CLOUDSDK_CORE_PROJECT", value));
        return plain;
    }

    /** What the Azure provider delivers. */
    public static PlannedCredential azure() {
        return new PlannedCredential(AzureCredentials.NAME, List.of(AZURE_ACCESS_TOKEN), Map.of());
    }

    /** What the GitHub provider delivers. */
    public static PlannedCredential github() {
        return new PlannedCredential(GitHubCredentials.NAME, GITHUB_TOKENS, Map.of());
    }
}
