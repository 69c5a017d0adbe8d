package dev.mino.credentials.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything {@link GcpTokenMinter} needs, validated by {@link dev.mino.credentials.GcpCredentials}.
 *
 * @param credentialsFile a credentials JSON file to use instead of application default credentials
 * @param serviceAccount the service account to impersonate, if any
 * @param project the project for {@code CLOUDSDK_CORE_PROJECT}, if any
 * @param iamEndpoint the base URL of the IAM Credentials API, if overridden
 */
public record GcpTokenRequest(
    Optional<Path> credentialsFile,
    Optional<String> serviceAccount,
    Optional<String> project,
    Optional<URI> iamEndpoint) {
}
