package dev.mino.core.testing;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.core.credentials.IssuedCredential;
import java.util.Map;

/**
 * A credential provider factory whose SDK is present or not, failing as the real ones report a
 * missing SDK; its providers never issue. For the tests of which providers a run gets (the
 * library's choice) and of how {@code mino status} shows them.
 *
 * @param name the provider's name
 * @param isAvailable whether its SDK is "on the class path"
 */
public record FakeProviderFactory(String name, boolean isAvailable) implements CredentialProviderFactory {
    @Override
    public CredentialProvider create(MinoConfig.Credentials config, Map<String, String> environment) {
        if (!isAvailable) {
            throw new CredentialException(name, "AWS credentials need software.amazon.awssdk:sts, which is not on "
                + "the class path", "Add the Maven dependencies software.amazon.awssdk:sts", null);
        }
        return new CredentialProvider() {
            @Override
            public String name() {
                return FakeProviderFactory.this.name;
            }

            @Override
            public String cacheKey() {
                return FakeProviderFactory.this.name;
            }

            @Override
            public IssuedCredential issue() {
                throw new CredentialException(FakeProviderFactory.this.name, "not in this test", "", null);
            }
        };
    }
}
