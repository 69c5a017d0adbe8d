package dev.mino.credentials.internal;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A factory for a provider that needs an optional SDK: it checks the SDK's classes before anything
 * that links against them is touched, so a missing SDK is an exception naming the artifact.
 */
abstract class CloudProviderFactory implements CredentialProviderFactory {
    private final Sdk sdk;
    private final Predicate<String> classCheck;

    /**
     * @param sdk the SDK the provider needs
     * @param classCheck whether a class can be loaded; tests pass one that fails
     */
    CloudProviderFactory(Sdk sdk, Predicate<String> classCheck) {
        this.sdk = sdk;
        this.classCheck = classCheck;
    }

    @Override
    public final String name() {
        return sdk.provider();
    }

    @Override
    public final boolean isAvailable() {
        return sdk.isPresent(classCheck);
    }

    @Override
    public final CredentialProvider create(MinoConfig.Credentials config, Map<String, String> environment) {
        sdk.require(classCheck);
        return build(config, environment);
    }

    /** Builds the provider once the SDK is known to be present. */
    abstract CredentialProvider build(MinoConfig.Credentials config, Map<String, String> environment);

    /** Config files use an empty string to mean "not set" as often as they leave the key out. */
    static Optional<String> setting(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty());
    }
}
