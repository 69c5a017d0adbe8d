package dev.mino.proxy;

import static dev.mino.proxy.SdkSigning.request;
import static dev.mino.proxy.SdkSigning.sign;
import static dev.mino.proxy.SdkSigning.toProxied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4Swap with the AWS SDK for Java 2.x as both the sandbox's client and the judge: the client
 * signs with the placeholder keys, the swap re-signs, and the result must be exactly what the
 * SDK's own signer makes of the same request with the real keys.
 */
class SigV4SwapSdkTest {
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    private static final String BUCKET_HOST = "my-bucket.s3.us-east-1.amazonaws.com";
    private static final String OBJECT = "/reports/2026%20Q4/r%C3%A9sum%C3%A9~v1%3Afinal.txt?x-id=GetObject";

    /** How the SDK signs for S3: the path as sent, an unsigned payload. */
    private static final Consumer<SignRequest.Builder<AwsCredentialsIdentity>> S3 = r -> r
            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
    private static final Consumer<SignRequest.Builder<AwsCredentialsIdentity>> PRESIGNED_S3 = S3.andThen(r -> r
            .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
            .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10)));
    private static final Consumer<SignRequest.Builder<AwsCredentialsIdentity>> DEFAULTS = r -> { };

    private final AwsKeys placeholder = Placeholders.aws();
    private final AwsKeys real = AwsKeys.of("ASIAQWERTYUIOPASDFGH", "Rea1/Secret+Key0123456789abcdefghijklmnop",
            "IQoJb3JpZ2luX2VjEReal/Session+Token0123456789abcdefghijklmnopqrstuvwxyz==");
    private final AtomicInteger calls = new AtomicInteger();
    private final SigV4Swap swap = new SigV4Swap(placeholder, () -> {
        calls.incrementAndGet();
        return real;
    });

    private static AwsKeys withoutToken(AwsKeys keys) {
        return AwsKeys.of(keys.accessKeyId(), keys.secretAccessKey());
    }

    private static SdkHttpRequest stsPost() {
        return request("POST", "sts.amazonaws.com", "/", Map.of("Content-Type", FORM));
    }

    /** An STS call signed with {@code keys}, as the proxy holds it (body read). */
    private static TestRequest sts(AwsKeys keys) {
        return toProxied(sign(stsPost(), STS_BODY, keys, "sts", DEFAULTS)).body(STS_BODY);
    }

    private void assertResignedLikeTheSdk(SdkHttpRequest unsigned, String body, String service,
            Consumer<SignRequest.Builder<AwsCredentialsIdentity>> settings) {
        TestRequest sent = toProxied(sign(unsigned, body, placeholder, service, settings));
        if (body != null) {
            sent.body(body); // as the proxy holds it once read
        }
        TestRequest expected = toProxied(sign(unsigned, body, real, service, settings));
        assertNotEquals(expected.dump(), sent.dump(), "positive control: the placeholder's request differs");

        assertTrue(swap.apply(sent));

        assertEquals(expected.dump(), sent.dump());
        String token = real.sessionToken().orElseThrow();
        assertTrue(sent.revealed.containsAll(List.of(real.secretAccessKey(), token,
                token.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D"))),
                "the real secret and session token (also percent-encoded) are recorded for masking");
        assertFalse(String.join(",", sent.headers("Authorization")).contains(placeholder.accessKeyId()));
        assertFalse(sent.dump().contains(placeholder.sessionToken().orElseThrow()));
    }

    @Test
    void stsFormPostResigned() {
        assertResignedLikeTheSdk(stsPost(), STS_BODY, "sts", DEFAULTS);
    }

    @Test
    void s3GetWithUnsignedPayloadResigned() {
        TestRequest sent = toProxied(sign(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, placeholder, "s3", S3));
        assertEquals(List.of("UNSIGNED-PAYLOAD"), sent.headers("x-amz-content-sha256"));
        assertFalse(swap.needsBody(sent));

        assertResignedLikeTheSdk(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, "s3", S3);
    }

    @Test
    void s3PresignedUrlResigned() {
        assertResignedLikeTheSdk(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, "s3", PRESIGNED_S3);
    }

    /** Another service: the SDK normalises the path and encodes it a second time. */
    @Test
    void doubleEncodedPathResigned() {
        SdkHttpRequest unsigned = request("GET", "abc123.execute-api.us-east-1.amazonaws.com",
                "/prod/items/a%20b/./c%2Fd?q=x%20y&a=1&a=0", Map.of("Accept", "application/json"));
        assertResignedLikeTheSdk(unsigned, "", "execute-api", DEFAULTS);
    }

    /** Real long-term keys: the placeholder's token leaves the request and the signature. */
    @Test
    void realKeysWithoutTokenDropIt() {
        AwsKeys longTerm = withoutToken(real);
        SigV4Swap toLongTerm = new SigV4Swap(placeholder, () -> longTerm);
        TestRequest header = sts(placeholder);
        TestRequest presigned = toProxied(sign(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, placeholder, "s3",
                PRESIGNED_S3));

        assertTrue(toLongTerm.apply(header));
        assertTrue(toLongTerm.apply(presigned));

        assertEquals(sts(longTerm).dump(), header.dump());
        assertEquals(toProxied(sign(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, longTerm, "s3", PRESIGNED_S3))
                .dump(), presigned.dump());
    }

    /** A client that sent no token (its placeholder had none): the real token is added and signed. */
    @Test
    void realTokenAddedWhenTheRequestHadNone() {
        AwsKeys bare = withoutToken(placeholder);
        TestRequest sent = sts(bare);
        assertTrue(sent.headers("X-Amz-Security-Token").isEmpty());

        assertTrue(new SigV4Swap(bare, () -> real).apply(sent));

        TestRequest expected = sts(real);
        assertEquals(expected.headers("Authorization"), sent.headers("Authorization"));
        assertEquals(List.of(real.sessionToken().orElseThrow()), sent.headers("X-Amz-Security-Token"));
    }

    /** The real keys are asked for on every swap, so refreshed keys sign the next request. */
    @Test
    void refreshedKeysUsedAtOnce() {
        AwsKeys first = Placeholders.aws();
        AwsKeys second = Placeholders.aws();
        AtomicInteger asked = new AtomicInteger();
        SigV4Swap refreshing = new SigV4Swap(placeholder, () -> asked.incrementAndGet() == 1 ? first : second);
        TestRequest one = sts(placeholder);
        TestRequest two = sts(placeholder);

        refreshing.apply(one);
        refreshing.apply(two);

        assertEquals(2, asked.get());
        assertEquals(sts(first).dump(), one.dump());
        assertEquals(sts(second).dump(), two.dump());
    }

    @Test
    void requestChangedAfterSigningRefused() {
        TestRequest sent = sts(placeholder);
        sent.setHeader("Content-Type", "application/json");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(sent));

        assertEquals(0, calls.get(), "the real keys are not even fetched");
        assertTrue(refused.getMessage().contains("does not match its placeholder key"), refused.getMessage());
    }

    @Test
    void presignedUrlChangedAfterSigningRefused() {
        TestRequest sent = toProxied(sign(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, placeholder, "s3",
                PRESIGNED_S3));
        sent.target(sent.target().replace("X-Amz-Expires=600", "X-Amz-Expires=604800"));

        assertThrows(SwapRefusedException.class, () -> swap.apply(sent));
    }

    @Test
    void otherKeysLeftUntouched() {
        TestRequest header = sts(Placeholders.aws());
        TestRequest presigned = toProxied(sign(request("GET", BUCKET_HOST, OBJECT, Map.of()), null, Placeholders.aws(),
                "s3", PRESIGNED_S3));
        TestRequest unsigned = new TestRequest("sts.amazonaws.com", "GET", "/").with("Host", "sts.amazonaws.com");
        String[] before = {header.dump(), presigned.dump(), unsigned.dump()};

        assertFalse(swap.needsBody(header));
        assertFalse(swap.apply(header));
        assertFalse(swap.apply(presigned));
        assertFalse(swap.apply(unsigned));

        assertEquals(before[0], header.dump());
        assertEquals(before[1], presigned.dump());
        assertEquals(before[2], unsigned.dump());
        assertEquals(0, calls.get());
    }

    /**
     * A hostile command asks, through the proxy, for real keys of its own: sts:AssumeRole and the
     * like are refused in every place AWS's protocols put the action, and the real keys are not
     * even fetched. GetCallerIdentity ({@link #stsFormPostResigned}) is the positive control.
     */
    @Test
    void callsThatMintCredentialsRefused() {
        String role = "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin&RoleSessionName=x";
        SdkHttpRequest jsonProtocol = request("POST", "sts.amazonaws.com", "/", Map.of("Content-Type",
                "application/x-amz-json-1.0", "X-Amz-Target", "AWSSecurityTokenServiceV20110615.AssumeRole"));
        List<TestRequest> attempts = List.of(
                toProxied(sign(stsPost(), "Action=AssumeRole&Version=2011-06-15" + role, placeholder, "sts", DEFAULTS))
                        .body("Action=AssumeRole&Version=2011-06-15" + role),
                toProxied(sign(stsPost(), "Action=GetCallerIdentity&Action=AssumeRole" + role, placeholder, "sts",
                        DEFAULTS)).body("Action=GetCallerIdentity&Action=AssumeRole" + role),
                toProxied(sign(request("GET", "sts.us-east-1.amazonaws.com",
                        "/?Action=GetSessionToken&Version=2011-06-15", Map.of()), "", placeholder, "sts", DEFAULTS))
                        .body(""),
                toProxied(sign(jsonProtocol, "{}", placeholder, "sts", DEFAULTS)).body("{}"),
                toProxied(sign(request("POST", "iam.amazonaws.com", "/", Map.of("Content-Type", FORM)),
                        "Action=CreateAccessKey&UserName=admin&Version=2010-05-08", placeholder, "iam", DEFAULTS))
                        .body("Action=CreateAccessKey&UserName=admin&Version=2010-05-08"));

        for (TestRequest attempt : attempts) {
            assertTrue(swap.needsBody(attempt), "the action may be in the body: " + attempt.dump());
            SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(attempt),
                    attempt.dump());
            assertTrue(refused.getMessage().contains("real AWS credentials of its own"), refused.getMessage());
        }
        assertEquals(0, calls.get());
    }

    @Test
    void stsBodyNotReadRefused() {
        TestRequest sent = toProxied(sign(stsPost(), STS_BODY, placeholder, "sts", DEFAULTS));
        assertTrue(swap.needsBody(sent), "STS requests carry their action in the body");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(sent));

        assertTrue(refused.getMessage().contains("cannot tell whether it asks for new credentials"), refused.getMessage());
    }

    /** The placeholder key id as a parameter (iam GetAccessKeyLastUsed) is no signature. */
    @Test
    void placeholderKeyIdAsAParameterIsNoSignature() {
        SdkHttpRequest lookup = request("GET", "iam.amazonaws.com",
                "/?Action=GetAccessKeyLastUsed&Version=2010-05-08&AccessKeyId=" + placeholder.accessKeyId(), Map.of());
        TestRequest other = toProxied(sign(lookup, "", Placeholders.aws(), "iam", DEFAULTS));
        String before = other.dump();

        assertFalse(swap.apply(other));
        assertEquals(before, other.dump());
        assertResignedLikeTheSdk(lookup, "", "iam", DEFAULTS);
    }

    /** Chunk-signed uploads: each chunk's signature chains from the request's; refused with advice. */
    @Test
    void chunkSignedUploadRefused() {
        SdkHttpRequest put = request("PUT", BUCKET_HOST, "/upload.bin?x-id=PutObject", Map.of("Content-Length", "5"));
        TestRequest sent = toProxied(sign(put, "hello", placeholder, "s3", r -> r
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)));
        assertEquals(List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), sent.headers("x-amz-content-sha256"));
        assertFalse(swap.needsBody(sent));

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(sent));

        assertEquals(SigV4Swap.CHUNK_SIGNED_REFUSAL, refused.getMessage());
        assertTrue(refused.getMessage().contains("chunkedEncodingEnabled(false)"));
    }

    /** Unsigned streaming with a trailer signs only the headers: re-signed like any other. */
    @Test
    void unsignedStreamingWithTrailerResigned() {
        SdkHttpRequest put = request("PUT", BUCKET_HOST, "/upload.bin?x-id=PutObject", Map.of("Content-Length", "5"));
        Consumer<SignRequest.Builder<AwsCredentialsIdentity>> trailer = S3.andThen(r -> r
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));
        TestRequest sent = toProxied(sign(put, "hello", placeholder, "s3", trailer));
        assertEquals(List.of("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), sent.headers("x-amz-content-sha256"));

        assertTrue(swap.apply(sent));

        assertEquals(toProxied(sign(put, "hello", real, "s3", trailer)).dump(), sent.dump());
    }

    /**
     * A real signature stays bound to the server it goes to: the sandbox cannot have a request for
     * one AWS host re-signed while it is sent to another name the proxy serves (which could be a
     * server the attacker runs, like an API Gateway endpoint).
     */
    @Test
    void hostFieldNotTheServerRefused() {
        TestRequest sent = sts(placeholder);
        TestRequest elsewhere = sent.sentTo("attacker.execute-api.us-east-1.amazonaws.com");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(elsewhere));

        assertTrue(refused.getMessage().contains("does not name the server"), refused.getMessage());
        assertTrue(swap.apply(sent), "positive control: sent to the server it names, it is re-signed");
    }

    @Test
    void otherSessionTokenRefused() {
        AwsKeys sameKeyOtherToken = AwsKeys.of(placeholder.accessKeyId(), placeholder.secretAccessKey(), "other-token");
        TestRequest sent = sts(sameKeyOtherToken);

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(sent));

        assertTrue(refused.getMessage().contains("session token"), refused.getMessage());
    }

    @Test
    void signatureVersion2AndSigV4aRefused() {
        TestRequest v2 = new TestRequest(BUCKET_HOST, "GET", "/key").with("Host", BUCKET_HOST)
                .with("Authorization", "AWS " + placeholder.accessKeyId() + ":frJIUN8DYpKDtOLCwo//yllqDzg=");
        TestRequest v2Query = new TestRequest(BUCKET_HOST, "GET", "/key?AWSAccessKeyId=" + placeholder.accessKeyId()
                + "&Expires=1700000000&Signature=abc").with("Host", BUCKET_HOST);
        TestRequest v4a = new TestRequest(BUCKET_HOST, "GET", "/key").with("Host", BUCKET_HOST)
                .with("Authorization", "AWS4-ECDSA-P256-SHA256 Credential=" + placeholder.accessKeyId()
                        + "/20261203/s3/aws4_request, SignedHeaders=host, Signature=3045022100ab");

        assertTrue(assertThrows(SwapRefusedException.class, () -> swap.apply(v2)).getMessage().contains("Version 2"));
        assertTrue(assertThrows(SwapRefusedException.class, () -> swap.apply(v2Query)).getMessage().contains("Version 2"));
        assertTrue(assertThrows(SwapRefusedException.class, () -> swap.apply(v4a)).getMessage().contains("SigV4a"));
    }

    @Test
    void bodyNeededButNotReadRefused() {
        TestRequest sent = toProxied(sign(stsPost(), STS_BODY, placeholder, "sts", DEFAULTS));
        sent.removeHeader("x-amz-content-sha256");
        assertTrue(swap.needsBody(sent));

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap.apply(sent));

        assertTrue(refused.getMessage().contains("body was not read"), refused.getMessage());
    }

    @Test
    void realKeysUnavailableRefused() {
        SigV4Swap failing = new SigV4Swap(placeholder, () -> {
            throw new IllegalStateException("STS said: ExpiredToken");
        });
        SigV4Swap none = new SigV4Swap(placeholder, () -> null);
        TestRequest sent = sts(placeholder);
        String before = sent.dump();

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> failing.apply(sent));
        assertThrows(SwapRefusedException.class, () -> none.apply(sent));

        assertTrue(refused.getMessage().contains("ExpiredToken"), refused.getMessage());
        assertEquals(before, sent.dump(), "a refused request is not half changed");
    }
}
