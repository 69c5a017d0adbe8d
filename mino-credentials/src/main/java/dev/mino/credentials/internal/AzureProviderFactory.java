package dev.mino.credentials.internal;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.credentials.AzureCredentials;
import java.util.Map;
import java.util.function.Predicate;

/** Creates {@link AzureCredentials} from {@code [credentials.azure]}; registered for ServiceLoader as {@code azure}. */
public final class AzureProviderFactory extends CloudProviderFactory {

    /** The factory ServiceLoader creates. */
    public AzureProviderFactory() {
        this(Sdk::loadable);
    }

    AzureProviderFactory(Predicate<String> classCheck) {
        super(Sdk.AZURE, classCheck);
    }

    // DefaultAzureCredential reads AZURE_* variables from the process itself.
    @Override
    CredentialProvider build(MinoConfig.Credentials config, Map<String, String> environment) {
        MinoConfig.Azure azure = config.azure();
        AzureCredentials.Builder builder = AzureCredentials.builder();
        setting(azure.tenant()).ifPresent(builder::tenant);
        setting(azure.subscription()).ifPresent(builder::subscription);
        return builder.build();
    }
}
