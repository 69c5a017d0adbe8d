package dev.mino.proxy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The AWS SDK for Java 2.x's own SigV4 signer, as an independent check of SigV4Swap: a client in
 * the sandbox signs with it (placeholder keys), and the expected result is what it gives for the
 * real keys at the same instant.
 */
final class SdkSigning {
    /** The instant every test signs at. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);

    private SdkSigning() {
    }

    /** An unsigned request to {@code https://host/pathAndQuery}, with these header fields. */
    static SdkHttpRequest request(String method, String host, String pathAndQuery, Map<String, String> headers) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("https://" + host + pathAndQuery));
        headers.forEach(builder::putHeader);
        return builder.build();
    }

    /** {@code request} signed with {@code keys} for {@code service} in us-east-1, with more signer settings. */
    static SdkHttpRequest sign(SdkHttpRequest request, String body, AwsKeys keys, String service,
            Consumer<SignRequest.Builder<AwsCredentialsIdentity>> settings) {
        AwsCredentialsIdentity identity = keys.sessionToken().isPresent()
                ? AwsSessionCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken().get())
                : AwsCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey());
        return AwsV4HttpSigner.create().sign(r -> {
            r.request(request).identity(identity)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK);
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            settings.accept(r);
        }).request();
    }

    /** The signed request as the proxy receives it from the sandbox. */
    static TestRequest toProxied(SdkHttpRequest signed) {
        URI uri = signed.getUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        TestRequest request = new TestRequest(signed.host(), signed.method().name(), target);
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            request.with("Host", signed.host());
        }
        for (Map.Entry<String, List<String>> field : signed.headers().entrySet()) {
            for (String value : field.getValue()) {
                request.with(field.getKey(), value);
            }
        }
        return request;
    }
}
