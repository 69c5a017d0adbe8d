package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxSpec;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.credentials.CredentialCache;
import dev.mino.core.internal.credentials.TrustDelivery;
import dev.mino.core.testing.FixedCredential;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start with placeholders gives the sandbox instead of the real values, before anything is made. */
class CredentialProxySetupTest {
    private static final String REAL = "ghp_realTokenNeverInTheSandbox0123456789";

    @TempDir
    Path tmp;

    private SandboxSpec spec() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("p"));
        return Sandbox.builder().project(project).image("localhost/tools:1")
            .network(NetworkPolicy.allow("api.github.com:443"))
            .credentials(new FixedCredential("github", "GITHUB_TOKEN", REAL, Instant.now().plusSeconds(3600)))
            .credentialPlaceholders(true).build();
    }

    private CredentialCache cache() {
        return new CredentialCache(tmp.resolve("state/credentials"), Clock.systemUTC());
    }

    @Test
    void theSandboxGetsPlaceholdersAndTheAuthoritysCertificateOnly() throws IOException {
        IssuedCredential issued = new IssuedCredential("github", Map.of("GITHUB_TOKEN", REAL, "GH_TOKEN", REAL),
            Map.of(), Instant.now().plusSeconds(3600));
        CredentialProxySetup setup = CredentialProxySetup.prepare(spec(), List.of(issued), cache(),
            tmp.resolve("state/authority"), SandboxListener.NONE);
        Map<String, byte[]> files = setup.sandboxFiles();
        String token = new String(files.get("GITHUB_TOKEN"), StandardCharsets.UTF_8);
        assertTrue(token.startsWith("ghp_"), token);
        assertNotEquals(REAL, token);
        assertEquals(token, new String(files.get("GH_TOKEN"), StandardCharsets.UTF_8),
            "one real value, one placeholder, whichever variable a tool reads");
        String pem = new String(files.get(TrustDelivery.AUTHORITY), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        assertFalse(pem.contains("PRIVATE KEY"));
        assertTrue(files.get(TrustDelivery.JAVA_TRUST).length > 1000);
        for (byte[] value : files.values()) {
            assertFalse(new String(value, StandardCharsets.ISO_8859_1).contains(REAL), "no file holds the real value");
        }
        assertTrue(Files.exists(tmp.resolve("state/authority/ca-key.pem")), "the key stays in the state directory");
        setup.close();
    }

    @Test
    void anAuthorityFolderOthersCanWriteFailsTheStartWithAHint() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("state/authority"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        IssuedCredential issued = new IssuedCredential("github", Map.of("GITHUB_TOKEN", REAL), Map.of(),
            Instant.now().plusSeconds(3600));
        MinoException refused = assertThrows(MinoException.class, () -> CredentialProxySetup.prepare(spec(),
            List.of(issued), cache(), folder, SandboxListener.NONE));
        assertTrue(refused.getMessage().contains("certificate authority"), refused.getMessage());
        assertFalse(refused.hint().isBlank());
        // The control: the same folder made private again is used.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        CredentialProxySetup.prepare(spec(), List.of(issued), cache(), folder, SandboxListener.NONE).close();
    }
}
