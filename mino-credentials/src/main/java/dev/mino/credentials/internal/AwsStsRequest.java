package dev.mino.credentials.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link AwsStsMinter} needs, validated by {@link dev.mino.credentials.AwsStsCredentials}.
 *
 * @param profile the AWS profile giving the base credentials, if any
 * @param roleArn the role to assume; absent means GetSessionToken
 * @param externalId the external id for AssumeRole, if any
 * @param roleSessionName the AssumeRole session name
 * @param region the configured region, if any
 * @param durationSeconds the session's lifetime, 900 to 43200
 * @param endpoint the STS endpoint override, if any
 * @param configFile the AWS config file ({@code ~/.aws/config} unless overridden)
 * @param credentialsFile the AWS shared credentials file ({@code ~/.aws/credentials} unless overridden)
 * @param instanceCredentials whether the web identity, container and instance metadata sources are tried
 * @param environment the AWS_* variables of the environment the provider was built with; may hold secrets
 */
public record AwsStsRequest(
    Optional<String> profile,
    Optional<String> roleArn,
    Optional<String> externalId,
    String roleSessionName,
    Optional<String> region,
    int durationSeconds,
    Optional<URI> endpoint,
    Path configFile,
    Path credentialsFile,
    boolean instanceCredentials,
    Map<String, String> environment) {

    /** Copies the environment. */
    public AwsStsRequest {
        environment = Map.copyOf(environment);
    }

    /** Leaves out the environment, which may hold an access key. */
    @Override
    public String toString() {
        return "AwsStsRequest[profile=" + profile + ", roleArn=" + roleArn + ", region=" + region
            + ", durationSeconds=" + durationSeconds + ", endpoint=" + endpoint + "]";
    }
}
