package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialPlaceholders;
import dev.mino.core.testing.FixedCredential;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placeholder settings: what the builder and the config accept, and what a spec refuses before anything is made. */
class CredentialPlaceholdersTest {
    private static final FixedCredential GITHUB = new FixedCredential("github", "GITHUB_TOKEN", "ghp_real",
        Instant.now().plusSeconds(3600));

    @TempDir
    Path project;

    private SandboxBuilder allowlisted() {
        return Sandbox.builder().project(project).image("localhost/tools:1").credentials(GITHUB)
            .network(NetworkPolicy.allow("api.github.com:443"));
    }

    @Test
    void offByDefaultAndOnForAllOrByName() {
        assertFalse(CredentialPlaceholders.NONE.enabled());
        assertFalse(allowlisted().build().credentialPlaceholders().appliesTo("github"));
        CredentialPlaceholders all = allowlisted().credentialPlaceholders(true).build().credentialPlaceholders();
        assertTrue(all.appliesTo("github") && all.appliesTo("aws"));
        CredentialPlaceholders allButAws = allowlisted().credentialPlaceholders(true)
            .credentialPlaceholders("aws", false).build().credentialPlaceholders();
        assertTrue(allButAws.appliesTo("github"));
        assertFalse(allButAws.appliesTo("aws"));
        CredentialPlaceholders githubOnly = allowlisted().credentialPlaceholders("github", true).build()
            .credentialPlaceholders();
        assertTrue(githubOnly.appliesTo("github"));
        assertFalse(githubOnly.appliesTo("gcp"));
    }

    @Test
    void hostsDefaultPerProviderAndCanBeNamedWithPorts() {
        assertEquals(List.of(new NetworkRule("github.com", 443), new NetworkRule("api.github.com", 443),
                new NetworkRule("uploads.github.com", 443), new NetworkRule("raw.githubusercontent.com", 443)),
            CredentialPlaceholders.NONE.hosts("github"));
        CredentialPlaceholders named = allowlisted().credentialPlaceholders(true)
            .credentialPlaceholderHosts("github", List.of("GitHub.Example.com", "*.ghe.example.com:8443"))
            .build().credentialPlaceholders();
        assertEquals(List.of(new NetworkRule("github.example.com", 443), new NetworkRule("*.ghe.example.com", 8443)),
            named.hosts("github"));
        assertEquals(CredentialPlaceholders.defaultHosts("aws"), named.hosts("aws"));
    }

    @Test
    void badInputIsRefusedWithAHint() {
        InvalidSpecException unknown = assertThrows(InvalidSpecException.class,
            () -> allowlisted().credentialPlaceholders("gitlab", true));
        assertTrue(unknown.getMessage().contains("gitlab") && unknown.hint().contains("github"), unknown.getMessage());
        InvalidSpecException address = assertThrows(InvalidSpecException.class,
            () -> allowlisted().credentialPlaceholderHosts("github", List.of("140.82.112.3")));
        assertTrue(address.getMessage().contains("is an address"), address.getMessage());
        InvalidSpecException malformed = assertThrows(InvalidSpecException.class,
            () -> allowlisted().credentialPlaceholderHosts("github", List.of("api.github.com:99999")));
        assertTrue(malformed.getMessage().contains("api.github.com:99999"), malformed.getMessage());
        assertThrows(InvalidSpecException.class, () -> allowlisted().credentialPlaceholderHosts("github", List.of()));
        assertThrows(InvalidSpecException.class,
            () -> allowlisted().credentialProxyCertificates(Path.of("relative.pem")));
    }

    @Test
    void placeholdersNeedAnAllowlistAndAnAttachedSandbox() {
        InvalidSpecException open = assertThrows(InvalidSpecException.class, () -> Sandbox.builder().project(project)
            .image("localhost/tools:1").credentials(GITHUB).credentialPlaceholders(true).build());
        assertTrue(open.getMessage().contains("need an allowlist network"), open.getMessage());
        InvalidSpecException detached = assertThrows(InvalidSpecException.class,
            () -> allowlisted().credentialPlaceholders(true).detached(true).build());
        assertTrue(detached.getMessage().contains("detached"), detached.getMessage());
        // The controls: without credentials, or with placeholders off, the same specs build.
        Sandbox.builder().project(project).image("localhost/tools:1").credentialPlaceholders(true).build();
        Sandbox.builder().project(project).image("localhost/tools:1").credentials(GITHUB).build();
        allowlisted().credentialPlaceholders(true).build();
    }

    @Test
    void aProviderWithoutPlaceholdersIsNeverLetInWhole() {
        FixedCredential custom = new FixedCredential("vault", "VAULT_TOKEN", "s.real", Instant.now().plusSeconds(60));
        InvalidSpecException refused = assertThrows(InvalidSpecException.class,
            () -> allowlisted().credentials(custom).credentialPlaceholders(true).build());
        assertTrue(refused.getMessage().contains("'vault'"), refused.getMessage());
        // Placeholders for GitHub only leave the other provider as it was (its real value, as asked).
        allowlisted().credentials(custom).credentialPlaceholders("github", true).build();
    }

    @Test
    void theConfigSwitchesThemOnAndNamesHosts() {
        MinoConfig defaults = MinoConfig.defaults();
        MinoConfig.Credentials credentials = new MinoConfig.Credentials(defaults.credentials().aws(),
            defaults.credentials().gcp(), defaults.credentials().azure(), defaults.credentials().github(),
            new MinoConfig.Placeholders(true, Map.of("github", List.of("github.example.com"))));
        CredentialPlaceholders applied = Sandbox.builder().config(defaults.withCredentials(credentials))
            .project(project).credentials(GITHUB).network(NetworkPolicy.allow("github.example.com:443"))
            .build().credentialPlaceholders();
        assertTrue(applied.appliesTo("github"));
        assertEquals(List.of(new NetworkRule("github.example.com", 443)), applied.hosts("github"));
        // A later call wins over the config.
        assertFalse(Sandbox.builder().config(defaults.withCredentials(credentials)).project(project)
            .credentialPlaceholders(false).build().credentialPlaceholders().appliesTo("github"));
    }

    @Test
    void anEnterpriseGitHubHostIsWhereItsTokenGoes() {
        MinoConfig defaults = MinoConfig.defaults();
        MinoConfig.Credentials enterprise = new MinoConfig.Credentials(defaults.credentials().aws(),
            defaults.credentials().gcp(), defaults.credentials().azure(), new MinoConfig.Github("ghe.example.com"),
            new MinoConfig.Placeholders(true, Map.of()));
        CredentialPlaceholders applied = Sandbox.builder().config(defaults.withCredentials(enterprise)).project(project)
            .build().credentialPlaceholders();
        assertEquals(List.of(new NetworkRule("ghe.example.com", 443)), applied.hosts("github"));
        // The control: github.com keeps the defaults.
        assertEquals(CredentialPlaceholders.defaultHosts("github"), Sandbox.builder().config(defaults).project(project)
            .build().credentialPlaceholders().hosts("github"));
    }
}
