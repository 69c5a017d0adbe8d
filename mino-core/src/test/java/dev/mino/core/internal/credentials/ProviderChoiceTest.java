package dev.mino.core.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.core.credentials.CredentialsUnavailableException;
import java.util.List;
import dev.mino.core.testing.FakeProviderFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which providers a project's sandbox gets, and what a provider without its SDK does (SPEC 1.3.2
 * and 5.6); moved here from the CLI's CredentialChoiceTest with the policy it tests.
 */
class ProviderChoiceTest {
    private static final MinoConfig.Credentials DEFAULTS = MinoConfig.defaults().credentials();

    @Test
    void gitHubIsOnUnlessSwitchedOffAndCloudsBySwitchOrConfig() {
        assertEquals(List.of("github"), ProviderChoice.enabled(Map.of(), DEFAULTS));
        assertEquals(List.of(), ProviderChoice.enabled(Map.of("github", false), DEFAULTS));
        assertEquals(List.of("aws", "gcp", "azure", "github"),
            ProviderChoice.enabled(Map.of("aws", true, "gcp", true, "azure", true), DEFAULTS));
        assertEquals(List.of("azure"), ProviderChoice.enabled(Map.of("azure", true, "github", false), DEFAULTS));
        MinoConfig.Credentials gcpOn = new MinoConfig.Credentials(DEFAULTS.aws(),
            new MinoConfig.Gcp(true, Optional.empty(), Optional.empty()), DEFAULTS.azure(), DEFAULTS.github());
        assertEquals(List.of("gcp", "github"), ProviderChoice.enabled(Map.of(), gcpOn));
        assertEquals(List.of("github"), ProviderChoice.enabled(Map.of("gcp", false), gcpOn), "a switch wins");
    }

    @Test
    void aProviderWithoutItsSdkIsAWarningNamingTheArtifact() {
        Map<String, CredentialProviderFactory> factories = Map.of("aws", new FakeProviderFactory("aws", false),
            "github", new FakeProviderFactory("github", true));
        ProviderChoice.Selection selection = ProviderChoice.select(List.of("aws", "github"), factories, DEFAULTS,
            Map.of(), false);
        assertEquals(List.of("github"), selection.providers().stream().map(CredentialProvider::name).toList());
        assertEquals(List.of("AWS: AWS credentials need software.amazon.awssdk:sts, which is not on the class path"
            + " - Add the Maven dependencies software.amazon.awssdk:sts"), selection.warnings());
    }

    @Test
    void strictTurnsTheWarningIntoAnErrorThatNamesNoFlag() {
        Map<String, CredentialProviderFactory> factories = Map.of("aws", new FakeProviderFactory("aws", false));
        CredentialsUnavailableException e = assertThrows(CredentialsUnavailableException.class,
            () -> ProviderChoice.select(List.of("aws", "gcp"), factories, DEFAULTS, Map.of(), true));
        assertTrue(e.getMessage().startsWith("Credential loading failed for: AWS, GCP"), e.getMessage());
        assertTrue(e.getMessage().contains("no provider for 'gcp' is installed"), e.getMessage());
        assertEquals(List.of("AWS", "GCP"), e.providers());
        assertTrue(e.hint().contains("strictCredentials(false)"), e.hint());
        assertFalse(e.hint().contains("--"), e.hint());
    }
}
