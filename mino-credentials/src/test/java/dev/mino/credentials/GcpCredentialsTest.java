package dev.mino.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcpCredentialsTest {
    private static final String TOKEN = "ya29.test-token-a1b2c3";
    private static final String IMPERSONATED_TOKEN = "ya29.impersonated-token-d4e5f6";
    private static final String REFRESH_TOKEN = "1//refresh-token-g7h8i9";
    private static final String CLIENT_SECRET = "user-client-secret-j0k1";
    private static final String TARGET = "target@proj-123.iam.gserviceaccount.com";

    private static WireMockServer google;
    private static String privateKeyBody;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStub() throws NoSuchAlgorithmException {
        google = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        google.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        privateKeyBody = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    }

    @AfterAll
    static void stopStub() {
        google.stop();
    }

    @BeforeEach
    void resetStub() {
        google.resetAll();
    }

    @Test
    void serviceAccountFileMintsATokenWithProjectEnv() throws IOException {
        stubToken();
        try (LeakGuard guard = LeakGuard.start()) {
            GcpCredentials provider = GcpCredentials.builder()
                .credentialsFile(serviceAccountFile())
                .project("proj-123")
                .build();
            Optional<PlannedCredential> planned = provider.planned();
            google.verify(0, postRequestedFor(urlEqualTo("/token")));
            IssuedCredential issued = provider.issue();
            assertEquals(Optional.of(PlannedCredential.of(issued)), planned,
                "declared before minting (and without asking Google) exactly as issued, project included");

            assertEquals("gcp", issued.provider());
            assertEquals(Map.of("CLOUDSDK_AUTH_ACCESS_TOKEN", TOKEN), issued.secrets());
            assertEquals(Map.of("CLOUDSDK_CORE_PROJECT", "proj-123"), issued.plainEnv());
            assertNotNull(issued.expiresAt());
            Duration left = Duration.between(Instant.now(), issued.expiresAt());
            assertTrue(left.compareTo(Duration.ofMinutes(55)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0,
                left.toString());
            assertFalse(issued.toString().contains(TOKEN));

            google.verify(1, postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")));
            guard.assertNoneOf(TOKEN, privateKeyBody.substring(0, 40));
        }
    }

    @Test
    void withoutProjectNoProjectEnv() throws IOException {
        stubToken();
        GcpCredentials provider = GcpCredentials.builder().credentialsFile(serviceAccountFile()).build();
        IssuedCredential issued = provider.issue();

        assertEquals(Map.of(), issued.plainEnv());
        assertEquals(Optional.of(PlannedCredential.of(issued)), provider.planned(), "declared as issued");
    }

    @Test
    void authorizedUserFileUsesTheRefreshToken() throws IOException {
        stubToken();
        Path file = Files.writeString(dir.resolve("user.json"), "{\"type\":\"authorized_user\",\"client_id\":\"cid"
            + ".apps.googleusercontent.com\",\"client_secret\":\"" + CLIENT_SECRET + "\",\"refresh_token\":\""
            + REFRESH_TOKEN + "\",\"token_uri\":\"" + tokenUri() + "\"}");

        IssuedCredential issued = GcpCredentials.builder().credentialsFile(file).build().issue();

        assertEquals(TOKEN, issued.secrets().get("CLOUDSDK_AUTH_ACCESS_TOKEN"));
        google.verify(1, postRequestedFor(urlEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token")));
    }

    @Test
    void impersonationExchangesTheSourceTokenForTheServiceAccountsToken() throws IOException {
        stubToken();
        google.stubFor(post(urlPathMatching("/v1/projects/-/serviceAccounts/.*:generateAccessToken"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"accessToken\":\"" + IMPERSONATED_TOKEN + "\",\"expireTime\":\"2030-01-01T00:00:00Z\"}")));
        try (LeakGuard guard = LeakGuard.start()) {
            IssuedCredential issued = GcpCredentials.builder()
                .credentialsFile(serviceAccountFile())
                .serviceAccount(TARGET)
                .iamEndpoint(URI.create(base()))
                .build()
                .issue();

            assertEquals(IMPERSONATED_TOKEN, issued.secrets().get("CLOUDSDK_AUTH_ACCESS_TOKEN"));
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), issued.expiresAt());
            google.verify(1, postRequestedFor(urlEqualTo("/token")));
            google.verify(1, postRequestedFor(urlPathMatching("/v1/projects/-/serviceAccounts/.*:generateAccessToken"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(containing("cloud-platform")));
            guard.assertNoneOf(TOKEN, IMPERSONATED_TOKEN);
        }
    }

    @Test
    void forbiddenTokenEndpointIsAClearErrorWithHint() throws IOException {
        google.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"access_denied\",\"error_description\":\"Account disabled\"}")));

        CredentialException e = assertThrows(CredentialException.class,
            () -> GcpCredentials.builder().credentialsFile(serviceAccountFile()).build().issue());

        assertEquals("gcp", e.provider());
        assertTrue(e.getMessage().startsWith("GCP token endpoint refused the request (HTTP 403)"), e.getMessage());
        assertEquals("Run: gcloud auth application-default login", e.hint());
        LeakGuard.assertNotIn(e, privateKeyBody.substring(0, 40), privateKeyBody.substring(200, 240));
    }

    @Test
    void forbiddenImpersonationNamesTheServiceAccountAndTheRoleToGrant() throws IOException {
        stubToken();
        google.stubFor(post(urlPathMatching("/v1/projects/-/serviceAccounts/.*:generateAccessToken"))
            .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":403,\"message\":\"Permission 'iam.serviceAccounts.getAccessToken' "
                    + "denied\",\"status\":\"PERMISSION_DENIED\"}}")));

        CredentialException e = assertThrows(CredentialException.class, () -> GcpCredentials.builder()
            .credentialsFile(serviceAccountFile()).serviceAccount(TARGET).iamEndpoint(URI.create(base()))
            .build().issue());

        assertTrue(e.getMessage().startsWith("GCP IAM impersonation of " + TARGET + " refused the request (HTTP 403)"),
            e.getMessage());
        assertTrue(e.hint().contains("roles/iam.serviceAccountTokenCreator"), e.hint());
        LeakGuard.assertNotIn(e, TOKEN);
    }

    @Test
    void externalAccountFilesAreRefusedWithoutAnyRequest() throws IOException {
        Path file = Files.writeString(dir.resolve("external.json"), "{\"type\":\"external_account\",\"audience\":\"x\","
            + "\"subject_token_type\":\"t\",\"token_url\":\"" + tokenUri() + "\",\"credential_source\":"
            + "{\"executable\":{\"command\":\"/bin/true\"}}}");

        CredentialException e = assertThrows(CredentialException.class,
            () -> GcpCredentials.builder().credentialsFile(file).build().issue());

        assertTrue(e.getMessage().contains("has type 'external_account'"), e.getMessage());
        google.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unreadableOrBrokenFilesAreClearErrorsWithoutTheirContent() throws IOException {
        CredentialException missing = assertThrows(CredentialException.class,
            () -> GcpCredentials.builder().credentialsFile(dir.resolve("nope.json")).build().issue());
        assertTrue(missing.getMessage().contains("could not be read"), missing.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"type\":\"service_account\",\"private_key\":\""
            + privateKeyBody.substring(0, 64) + "\"}");
        CredentialException e = assertThrows(CredentialException.class,
            () -> GcpCredentials.builder().credentialsFile(broken).build().issue());
        assertTrue(e.getMessage().contains("is not a valid service_account file"), e.getMessage());
        LeakGuard.assertNotIn(e, privateKeyBody.substring(0, 64));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(CredentialException.class, () -> GcpCredentials.builder().serviceAccount("not-an-email").build());
        assertThrows(CredentialException.class, () -> GcpCredentials.builder().project("Has Spaces").build());
        assertThrows(CredentialException.class,
            () -> GcpCredentials.builder().iamEndpoint(URI.create("relative/path")).build());
    }

    @Test
    void cacheKeyCoversServiceAccountAndProjectAndToStringHidesNothingSecret() throws IOException {
        Path file = serviceAccountFile();
        String plain = GcpCredentials.builder().credentialsFile(file).build().cacheKey();
        String impersonating = GcpCredentials.builder().credentialsFile(file).serviceAccount(TARGET).build().cacheKey();
        String withProject = GcpCredentials.builder().credentialsFile(file).project("proj-123").build().cacheKey();

        assertNotEquals(plain, impersonating);
        assertNotEquals(plain, withProject);
        assertTrue(plain.startsWith("gcp|"), plain);
        String text = GcpCredentials.builder().credentialsFile(file).serviceAccount(TARGET).build().toString();
        assertTrue(text.contains(TARGET), text);
        assertFalse(text.contains(privateKeyBody.substring(0, 40)), text);
    }

    private Path serviceAccountFile() throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + privateKeyBody + "\\n-----END PRIVATE KEY-----\\n";
        return Files.writeString(dir.resolve("sa.json"), "{\"type\":\"service_account\",\"project_id\":\"proj-123\","
            + "\"private_key_id\":\"key1\",\"private_key\":\"" + pem + "\",\"client_email\":"
            + "\"source@proj-123.iam.gserviceaccount.com\",\"client_id\":\"1\",\"token_uri\":\"" + tokenUri() + "\"}");
    }

    // Not baseUrl(), which says localhost: the stub listens on the IPv4 loopback only.
    private static String base() {
        return "http://127.0.0.1:" + google.port();
    }

    private static String tokenUri() {
        return base() + "/token";
    }

    private static void stubToken() {
        google.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    }
}
