package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.terminal.Renderer;
import dev.mino.core.MinoException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.core.credentials.IssuedCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which providers a run gets, and what a provider without its SDK does (SPEC 1.3.2 and 5.6). */
class CredentialChoiceTest {
    private static final MinoConfig.Credentials DEFAULTS = MinoConfig.defaults().credentials();

    /** A factory whose SDK is present or not, as the real ones report it. */
    private record FakeFactory(String name, boolean isAvailable) implements CredentialProviderFactory {
        @Override
        public CredentialProvider create(MinoConfig.Credentials config, Map<String, String> environment) {
            if (!isAvailable) {
                throw new CredentialException(name, "AWS credentials need software.amazon.awssdk:sts, which is not on "
                    + "the class path", "Add the Maven dependencies software.amazon.awssdk:sts", null);
            }
            return new CredentialProvider() {
                @Override
                public String name() {
                    return FakeFactory.this.name;
                }

                @Override
                public String cacheKey() {
                    return FakeFactory.this.name;
                }

                @Override
                public IssuedCredential issue() {
                    throw new CredentialException(FakeFactory.this.name, "not in this test", "", null);
                }
            };
        }
    }

    private static CredentialChoice.Flags flags(boolean aws, boolean gcp, boolean azure, boolean all,
                                                boolean noGithub) {
        return new CredentialChoice.Flags(aws, gcp, azure, all, noGithub);
    }

    @Test
    void gitHubIsOnUnlessTurnedOffAndCloudsByOptionOrConfig() {
        assertEquals(List.of("github"), CredentialChoice.enabled(flags(false, false, false, false, false), DEFAULTS));
        assertEquals(List.of(), CredentialChoice.enabled(flags(false, false, false, false, true), DEFAULTS));
        assertEquals(List.of("aws", "gcp", "azure", "github"),
            CredentialChoice.enabled(flags(false, false, false, true, false), DEFAULTS));
        assertEquals(List.of("azure"), CredentialChoice.enabled(flags(false, false, true, false, true), DEFAULTS));
        MinoConfig.Credentials gcpOn = new MinoConfig.Credentials(DEFAULTS.aws(),
            new MinoConfig.Gcp(true, Optional.empty(), Optional.empty()), DEFAULTS.azure(), DEFAULTS.github());
        assertEquals(List.of("gcp", "github"), CredentialChoice.enabled(flags(false, false, false, false, false), gcpOn));
    }

    @Test
    void aProviderWithoutItsSdkIsAWarningNamingTheArtifact() {
        Map<String, CredentialProviderFactory> factories = Map.of("aws", new FakeFactory("aws", false),
            "github", new FakeFactory("github", true));
        CredentialChoice.Selection selection = CredentialChoice.select(List.of("aws", "github"), factories, DEFAULTS,
            Map.of(), false);
        assertEquals(List.of("github"), selection.providers().stream().map(CredentialProvider::name).toList());
        assertEquals(1, selection.warnings().size());
        assertTrue(selection.warnings().get(0).startsWith("AWS: AWS credentials need software.amazon.awssdk:sts"),
            selection.warnings().get(0));
        assertTrue(selection.hints().get(0).contains("software.amazon.awssdk:sts"));
    }

    @Test
    void strictTurnsTheWarningIntoAnError() {
        Map<String, CredentialProviderFactory> factories = Map.of("aws", new FakeFactory("aws", false));
        MinoException e = assertThrows(MinoException.class, () -> CredentialChoice.select(List.of("aws", "gcp"),
            factories, DEFAULTS, Map.of(), true));
        assertTrue(e.getMessage().startsWith("Credential loading failed for: AWS, GCP"), e.getMessage());
        assertTrue(e.getMessage().contains("no provider for 'gcp' is installed"), e.getMessage());
        assertEquals("Remove --strict-credentials to continue anyway", e.hint());
    }

    @Test
    void theCliShipsEverySdk() {
        Map<String, CredentialProviderFactory> installed = CredentialChoice.installed();
        assertEquals(CredentialChoice.ORDER.stream().sorted().toList(), installed.keySet().stream().sorted().toList());
        installed.values().forEach(f -> assertTrue(f.isAvailable(), f.name() + " has its SDK"));
    }

    @Test
    void statusShowsEachProviderAndWhetherGitHubHasAToken(@TempDir java.nio.file.Path home) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Renderer out = new Renderer(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
            false, false);
        Map<String, CredentialProviderFactory> factories = Map.of("aws", new FakeFactory("aws", false),
            "gcp", new FakeFactory("gcp", true), "github", new FakeFactory("github", true));
        StatusCommand.credentials(out, factories, DEFAULTS, Map.of(), home);
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("[WARN] AWS: AWS credentials need software.amazon.awssdk:sts"), text);
        assertTrue(text.contains("[WARN] GCP: SDK present; no credentials found - Run: gcloud auth "
            + "application-default login"), text);
        assertTrue(text.contains("[WARN] Azure: no provider installed"), text);
        assertTrue(text.contains("[WARN] GitHub: not in this test"), text);

        Map<String, String> env = Map.of("GH_TOKEN", "ghp_secret-value-never-printed", "PATH", "/nonexistent");
        bytes.reset();
        StatusCommand.credentials(out, CredentialChoice.installed(), DEFAULTS, env);
        text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("[OK] GitHub: token found for github.com"), text);
        assertTrue(!text.contains("secret-value"), "the token itself is never printed: " + text);
    }
}
