package dev.mino.credentials.internal;

import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.IssuedCredential;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Calls AWS STS through the AWS SDK for Java v2. Loaded only once {@link Sdk#AWS} is present. */
public final class AwsStsMinter {
    static final String PROVIDER = "aws";

    private static final System.Logger LOG = System.getLogger(AwsStsMinter.class.getName());
    // STS itself is global; the CLI falls back to us-east-1 too when nothing names a region.
    private static final String FALLBACK_REGION = "us-east-1";
    private static final String HINT = "Run: aws configure";

    private AwsStsMinter() {
    }

    /**
     * Mints session credentials as the request describes.
     *
     * @throws CredentialException naming AWS STS and what to do, never holding a secret
     */
    public static IssuedCredential mint(AwsStsRequest request) {
        ProfileFile profiles = AwsBaseCredentials.profiles(request);
        AwsCredentials base = AwsBaseCredentials.resolve(request, profiles);
        List<String> knownSecrets = AwsBaseCredentials.secretsOf(base);
        String action = request.roleArn().isPresent() ? "AssumeRole" : "GetSessionToken";
        String region = stsRegion(request, profiles);
        LOG.log(Level.DEBUG, "Calling AWS STS {0} in {1} (profile {2}, role {3})", action, region,
            request.profile().orElse("-"), request.roleArn().orElse("-"));

        try (StsClient sts = client(request, base, profiles, region)) {
            Credentials minted = request.roleArn().isPresent()
                ? sts.assumeRole(assumeRole(request)).credentials()
                : sts.getSessionToken(r -> r.durationSeconds(request.durationSeconds())).credentials();
            return toIssued(request, minted);
        } catch (AwsServiceException e) {
            throw refused(action, e, knownSecrets);
        } catch (SdkException e) {
            throw new CredentialException(PROVIDER,
                "AWS STS error: " + action + " failed: " + SecretText.clean(e.getMessage(), knownSecrets),
                "Check the network connection to AWS STS" + request.endpoint().map(u -> " at " + u).orElse(""), e);
        }
    }

    private static StsClient client(AwsStsRequest request, AwsCredentials base, ProfileFile profiles, String region) {
        String profileName = request.profile().orElse("default");
        StsClientBuilder builder = StsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(StaticCredentialsProvider.create(base))
            // Set explicitly so the transport never depends on which SDK HTTP clients happen to be present.
            .httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30)))
            // "auto" would probe the instance metadata service to guess the environment.
            .defaultsMode(DefaultsMode.STANDARD)
            .overrideConfiguration(o -> o
                .defaultProfileFile(profiles)
                .defaultProfileName(profileName)
                .apiCallTimeout(Duration.ofSeconds(60)));
        request.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AssumeRoleRequest assumeRole(AwsStsRequest request) {
        AssumeRoleRequest.Builder builder = AssumeRoleRequest.builder()
            .roleArn(request.roleArn().orElseThrow())
            .roleSessionName(request.roleSessionName())
            .durationSeconds(request.durationSeconds());
        request.externalId().ifPresent(builder::externalId);
        return builder.build();
    }

    // Configured region first; then what the CLI would use for the call: the profile's region or AWS_REGION.
    private static String stsRegion(AwsStsRequest request, ProfileFile profiles) {
        if (request.region().isPresent()) {
            return request.region().get();
        }
        String fromProfile = profiles.profile(request.profile().orElse("default"))
            .flatMap(p -> p.property("region")).orElse(null);
        if (fromProfile != null && !fromProfile.isBlank()) {
            return fromProfile;
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = request.environment().get(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return FALLBACK_REGION;
    }

    private static IssuedCredential toIssued(AwsStsRequest request, Credentials minted) {
        if (minted == null || minted.accessKeyId() == null || minted.secretAccessKey() == null) {
            throw new CredentialException(PROVIDER, "AWS STS error: Failed to parse response: no credentials in it",
                "", null);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(Deliveries.AWS_ACCESS_KEY_ID, minted.accessKeyId());
        secrets.put(Deliveries.AWS_SECRET_ACCESS_KEY, minted.secretAccessKey());
        if (minted.sessionToken() != null) {
            secrets.put(Deliveries.AWS_SESSION_TOKEN, minted.sessionToken());
        }
        Map<String, String> plain = Deliveries.awsPlainEnv(request.region());
        LOG.log(Level.DEBUG, "AWS STS issued credentials expiring at {0}", minted.expiration());
        return new IssuedCredential(PROVIDER, secrets, plain, minted.expiration());
    }

    private static CredentialException refused(String action, AwsServiceException e, List<String> knownSecrets) {
        String detail = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage() : e.getMessage();
        String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
            ? " " + e.awsErrorDetails().errorCode() : "";
        String cleaned = SecretText.clean(detail, knownSecrets);
        if (e.statusCode() == 401 || e.statusCode() == 403) {
            return new CredentialException(PROVIDER, "AWS STS refused " + action + " (HTTP " + e.statusCode() + code
                + "): " + cleaned, HINT, e);
        }
        return new CredentialException(PROVIDER, "AWS STS error: " + action + " failed (HTTP " + e.statusCode()
            + code + "): " + cleaned, "", e);
    }
}
