/**
 * Short-lived credentials for sandboxes, behind the credential SPI of mino-core
 * ({@link dev.mino.core.credentials.CredentialProvider}):
 * {@link dev.mino.credentials.AwsStsCredentials} (AWS STS),
 * {@link dev.mino.credentials.GcpCredentials} (a Google Cloud access token),
 * {@link dev.mino.credentials.AzureCredentials} (an Azure Resource Manager token) and
 * {@link dev.mino.credentials.GitHubCredentials} (the user's GitHub token).
 *
 * <p>Each cloud SDK is an optional dependency: add only the ones you use.
 * <ul>
 *   <li>AWS: {@code software.amazon.awssdk:sts} and {@code software.amazon.awssdk:url-connection-client}</li>
 *   <li>GCP: {@code com.google.auth:google-auth-library-oauth2-http}</li>
 *   <li>Azure: {@code com.azure:azure-identity} and {@code com.azure:azure-core-http-jdk-httpclient}</li>
 *   <li>GitHub: nothing</li>
 * </ul>
 * A provider whose SDK is missing fails with a {@link dev.mino.core.credentials.CredentialException}
 * naming the artifact to add. The same providers are also registered for
 * {@link java.util.ServiceLoader} as {@link dev.mino.core.credentials.CredentialProviderFactory}
 * implementations named {@code aws}, {@code gcp}, {@code azure} and {@code github}, which build
 * them from the {@code [credentials.*]} configuration.
 *
 * <p>Providers never cache and never log or print secret values; their {@code toString()} and
 * exception messages leave them out.
 */
package dev.mino.credentials;
