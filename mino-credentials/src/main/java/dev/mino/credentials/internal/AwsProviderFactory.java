package dev.mino.credentials.internal;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.credentials.AwsStsCredentials;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** Creates {@link AwsStsCredentials} from {@code [credentials.aws]}; registered for ServiceLoader as {@code aws}. */
public final class AwsProviderFactory extends CloudProviderFactory {

    /** The factory ServiceLoader creates. */
    public AwsProviderFactory() {
        this(Sdk::loadable);
    }

    AwsProviderFactory(Predicate<String> classCheck) {
        super(Sdk.AWS, classCheck);
    }

    @Override
    CredentialProvider build(MinoConfig.Credentials config, Map<String, String> environment) {
        MinoConfig.Aws aws = config.aws();
        AwsStsCredentials.Builder builder = AwsStsCredentials.builder()
            .sessionDuration(Duration.ofSeconds(aws.sessionDurationSecs()))
            .environment(environment);
        setting(aws.roleArn()).ifPresent(builder::roleArn);
        setting(aws.externalId()).ifPresent(builder::externalId);
        setting(aws.profile()).ifPresent(builder::profile);
        setting(aws.region()).ifPresent(builder::region);
        return builder.build();
    }
}
