package dev.mino.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure over HTTPS, because azure-identity refuses an http authority. The test makes its own
 * certificate with keytool, and instance discovery is off, so nothing but the stub is contacted.
 */
class AzureCredentialsTest {
    private static final String PASSWORD = "changeit-test";
    private static final String TENANT = "tenant1";
    private static final String CLIENT_ID = "00000000-0000-0000-0000-000000000001";
    private static final String CLIENT_SECRET = "client-secret-Qw3rTy-98765";
    private static final String TOKEN = "azure-test-token-eyJ0eXAi";

    @TempDir
    static Path dir;

    private static WireMockServer entra;
    private static SSLContext trusting;

    @BeforeAll
    static void startStub() throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
            "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", keystore.toString(), "-storepass", PASSWORD,
            "-rfc", "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
            "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);

        entra = new WireMockServer(WireMockConfiguration.options()
            .httpDisabled(true)
            .dynamicHttpsPort()
            .bindAddress("127.0.0.1")
            .keystorePath(keystore.toString())
            .keystorePassword(PASSWORD)
            .keyManagerPassword(PASSWORD)
            .keystoreType("PKCS12"));
        entra.start();

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, factory.getTrustManagers(), null);
    }

    @AfterAll
    static void stopStub() {
        if (entra != null) {
            entra.stop();
        }
    }

    @BeforeEach
    void resetStub() {
        entra.resetAll();
    }

    @Test
    void clientSecretMintsAManagementTokenWithOneRequestOnly() {
        entra.stubFor(post(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
                + TOKEN + "\"}")));
        try (LeakGuard guard = LeakGuard.start()) {
            AzureCredentials provider = builder().subscription("sub-1").build();
            IssuedCredential issued = provider.issue();
            assertEquals(Optional.of(PlannedCredential.of(issued)), provider.planned(), "declared as issued");

            assertEquals("azure", issued.provider());
            assertEquals(Map.of("AZURE_ACCESS_TOKEN", TOKEN), issued.secrets());
            assertEquals(Map.of(), issued.plainEnv());
            Duration left = Duration.between(Instant.now(), issued.expiresAt());
            assertTrue(left.compareTo(Duration.ofMinutes(55)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0,
                left.toString());
            assertFalse(issued.toString().contains(TOKEN));

            // Exactly one call: no instance discovery, no metadata fetch, no other host.
            assertEquals(1, entra.getAllServeEvents().size());
            entra.verify(postRequestedFor(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("scope=https%3A%2F%2Fmanagement.azure.com%2F.default")));
            guard.assertNoneOf(TOKEN, CLIENT_SECRET);
        }
    }

    @Test
    void forbiddenIsAClearErrorNamingAzureWithHint() {
        entra.stubFor(post(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"unauthorized_client\",\"error_description\":\"AADSTS700016: Application not "
                + "found in the directory.\",\"error_codes\":[700016]}")));
        try (LeakGuard guard = LeakGuard.start()) {
            CredentialException e = assertThrows(CredentialException.class, () -> builder().build().issue());

            assertEquals("azure", e.provider());
            assertEquals("Azure token endpoint refused the request (HTTP 403): AADSTS700016: Application not found in "
                + "the directory.", e.getMessage());
            assertEquals(1, entra.getAllServeEvents().size(), "a refusal is not retried");
            assertEquals("Run: az login", e.hint());
            LeakGuard.assertNotIn(e, CLIENT_SECRET);
            guard.assertNoneOf(CLIENT_SECRET);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(CredentialException.class,
            () -> builder().authorityHost(URI.create("http://127.0.0.1:1")).build());
        assertThrows(CredentialException.class,
            () -> AzureCredentials.builder().clientSecret(CLIENT_ID, CLIENT_SECRET).build());
        assertThrows(CredentialException.class, () -> AzureCredentials.builder().tenant("bad tenant").build());
        assertThrows(CredentialException.class, () -> builder().clientSecret(CLIENT_ID, " ").build());
    }

    @Test
    void cacheKeyCoversTenantAndSubscriptionButNeverTheSecret() {
        String base = AzureCredentials.builder().build().cacheKey();
        String tenant = AzureCredentials.builder().tenant("contoso.onmicrosoft.com").build().cacheKey();
        String subscription = AzureCredentials.builder().subscription("sub-1").build().cacheKey();
        String withSecret = builder().build().cacheKey();

        assertNotEquals(base, tenant);
        assertNotEquals(base, subscription);
        assertNotEquals(tenant, subscription);
        assertTrue(base.startsWith("azure|"), base);
        assertFalse(withSecret.contains(CLIENT_SECRET));
        String text = builder().build().toString();
        assertTrue(text.contains(CLIENT_ID), text);
        assertFalse(text.contains(CLIENT_SECRET), text);
    }

    private static AzureCredentials.Builder builder() {
        return AzureCredentials.builder()
            .tenant(TENANT)
            .clientSecret(CLIENT_ID, CLIENT_SECRET)
            .authorityHost(URI.create("https://localhost:" + entra.httpsPort()))
            .sslContext(trusting);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
    }
}
