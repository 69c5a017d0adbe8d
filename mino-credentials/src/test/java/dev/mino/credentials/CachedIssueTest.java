package dev.mino.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.credentials.CredentialCache;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real provider behind mino-core's credential cache: a second sandbox within the credential's
 * lifetime makes no request, and one near the expiry mints again.
 */
class CachedIssueTest {
    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private WireMockServer sts;

    @BeforeEach
    void start() {
        sts = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sts.start();
        sts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetSessionToken"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetSessionTokenResult><Credentials><AccessKeyId>ASIACACHED</AccessKeyId>"
                    + "<SecretAccessKey>cached-secret-123</SecretAccessKey><SessionToken>cached-token-456</SessionToken>"
                    + "<Expiration>" + EXPIRY + "</Expiration></Credentials></GetSessionTokenResult>"
                    + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSessionTokenResponse>")));
    }

    @AfterEach
    void stop() {
        sts.stop();
    }

    @Test
    void secondIssueWithinTheLifetimeMakesNoRequestAndANearlyExpiredOneRefreshes() {
        MovableClock clock = new MovableClock(EXPIRY.minusSeconds(3600));
        CredentialCache cache = new CredentialCache(dir.resolve("credentials"), clock);
        AwsStsCredentials provider = AwsStsCredentials.builder()
            .region("us-east-1")
            .endpoint(URI.create("http://127.0.0.1:" + sts.port()))
            .configFile(dir.resolve("config"))
            .credentialsFile(dir.resolve("credentials-file"))
            .environment(Map.of("AWS_ACCESS_KEY_ID", "AKIDBASE", "AWS_SECRET_ACCESS_KEY", "base-secret-xyz"))
            .instanceCredentials(false)
            .build();

        IssuedCredential first = cache.get(provider);
        clock.now = EXPIRY.minusSeconds(120);
        IssuedCredential second = cache.get(provider);

        assertEquals(first.secrets(), second.secrets());
        sts.verify(1, postRequestedFor(urlEqualTo("/")));

        clock.now = EXPIRY.minusSeconds(30);
        cache.get(provider);

        sts.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
