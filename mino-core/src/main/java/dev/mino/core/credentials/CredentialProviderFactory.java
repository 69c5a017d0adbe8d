package dev.mino.core.credentials;

import dev.mino.core.config.MinoConfig;
import java.util.Map;

/**
 * Creates a provider from configuration. Implementations are registered for
 * {@link java.util.ServiceLoader} (mino-credentials registers aws, gcp, azure and github), so that
 * the CLI and config-driven hosts can turn {@code --aws} or {@code credentials.aws.enabled} into a
 * provider without depending on any cloud SDK themselves.
 */
public interface CredentialProviderFactory {

    /** The name of the providers it creates: {@code aws}, {@code gcp}, {@code azure}, {@code github}. */
    String name();

    /**
     * Whether the libraries this provider needs are on the class path; when not, {@link #create}
     * throws a {@link CredentialException} naming the artifact to add.
     */
    boolean isAvailable();

    /**
     * A provider configured by the {@code [credentials.<name>]} section and the environment.
     *
     * @throws CredentialException when a setting is invalid or the provider's SDK is missing
     */
    CredentialProvider create(MinoConfig.Credentials config, Map<String, String> environment);
}
