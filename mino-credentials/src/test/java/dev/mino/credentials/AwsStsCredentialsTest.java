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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsStsCredentialsTest {
    private static final String BASE_KEY_ID = "AKIDBASEEXAMPLE";
    private static final String BASE_SECRET = "base-secret-wJalrXUtnFEMI";
    private static final String PROFILE_KEY_ID = "AKIDPROFILEEXAMPLE";
    private static final String PROFILE_SECRET = "profile-secret-9f8e7d6c";
    private static final String MINTED_KEY_ID = "ASIAMINTEDEXAMPLE";
    private static final String MINTED_SECRET = "minted-secret-Zx81kq";
    private static final String MINTED_TOKEN = "minted-session-token-FwoGZXIvYXdzE";
    private static final String ROLE = "arn:aws:iam::123456789012:role/agents/sandbox";

    private static WireMockServer sts;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStub() {
        sts = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sts.start();
    }

    @AfterAll
    static void stopStub() {
        sts.stop();
    }

    @BeforeEach
    void resetStub() {
        sts.resetAll();
    }

    @Test
    void assumeRoleMintsSessionCredentialsAndRegionEnv() {
        stubSuccess("AssumeRole");
        try (LeakGuard guard = LeakGuard.start()) {
            AwsStsCredentials provider = baseBuilder()
                .roleArn(ROLE)
                .externalId("ext-id-42")
                .region("eu-west-1")
                .build();
            Optional<PlannedCredential> planned = provider.planned();
            sts.verify(0, postRequestedFor(urlEqualTo("/")));
            IssuedCredential issued = provider.issue();
            assertEquals(Optional.of(PlannedCredential.of(issued)), planned,
                "declared before minting (and without calling STS) exactly as issued");

            assertEquals("aws", issued.provider());
            assertEquals(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
                List.copyOf(issued.secrets().keySet()));
            assertEquals(MINTED_KEY_ID, issued.secrets().get("AWS_ACCESS_KEY_ID"));
            assertEquals(MINTED_SECRET, issued.secrets().get("AWS_SECRET_ACCESS_KEY"));
            assertEquals(MINTED_TOKEN, issued.secrets().get("AWS_SESSION_TOKEN"));
            assertEquals(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-west-1"), issued.plainEnv());
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), issued.expiresAt());
            assertFalse(issued.toString().contains(MINTED_SECRET));
            assertFalse(issued.toString().contains(MINTED_TOKEN));
            assertFalse(issued.toString().contains(MINTED_KEY_ID));

            sts.verify(1, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=AssumeRole"))
                .withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fagents%2Fsandbox"))
                .withRequestBody(containing("RoleSessionName=mino-session"))
                .withRequestBody(containing("ExternalId=ext-id-42"))
                .withRequestBody(containing("DurationSeconds=3600"))
                .withHeader("Authorization", containing("Credential=" + BASE_KEY_ID + "/")));
            assertTrue(guard.logCount() > 0, "the provider logs what it does at debug level");
            guard.assertNoneOf(BASE_SECRET, MINTED_SECRET, MINTED_TOKEN);
        }
    }

    @Test
    void getSessionTokenIsUsedWithoutARoleAndInjectsNoRegionUnlessSet() {
        stubSuccess("GetSessionToken");
        // The STS call's region comes from AWS_REGION here; only a configured region is injected.
        IssuedCredential issued = AwsStsCredentials.builder()
            .endpoint(endpoint())
            .configFile(dir.resolve("config"))
            .credentialsFile(dir.resolve("credentials"))
            .environment(Map.of("AWS_ACCESS_KEY_ID", BASE_KEY_ID, "AWS_SECRET_ACCESS_KEY", BASE_SECRET,
                "AWS_REGION", "us-east-1"))
            .instanceCredentials(false)
            .sessionDuration(Duration.ofSeconds(900))
            .build()
            .issue();

        assertEquals(MINTED_TOKEN, issued.secrets().get("AWS_SESSION_TOKEN"));
        assertEquals(Map.of(), issued.plainEnv());
        sts.verify(1, postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=GetSessionToken"))
            .withRequestBody(containing("DurationSeconds=900"))
            .withHeader("Authorization", containing("/us-east-1/sts/aws4_request")));
    }

    @Test
    void profileFromTheCredentialsFileSignsTheCall() throws IOException {
        stubSuccess("GetSessionToken");
        Path credentials = Files.writeString(dir.resolve("credentials"),
            "[dev]\naws_access_key_id = " + PROFILE_KEY_ID + "\naws_secret_access_key = " + PROFILE_SECRET + "\n");
        AwsStsCredentials provider = AwsStsCredentials.builder()
            .profile("dev")
            .region("us-west-2")
            .endpoint(endpoint())
            .configFile(dir.resolve("config"))
            .credentialsFile(credentials)
            .environment(Map.of("AWS_ACCESS_KEY_ID", BASE_KEY_ID, "AWS_SECRET_ACCESS_KEY", BASE_SECRET))
            .instanceCredentials(false)
            .build();

        provider.issue();

        sts.verify(1, postRequestedFor(urlEqualTo("/"))
            .withHeader("Authorization", containing("Credential=" + PROFILE_KEY_ID + "/")));
    }

    @Test
    void awsProfileVariableSelectsTheProfile() throws IOException {
        Files.writeString(dir.resolve("config"), "[profile other]\nregion = eu-north-1\n");
        AwsStsCredentials provider = AwsStsCredentials.builder()
            .configFile(dir.resolve("config"))
            .credentialsFile(dir.resolve("credentials"))
            .environment(Map.of("AWS_PROFILE", "other"))
            .build();

        assertEquals("other", provider.profile().orElseThrow());
    }

    @Test
    void unknownProfileIsAClearErrorNamingIt() throws IOException {
        Files.writeString(dir.resolve("config"), "[profile known]\nregion = eu-west-1\n");
        AwsStsCredentials provider = AwsStsCredentials.builder()
            .profile("nope")
            .region("eu-west-1")
            .endpoint(endpoint())
            .configFile(dir.resolve("config"))
            .credentialsFile(dir.resolve("credentials"))
            .instanceCredentials(false)
            .build();

        CredentialException e = assertThrows(CredentialException.class, provider::issue);

        assertEquals("aws", e.provider());
        assertTrue(e.getMessage().contains("AWS profile 'nope' not found"), e.getMessage());
        assertEquals("Run: aws configure --profile nope", e.hint());
        assertEquals(0, sts.getAllServeEvents().size());
    }

    @Test
    void profileWithoutKeysSaysWhy() throws IOException {
        Files.writeString(dir.resolve("config"), "[profile empty]\nregion = eu-west-1\n");
        AwsStsCredentials provider = baseBuilder().profile("empty").build();

        CredentialException e = assertThrows(CredentialException.class, provider::issue);

        assertEquals("AWS credentials not configured for profile 'empty': Profile file contained no credentials for "
            + "profile 'empty'", e.getMessage());
        assertEquals("Run: aws configure --profile empty", e.hint());
    }

    @Test
    void ssoProfileWithoutTheSsoModuleIsACredentialException() throws IOException {
        Files.writeString(dir.resolve("config"), "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n"
            + "sso_role_name = dev\n[sso-session corp]\nsso_region = us-east-1\n"
            + "sso_start_url = https://corp.awsapps.com/start\n");
        AwsStsCredentials provider = baseBuilder().profile("sso").build();

        CredentialException e = assertThrows(CredentialException.class, provider::issue);

        assertTrue(e.getMessage().startsWith("AWS credentials not configured for profile 'sso': "), e.getMessage());
        assertTrue(e.getMessage().contains("'sso' service module"), e.getMessage());
        assertEquals(0, sts.getAllServeEvents().size());
    }

    @Test
    void malformedConfigFileIsAClearErrorWithoutItsContent() throws IOException {
        Files.writeString(dir.resolve("credentials"), "[default]\naws_secret_access_key " + BASE_SECRET + "\n");
        AwsStsCredentials provider = baseBuilder().build();

        CredentialException e = assertThrows(CredentialException.class, provider::issue);

        assertTrue(e.getMessage().contains("could not be read: Expected an '=' sign defining a property on line 2"),
            e.getMessage());
        LeakGuard.assertNotIn(e, BASE_SECRET);
    }

    @Test
    void unknownProfileFromSystemPropertyFiles() throws IOException {
        Path config = Files.writeString(dir.resolve("sysprop-config"), "[default]\nregion = eu-west-1\n");
        String oldConfig = System.getProperty("aws.configFile");
        String oldCredentials = System.getProperty("aws.sharedCredentialsFile");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("sysprop-credentials").toString());
        try {
            AwsStsCredentials provider = AwsStsCredentials.builder().profile("missing").region("eu-west-1")
                .endpoint(endpoint()).environment(Map.of()).instanceCredentials(false).build();
            assertEquals(config.toAbsolutePath(), provider.configFile());

            CredentialException e = assertThrows(CredentialException.class, provider::issue);

            assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
            assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
        } finally {
            restore("aws.configFile", oldConfig);
            restore("aws.sharedCredentialsFile", oldCredentials);
        }
    }

    @Test
    void noBaseCredentialsSaysNotConfiguredWithHint() {
        AwsStsCredentials provider = AwsStsCredentials.builder()
            .region("us-east-1")
            .endpoint(endpoint())
            .configFile(dir.resolve("config"))
            .credentialsFile(dir.resolve("credentials"))
            .environment(Map.of())
            .instanceCredentials(false)
            .build();

        CredentialException e = assertThrows(CredentialException.class, provider::issue);

        assertEquals("AWS credentials not configured", e.getMessage());
        assertEquals("Run: aws configure", e.hint());
        assertEquals(0, sts.getAllServeEvents().size());
    }

    @Test
    void forbiddenIsAClearErrorNamingStsWithHint() {
        sts.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "text/xml")
            .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/dev is not authorized to "
                + "perform: sts:AssumeRole on resource: " + ROLE + "</Message></Error><RequestId>r1</RequestId>"
                + "</ErrorResponse>")));
        try (LeakGuard guard = LeakGuard.start()) {
            AwsStsCredentials provider = baseBuilder().roleArn(ROLE).build();

            CredentialException e = assertThrows(CredentialException.class, provider::issue);

            assertEquals("aws", e.provider());
            assertTrue(e.getMessage().startsWith("AWS STS refused AssumeRole (HTTP 403 AccessDenied)"), e.getMessage());
            assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
            assertEquals("Run: aws configure", e.hint());
            LeakGuard.assertNotIn(e, BASE_SECRET);
            guard.assertNoneOf(BASE_SECRET);
        }
    }

    @Test
    void unreachableEndpointIsAnStsError() {
        AwsStsCredentials provider = baseBuilder().endpoint(URI.create("http://127.0.0.1:1")).build();

        CredentialException e = assertThrows(CredentialException.class, provider::issue);

        assertTrue(e.getMessage().startsWith("AWS STS error: GetSessionToken failed"), e.getMessage());
        LeakGuard.assertNotIn(e, BASE_SECRET);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 899, 43_201, 129_600})
    void durationOutsideTheRangeIsRejected(long seconds) {
        CredentialException e = assertThrows(CredentialException.class,
            () -> baseBuilder().sessionDuration(Duration.ofSeconds(seconds)).build());

        assertTrue(e.getMessage().contains("from 900 to 43200 seconds"), e.getMessage());
        assertTrue(e.getMessage().contains("got " + seconds), e.getMessage());
        assertTrue(e.hint().contains("session_duration_secs"), e.hint());
    }

    @Test
    void durationBoundsAreAccepted() {
        assertEquals(Duration.ofSeconds(900), baseBuilder().sessionDuration(Duration.ofSeconds(900)).build()
            .sessionDuration());
        assertEquals(Duration.ofSeconds(43_200), baseBuilder().sessionDuration(Duration.ofSeconds(43_200)).build()
            .sessionDuration());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:iam::12345678901:role/short-account",
        "arn:aws:iam::123456789012:user/not-a-role",
        "arn:aws:s3:::bucket",
        "arn:aws:iam::123456789012:role/",
        "arn:aws:iam:us-east-1:123456789012:role/regional",
        "role/agent",
        "arn:aws:iam::123456789012:role/has space",
        ""})
    void malformedRoleArnIsRejected(String arn) {
        CredentialException e = assertThrows(CredentialException.class, () -> baseBuilder().roleArn(arn).build());

        assertTrue(e.getMessage().contains("is malformed"), e.getMessage());
        assertTrue(e.hint().contains("role_arn"), e.hint());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:iam::123456789012:role/agent",
        "arn:aws-cn:iam::123456789012:role/path/to/agent",
        "arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f-g_h"})
    void wellFormedRoleArnsAreAccepted(String arn) {
        assertEquals(arn, baseBuilder().roleArn(arn).build().roleArn().orElseThrow());
    }

    @Test
    void otherBadSettingsAreRejected() {
        assertThrows(CredentialException.class, () -> baseBuilder().roleSessionName("x").build());
        assertThrows(CredentialException.class, () -> baseBuilder().roleSessionName("has space").build());
        assertThrows(CredentialException.class, () -> baseBuilder().externalId("a b").build());
        assertThrows(CredentialException.class, () -> baseBuilder().region("Eu West").build());
        assertThrows(CredentialException.class, () -> baseBuilder().profile("[bad]").build());
        assertThrows(CredentialException.class, () -> baseBuilder().endpoint(URI.create("ftp://host")).build());
        assertThrows(CredentialException.class, () -> baseBuilder().endpoint(URI.create("relative")).build());
    }

    @Test
    void cacheKeyChangesWithEverySettingThatChangesTheCredential() {
        String base = baseBuilder().build().cacheKey();
        List<String> variants = List.of(
            baseBuilder().roleArn(ROLE).build().cacheKey(),
            baseBuilder().roleArn(ROLE).externalId("ext-1").build().cacheKey(),
            baseBuilder().region("eu-west-1").build().cacheKey(),
            baseBuilder().sessionDuration(Duration.ofHours(2)).build().cacheKey(),
            baseBuilder().endpoint(URI.create("https://sts.example.com")).build().cacheKey(),
            baseBuilder().profile("dev").build().cacheKey(),
            baseBuilder().roleArn(ROLE).roleSessionName("other-session").build().cacheKey());

        assertEquals(base, baseBuilder().build().cacheKey(), "equal settings, equal keys");
        assertEquals(variants.size(), variants.stream().distinct().count());
        for (String variant : variants) {
            assertNotEquals(base, variant);
            assertTrue(variant.startsWith("aws|"), variant);
        }
        assertNotEquals(baseBuilder().roleArn(ROLE).externalId("ext-1").build().cacheKey(),
            baseBuilder().roleArn(ROLE).externalId("ext-2").build().cacheKey());
        assertFalse(base.contains(BASE_SECRET));
        assertFalse(base.contains(BASE_KEY_ID));
    }

    @Test
    void toStringShowsSettingsButNoSecrets() {
        AwsStsCredentials provider = baseBuilder().roleArn(ROLE).externalId("ext-secretish").region("eu-west-1").build();

        String text = provider.toString();

        assertTrue(text.contains(ROLE), text);
        assertTrue(text.contains("eu-west-1"), text);
        assertFalse(text.contains("ext-secretish"), text);
        assertFalse(text.contains(BASE_SECRET), text);
        assertFalse(text.contains(BASE_KEY_ID), text);
    }

    @Test
    void assumeRoleShortcutAndName() {
        AwsStsCredentials provider = AwsStsCredentials.assumeRole(ROLE);

        assertEquals("aws", provider.name());
        assertEquals(ROLE, provider.roleArn().orElseThrow());
        assertEquals("mino-session", provider.roleSessionName());
        assertEquals(Duration.ofHours(1), provider.sessionDuration());
    }

    private AwsStsCredentials.Builder baseBuilder() {
        return AwsStsCredentials.builder()
            .region("us-east-1")
            .endpoint(endpoint())
            .configFile(dir.resolve("config"))
            .credentialsFile(dir.resolve("credentials"))
            .environment(Map.of("AWS_ACCESS_KEY_ID", BASE_KEY_ID, "AWS_SECRET_ACCESS_KEY", BASE_SECRET))
            .instanceCredentials(false);
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + sts.port());
    }

    private static void stubSuccess(String action) {
        sts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action
                    + "Result>" + (action.equals("AssumeRole")
                        ? "<AssumedRoleUser><Arn>" + ROLE + "/mino-session</Arn><AssumedRoleId>AROAEXAMPLE:mino-session"
                            + "</AssumedRoleId></AssumedRoleUser>" : "")
                    + "<Credentials><AccessKeyId>" + MINTED_KEY_ID + "</AccessKeyId><SecretAccessKey>" + MINTED_SECRET
                    + "</SecretAccessKey><SessionToken>" + MINTED_TOKEN + "</SessionToken>"
                    + "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></" + action + "Result>"
                    + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action + "Response>")));
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
