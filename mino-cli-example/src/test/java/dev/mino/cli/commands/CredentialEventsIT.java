package dev.mino.cli.commands;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mino.core.ExecResult;
import dev.mino.core.MinoEvent;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import dev.mino.credentials.AwsStsCredentials;
import dev.mino.credentials.GitHubCredentials;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library tells which credentials a sandbox got, as {@link MinoEvent.CredentialsIssued}:
 * the provider, the variable names and the expiry, never a value. With the real providers (AWS
 * STS against a stand-in endpoint, a GitHub token from the environment); here rather than in
 * mino-core because this module has both the providers and the stand-in server.
 */
@RequiresPodman
@Timeout(180)
class CredentialEventsIT extends SandboxFolders {

    @Test
    void theEventsNameTheProvidersAndTheExpiryAndHoldNoValue() {
        String keyId = "ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        String secret = "minted-secret-" + UUID.randomUUID();
        String session = "minted-session-" + UUID.randomUUID();
        String github = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        WireMockServer sts = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sts.start();
        try {
            sts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetSessionToken"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                    "<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetSessionTokenResult><Credentials><AccessKeyId>" + keyId + "</AccessKeyId>"
                        + "<SecretAccessKey>" + secret + "</SecretAccessKey><SessionToken>" + session
                        + "</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
                        + "</GetSessionTokenResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                        + "</GetSessionTokenResponse>")));
            AwsStsCredentials aws = AwsStsCredentials.builder().endpoint(URI.create("http://127.0.0.1:" + sts.port()))
                .configFile(state.resolve("aws-config")).credentialsFile(state.resolve("aws-credentials"))
                .environment(Map.of("AWS_ACCESS_KEY_ID", "AKIABASEKEY000000000", "AWS_SECRET_ACCESS_KEY",
                    "base-secret-" + UUID.randomUUID(), "AWS_REGION", "us-east-1"))
                .instanceCredentials(false).build();
            GitHubCredentials gh = GitHubCredentials.builder().environment(Map.of("GH_TOKEN", github))
                .ghConfigDirectory(state.resolve("gh")).build();
            List<MinoEvent> events = new CopyOnWriteArrayList<>();
            try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
                .project(project).stateDirectory(state).sshAgent(false).listener(SandboxListener.of(events::add))
                .credentials(aws, gh).strictCredentials(true).command("sleep", "60").start()) {
                // The control: the sandbox has the very values no event may hold.
                ExecResult seen = sb.exec("sh", "-c", "echo \"$AWS_SECRET_ACCESS_KEY $GH_TOKEN\"");
                assertEquals(secret + " " + github + "\n", seen.stdout(), seen.toString());
            }
            List<MinoEvent.CredentialsIssued> issued = events.stream()
                .filter(MinoEvent.CredentialsIssued.class::isInstance).map(MinoEvent.CredentialsIssued.class::cast)
                .toList();
            assertEquals(List.of("aws", "github"), issued.stream().map(MinoEvent.CredentialsIssued::provider).toList());
            assertEquals(Optional.of(Instant.parse("2030-01-01T00:00:00Z")), issued.get(0).expiry());
            assertEquals(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
                issued.get(0).variables());
            assertEquals(Optional.empty(), issued.get(1).expiry(), "a GitHub token has no known expiry");
            assertEquals(List.of("GITHUB_TOKEN", "GH_TOKEN"), issued.get(1).variables());
            for (MinoEvent event : events) {
                for (String value : List.of(keyId, secret, session, github)) {
                    assertFalse(event.toString().contains(value), "an event holds a credential: " + event);
                }
            }
        } finally {
            sts.stop();
        }
    }
}
