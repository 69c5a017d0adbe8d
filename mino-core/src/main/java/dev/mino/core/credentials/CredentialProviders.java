package dev.mino.core.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The credential providers the library knows by name, and those installed beside it: the
 * {@link CredentialProviderFactory} implementations on the class path that loaded the library
 * (mino-credentials brings all four). {@link dev.mino.core.SandboxBuilder#credentials(String, boolean)}
 * takes these names; a status page lists them.
 */
public final class CredentialProviders {
    /** The names, in the order mino 1.6.0 loads the providers: {@code aws}, {@code gcp}, {@code azure}, {@code github}. */
    public static final List<String> NAMES = List.of("aws", "gcp", "azure", "github");

    private CredentialProviders() {
    }

    /**
     * The factories registered for {@link ServiceLoader} where the library is loaded, by name (the
     * first of a name wins). A factory is listed whether or not its SDK is present: see
     * {@link CredentialProviderFactory#isAvailable()}.
     */
    public static Map<String, CredentialProviderFactory> installed() {
        Map<String, CredentialProviderFactory> factories = new LinkedHashMap<>();
        for (CredentialProviderFactory factory : ServiceLoader.load(CredentialProviderFactory.class,
            CredentialProviders.class.getClassLoader())) {
            factories.putIfAbsent(factory.name(), factory);
        }
        return factories;
    }

    /** How messages name a provider, as mino 1.6.0 does: AWS, GCP, Azure, GitHub; any other name as it is. */
    public static String displayName(String name) {
        return switch (name) {
            case "aws" -> "AWS";
            case "gcp" -> "GCP";
            case "azure" -> "Azure";
            case "github" -> "GitHub";
            default -> name;
        };
    }
}
