package com.example.embedder;

import dev.mino.core.Mino;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * How an embedder gets a sandbox builder for a folder, its {@code .mino.toml} applied as
 * {@code mino run} (in that folder, without options) applies it. The one place the embedding test
 * depends on how the library offers that.
 */
final class FolderSandbox {
    private FolderSandbox() {
    }

    /**
     * A builder of {@code mino}'s for {@code folder}, with the global config and the folder's
     * trusted {@code .mino.toml} applied.
     */
    static SandboxBuilder of(Mino mino, Path folder) {
        // SWITCH POINT (issue 17): once the library applies a folder's configuration itself
        // (Mino#project(Path), branch c17-config), this whole method is `return mino.project(folder);`
        // and what follows goes. Until then it is what today's public API asks of an embedder: load
        // the configuration as the CLI does and pick the credential providers as the CLI does.
        LoadedConfig loaded = MinoConfig.load(ConfigOptions.builder()
            .workingDirectory(folder)
            .environment(mino.environment())
            .stateDirectory(mino.stateDirectory())
            .build());
        MinoConfig config = loaded.config();
        return mino.sandbox()
            .config(config)
            .project(folder)
            .credentials(providers(config.credentials(), mino.environment()).toArray(CredentialProvider[]::new));
    }

    /**
     * The providers {@code mino run} turns on without options: a cloud when its
     * {@code credentials.<name>.enabled} says so, GitHub always; in the CLI's order. One that
     * cannot be created is left out, as the CLI does (with a warning) unless strict.
     */
    private static List<CredentialProvider> providers(MinoConfig.Credentials credentials, Map<String, String> env) {
        Map<String, CredentialProviderFactory> factories = new HashMap<>();
        for (CredentialProviderFactory factory : ServiceLoader.load(CredentialProviderFactory.class)) {
            factories.putIfAbsent(factory.name(), factory);
        }
        List<String> enabled = new ArrayList<>();
        if (credentials.aws().enabled()) {
            enabled.add("aws");
        }
        if (credentials.gcp().enabled()) {
            enabled.add("gcp");
        }
        if (credentials.azure().enabled()) {
            enabled.add("azure");
        }
        enabled.add("github");
        List<CredentialProvider> providers = new ArrayList<>();
        for (String name : enabled) {
            CredentialProviderFactory factory = factories.get(name);
            if (factory == null) {
                continue;
            }
            try {
                providers.add(factory.create(credentials, env));
            } catch (CredentialException e) {
                System.getLogger(FolderSandbox.class.getName()).log(System.Logger.Level.WARNING,
                    name + ": " + e.getMessage());
            }
        }
        return providers;
    }
}
