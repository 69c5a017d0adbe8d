package dev.mino.core.internal.credentials;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.core.credentials.CredentialProviders;
import dev.mino.core.credentials.CredentialsUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which credential providers a project's sandbox gets, as {@code mino run} chooses them (SPEC
 * 1.3.2, "Credentials enabling"): AWS, GCP and Azure each when switched on by name or, when not
 * switched, by {@code credentials.<name>.enabled}; GitHub unless switched off. The providers come
 * from the {@link CredentialProviderFactory} implementations on the library's class path, so a
 * provider whose artifact is missing is a warning naming the artifact, or with strict loading an
 * error before anything starts.
 */
public final class ProviderChoice {
    /** The providers in the order mino 1.6.0 loads them. */
    public static final List<String> ORDER = CredentialProviders.NAMES;

    private ProviderChoice() {
    }

    /**
     * The providers chosen, and what went wrong with the others.
     *
     * @param providers ready to hand to a sandbox
     * @param warnings one per provider that could not be created: {@code <Provider>: <message>},
     *     followed by {@code " - <hint>"} when there is a hint
     */
    public record Selection(List<CredentialProvider> providers, List<String> warnings) {
        /** Copies the lists. */
        public Selection {
            providers = List.copyOf(providers);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The names of the enabled providers, in {@link #ORDER}.
     *
     * @param switches explicit choices by name, which win over the config
     * @param config the {@code [credentials]} section
     */
    public static List<String> enabled(Map<String, Boolean> switches, MinoConfig.Credentials config) {
        Map<String, Boolean> byConfig = Map.of("aws", config.aws().enabled(), "gcp", config.gcp().enabled(),
            "azure", config.azure().enabled(), "github", true);
        List<String> names = new ArrayList<>();
        for (String name : ORDER) {
            if (switches.getOrDefault(name, byConfig.get(name))) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Creates the providers {@code names} asks for.
     *
     * @throws CredentialsUnavailableException when {@code strict} and any of them cannot be created
     */
    public static Selection select(List<String> names, Map<String, CredentialProviderFactory> factories,
                                   MinoConfig.Credentials config, Map<String, String> environment, boolean strict) {
        List<CredentialProvider> providers = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String name : names) {
            CredentialProviderFactory factory = factories.get(name);
            String reason;
            String hint;
            if (factory == null) {
                reason = CredentialProviders.displayName(name) + ": no provider for '" + name + "' is installed";
                hint = "Add the Maven dependency dev.mino:mino-credentials";
            } else {
                try {
                    // A factory that is not available throws here, naming the artifact to add.
                    providers.add(factory.create(config, environment));
                    continue;
                } catch (CredentialException e) {
                    reason = CredentialProviders.displayName(name) + ": " + e.getMessage();
                    hint = e.hint();
                }
            }
            failed.add(CredentialProviders.displayName(name));
            reasons.add(reason);
            warnings.add(hint.isEmpty() ? reason : reason + " - " + hint);
        }
        if (strict && !failed.isEmpty()) {
            throw new CredentialsUnavailableException(failed, reasons);
        }
        return new Selection(providers, warnings);
    }
}
