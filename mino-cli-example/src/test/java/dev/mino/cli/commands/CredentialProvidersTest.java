package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.core.credentials.CredentialProviders;
import dev.mino.core.testing.FakeProviderFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The providers the CLI ships and how {@code mino status} shows them (SPEC 5.6); which providers a
 * run gets is the library's choice now (ProviderChoiceTest and ProjectConfigTest in mino-core).
 */
class CredentialProvidersTest {
    private static final MinoConfig.Credentials DEFAULTS = MinoConfig.defaults().credentials();

    @Test
    void theCliShipsEverySdk() {
        Map<String, CredentialProviderFactory> installed = CredentialProviders.installed();
        assertEquals(CredentialProviders.NAMES.stream().sorted().toList(), installed.keySet().stream().sorted().toList());
        installed.values().forEach(f -> assertTrue(f.isAvailable(), f.name() + " has its SDK"));
    }

    @Test
    void statusShowsEachProviderAndWhetherGitHubHasAToken(@TempDir java.nio.file.Path home) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Renderer out = new Renderer(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
            false, false);
        Map<String, CredentialProviderFactory> factories = Map.of("aws", new FakeProviderFactory("aws", false),
            "gcp", new FakeProviderFactory("gcp", true), "github", new FakeProviderFactory("github", true));
        StatusCommand.credentials(out, factories, DEFAULTS, Map.of(), home);
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("[WARN] AWS: AWS credentials need software.amazon.awssdk:sts"), text);
        assertTrue(text.contains("[WARN] GCP: SDK present; no credentials found - Run: gcloud auth "
            + "application-default login"), text);
        assertTrue(text.contains("[WARN] Azure: no provider installed"), text);
        assertTrue(text.contains("[WARN] GitHub: not in this test"), text);

        Map<String, String> env = Map.of("GH_TOKEN", "ghp_secret-value-never-printed", "PATH", "/nonexistent");
        bytes.reset();
        StatusCommand.credentials(out, CredentialProviders.installed(), DEFAULTS, env);
        text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("[OK] GitHub: token found for github.com"), text);
        assertTrue(!text.contains("secret-value"), "the token itself is never printed: " + text);
    }
}
