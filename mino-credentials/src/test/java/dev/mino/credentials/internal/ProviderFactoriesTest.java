package dev.mino.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProviderFactory;
import dev.mino.credentials.AwsStsCredentials;
import dev.mino.credentials.AzureCredentials;
import dev.mino.credentials.GcpCredentials;
import dev.mino.credentials.GitHubCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ProviderFactoriesTest {
    private static final MinoConfig.Credentials DEFAULTS = MinoConfig.defaults().credentials();
    private static final Predicate<String> NOTHING_LOADS = className -> false;

    @Test
    void serviceLoaderFindsTheFourFactoriesAllAvailable() {
        List<CredentialProviderFactory> factories = ServiceLoader.load(CredentialProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get).toList();

        assertEquals(List.of("aws", "gcp", "azure", "github"),
            factories.stream().map(CredentialProviderFactory::name).toList());
        assertTrue(factories.stream().allMatch(CredentialProviderFactory::isAvailable));
    }

    @Test
    void awsFactoryMapsEverySetting() {
        MinoConfig.Credentials config = new MinoConfig.Credentials(new MinoConfig.Aws(true, 7200,
            Optional.of("arn:aws:iam::123456789012:role/agent"), Optional.of("ext-1"), Optional.of("dev"),
            Optional.of("eu-west-1")), DEFAULTS.gcp(), DEFAULTS.azure(), DEFAULTS.github());

        AwsStsCredentials aws = assertInstanceOf(AwsStsCredentials.class,
            new AwsProviderFactory().create(config, Map.of()));

        assertEquals("arn:aws:iam::123456789012:role/agent", aws.roleArn().orElseThrow());
        assertEquals("ext-1", aws.externalId().orElseThrow());
        assertEquals("dev", aws.profile().orElseThrow());
        assertEquals("eu-west-1", aws.region().orElseThrow());
        assertEquals(Duration.ofSeconds(7200), aws.sessionDuration());
    }

    @Test
    void blankConfigValuesMeanUnsetAndBadOnesAreRejected() {
        MinoConfig.Credentials blank = new MinoConfig.Credentials(new MinoConfig.Aws(true, 3600, Optional.of(""),
            Optional.of(" "), Optional.empty(), Optional.of("")), DEFAULTS.gcp(), DEFAULTS.azure(), DEFAULTS.github());
        AwsStsCredentials aws = (AwsStsCredentials) new AwsProviderFactory().create(blank, Map.of());
        assertTrue(aws.roleArn().isEmpty());
        assertTrue(aws.region().isEmpty());

        MinoConfig.Credentials tooShort = new MinoConfig.Credentials(new MinoConfig.Aws(true, 899, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty()), DEFAULTS.gcp(), DEFAULTS.azure(), DEFAULTS.github());
        CredentialException e = assertThrows(CredentialException.class,
            () -> new AwsProviderFactory().create(tooShort, Map.of()));
        assertEquals("aws", e.provider());
    }

    @Test
    void gcpAzureAndGithubFactoriesMapTheirSections() {
        MinoConfig.Credentials config = new MinoConfig.Credentials(DEFAULTS.aws(),
            new MinoConfig.Gcp(true, Optional.of("proj-1"), Optional.of("sa@proj-1.iam.gserviceaccount.com")),
            new MinoConfig.Azure(true, Optional.of("sub-1"), Optional.of("tenant-1")),
            new MinoConfig.Github("ghe.example.com"));

        GcpCredentials gcp = (GcpCredentials) new GcpProviderFactory().create(config, Map.of());
        AzureCredentials azure = (AzureCredentials) new AzureProviderFactory().create(config, Map.of());
        GitHubCredentials github = (GitHubCredentials) new GitHubProviderFactory().create(config, Map.of());

        assertEquals("proj-1", gcp.project().orElseThrow());
        assertEquals("sa@proj-1.iam.gserviceaccount.com", gcp.serviceAccount().orElseThrow());
        assertEquals("tenant-1", azure.tenant().orElseThrow());
        assertEquals("sub-1", azure.subscription().orElseThrow());
        assertEquals("ghe.example.com", github.host());
    }

    @Test
    void missingSdkMakesCreateNameTheArtifact() {
        assertMissing(new AwsProviderFactory(NOTHING_LOADS), "aws", "software.amazon.awssdk:sts");
        assertMissing(new GcpProviderFactory(NOTHING_LOADS), "gcp", "com.google.auth:google-auth-library-oauth2-http");
        assertMissing(new AzureProviderFactory(NOTHING_LOADS), "azure", "com.azure:azure-identity");
    }

    @Test
    void missingTransportIsNamedToo() {
        AwsProviderFactory noTransport = new AwsProviderFactory(name -> !name.contains("urlconnection"));

        CredentialException e = assertThrows(CredentialException.class, () -> noTransport.create(DEFAULTS, Map.of()));

        assertTrue(e.getMessage().contains("software.amazon.awssdk:url-connection-client"), e.getMessage());
    }

    @Test
    void aClassCheckThatBreaksNeverEscapes() {
        AzureProviderFactory broken = new AzureProviderFactory(name -> {
            throw new NoClassDefFoundError(name);
        });

        assertFalse(broken.isAvailable());
        assertThrows(CredentialException.class, () -> broken.create(DEFAULTS, Map.of()));
    }

    @Test
    void incompleteSdkBecomesACredentialException() {
        CredentialException e = Sdk.GCP.incomplete(new NoClassDefFoundError("com/google/common/base/Strings"));

        assertEquals("gcp", e.provider());
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        assertTrue(e.hint().contains("com.google.auth:google-auth-library-oauth2-http"), e.hint());
    }

    @Test
    void unexpectedSdkFailuresBecomeCredentialExceptionsWithSecretsMasked() {
        CredentialException e = Sdk.AZURE.unexpected(new IllegalStateException("bad state near s3cr3t-value"),
            List.of("s3cr3t-value"));

        assertEquals("azure", e.provider());
        assertEquals("Azure credential error: IllegalStateException: bad state near ****", e.getMessage());
    }

    private static void assertMissing(CredentialProviderFactory factory, String name, String artifact) {
        assertEquals(name, factory.name());
        assertFalse(factory.isAvailable());

        CredentialException e = assertThrows(CredentialException.class, () -> factory.create(DEFAULTS, Map.of()));

        assertEquals(name, e.provider());
        assertTrue(e.getMessage().contains(artifact), e.getMessage());
        assertTrue(e.hint().contains(artifact), e.hint());
    }
}
