package dev.mino.embedding.plugin;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.core.credentials.IssuedCredential;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The credential part of a pretend plugin: finds mino-credentials' providers the way mino's
 * configuration does (ServiceLoader) and mints a GitHub token from the environment it is given.
 * Loaded only through a plugin class loader. In: {@code token}. Out: each provider's availability
 * ({@code factory.<name>}), and the secret names and values of the minted credential.
 */
public final class CredentialsRunner implements Function<Map<String, String>, Map<String, String>> {
    @Override
    public Map<String, String> apply(Map<String, String> in) {
        Map<String, String> out = new TreeMap<>();
        CredentialProviderFactory github = null;
        for (CredentialProviderFactory factory
            : ServiceLoader.load(CredentialProviderFactory.class, getClass().getClassLoader())) {
            out.put("factory." + factory.name(), Boolean.toString(factory.isAvailable()));
            if (factory.name().equals("github")) {
                github = factory;
            }
        }
        if (github == null) {
            return out;
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GH_TOKEN", in.get("token"));
        IssuedCredential issued = github.create(MinoConfig.defaults().credentials(), environment).issue();
        issued.secrets().forEach((name, value) -> out.put("secret." + name, value));
        return out;
    }
}
