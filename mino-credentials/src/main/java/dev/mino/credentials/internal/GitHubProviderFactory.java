package dev.mino.credentials.internal;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.credentials.GitHubCredentials;
import java.util.Map;

/**
 * Creates {@link GitHubCredentials} from {@code [credentials.github]} and the environment;
 * registered for ServiceLoader as {@code github}. Always available: it needs no SDK.
 */
public final class GitHubProviderFactory implements CredentialProviderFactory {

    /** The factory ServiceLoader creates. */
    public GitHubProviderFactory() {
    }

    @Override
    public String name() {
        return GitHubCredentials.NAME;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public CredentialProvider create(MinoConfig.Credentials config, Map<String, String> environment) {
        String host = config.github().host().strip();
        return GitHubCredentials.builder()
            .host(host.isEmpty() ? GitHubCredentials.DEFAULT_HOST : host)
            .environment(environment)
            .build();
    }
}
