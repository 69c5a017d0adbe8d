package dev.mino.credentials.internal;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.credentials.GcpCredentials;
import java.util.Map;
import java.util.function.Predicate;

/** Creates {@link GcpCredentials} from {@code [credentials.gcp]}; registered for ServiceLoader as {@code gcp}. */
public final class GcpProviderFactory extends CloudProviderFactory {

    /** The factory ServiceLoader creates. */
    public GcpProviderFactory() {
        this(Sdk::loadable);
    }

    GcpProviderFactory(Predicate<String> classCheck) {
        super(Sdk.GCP, classCheck);
    }

    // Application default credentials read GOOGLE_APPLICATION_CREDENTIALS from the process itself.
    @Override
    CredentialProvider build(MinoConfig.Credentials config, Map<String, String> environment) {
        MinoConfig.Gcp gcp = config.gcp();
        GcpCredentials.Builder builder = GcpCredentials.builder();
        setting(gcp.project()).ifPresent(builder::project);
        setting(gcp.serviceAccount()).ifPresent(builder::serviceAccount);
        return builder.build();
    }
}
