package dev.mino.core;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.internal.credentials.ProviderChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential providers a builder gets by name ({@link SandboxBuilder#credentials(String, boolean)}
 * and, for a project, {@code [credentials]}), created inside the library from the
 * {@link dev.mino.core.credentials.CredentialProviderFactory} implementations on its class path.
 * Created once per choice, so that a provider that cannot be created is told once per builder
 * however often it builds; with strict loading that is an error instead.
 */
final class NamedProviders {
    private final MinoConfig.Credentials config;
    private final boolean githubByDefault;
    private final Map<String, String> environment;
    private List<String> chosen;
    private List<CredentialProvider> providers = List.of();

    /**
     * @param config the {@code [credentials]} settings: which are on, and the providers' own settings
     * @param githubByDefault whether GitHub's token is on unless switched off, as for {@code mino run}
     * @param environment what the providers read (profiles, tokens, SDK settings)
     */
    NamedProviders(MinoConfig.Credentials config, boolean githubByDefault, Map<String, String> environment) {
        this.config = config;
        this.githubByDefault = githubByDefault;
        this.environment = environment;
    }

    /**
     * The providers of this choice.
     *
     * @param switches explicit choices by name, which win over the config
     * @throws dev.mino.core.credentials.CredentialsUnavailableException when {@code strict} and one cannot be created
     */
    synchronized List<CredentialProvider> providers(Map<String, Boolean> switches, boolean strict,
                                                    SandboxListener listener) {
        Map<String, Boolean> effective = new HashMap<>(switches);
        effective.putIfAbsent("github", githubByDefault);
        List<String> names = ProviderChoice.enabled(effective, config);
        List<String> key = new ArrayList<>(names);
        key.add(String.valueOf(strict));
        if (!key.equals(chosen)) {
            ProviderChoice.Selection selection = ProviderChoice.select(names, dev.mino.core.credentials.CredentialProviders.installed(), config,
                environment, strict);
            selection.warnings().forEach(w -> listener.onEvent(new MinoEvent.Warning(
                WarningCodes.CREDENTIALS_UNAVAILABLE, w)));
            chosen = key;
            providers = selection.providers();
        }
        return providers;
    }
}
