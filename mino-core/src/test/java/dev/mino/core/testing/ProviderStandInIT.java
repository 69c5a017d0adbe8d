package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.PodmanClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The provider stand-in the credential proxy's tests talk to does what they rely on, seen from a
 * plain container on the testbed's network (no proxy, no policy): its names resolve through the
 * testbed's DNS on both families, TLS works with its certificate and only with it, {@code /echo}
 * shows what arrived, its git server serves a clone for the real token only, and its SigV4 check
 * accepts what the AWS SDK's own signer (and curl's) signs with the real keys and nothing else.
 */
@RequiresPodman
@Timeout(300)
class ProviderStandInIT {
    private static final String REAL_TOKEN = "ghs_realTokenOfTheStandIn0123456789";
    private static final ProviderStandIn.AwsKeys REAL_AWS = new ProviderStandIn.AwsKeys("AKIAREALSTANDIN00001",
        "realSecretOfTheStandIn/0123456789abcdefgh", "realSessionToken+Of/The=StandIn");
    private static final String CA_FILE = "/tmp/stand-in.pem";
    private static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private static PodmanClient podman;
    private static EgressTestbed testbed;
    private static ProviderStandIn standIn;
    private static String client;

    @BeforeAll
    static void start() {
        podman = TestPodman.newClient();
        testbed = EgressTestbed.start(podman, "standin");
        standIn = ProviderStandIn.start(testbed, "provider", REAL_TOKEN, REAL_AWS);
        client = testbed.network().start("client", TestPodman.DEBIAN_IMAGE, List.of("sleep", "600")).id();
        // The client resolves through the testbed's DNS, as a sandbox behind the guard would.
        exec("sh", "-c", "echo nameserver " + testbed.upstream().ipv4() + " > /etc/resolv.conf && printf '%s' \"$1\" > "
            + CA_FILE, "sh", standIn.certificatePem());
    }

    @AfterAll
    static void stop() {
        try {
            if (testbed != null) {
                testbed.close();
            }
        } finally {
            podman.close();
        }
    }

    private static TestNetwork.Output exec(String... command) {
        return testbed.network().exec(client, List.of(command));
    }

    /** An HTTP answer seen by curl in the client. */
    private record Answer(int status, String body) {
    }

    /** curl with the stand-in's certificate as the only trust anchor; fails when curl itself fails. */
    private static Answer curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert", CA_FILE,
            "-w", "\nstatus=%{http_code}"));
        command.addAll(List.of(args));
        TestNetwork.Output out = exec(command.toArray(String[]::new));
        assertEquals(0, out.exitCode(), "curl " + List.of(args) + ": " + out);
        int at = out.stdout().lastIndexOf("\nstatus=");
        return new Answer(Integer.parseInt(out.stdout().substring(at + 8).strip()), out.stdout().substring(0, at));
    }

    @Test
    void itsNamesResolveThroughTheTestbedsDnsOnBothFamilies() {
        for (String name : ProviderStandIn.NAMES) {
            assertEquals("rcode=0 " + standIn.ipv4(),
                EgressProbe.run(testbed.network(), client, "dns", "udp", testbed.upstream().ipv4(), name, "A"));
            assertEquals("rcode=0 " + standIn.ipv6(),
                EgressProbe.run(testbed.network(), client, "dns", "udp", testbed.upstream().ipv4(), name, "AAAA"));
        }
    }

    @Test
    void tlsWorksWithItsCertificateForEachNameAndFailsWithoutIt() throws CertificateParsingException {
        for (String name : ProviderStandIn.NAMES) {
            for (String family : List.of("-4", "-6")) {
                assertEquals(200, curl(family, standIn.url(name, "/echo")).status(), name + " " + family);
            }
        }
        TestNetwork.Output untrusted = exec("curl", "-sS", "--max-time", "20", standIn.url(ProviderStandIn.GITHUB,
            "/echo"));
        assertEquals(60, untrusted.exitCode(), "curl without the certificate must refuse the peer: " + untrusted);
        List<String> sans = standIn.certificate().getSubjectAlternativeNames().stream()
            .map(entry -> (String) entry.get(1)).toList();
        assertEquals(ProviderStandIn.NAMES, sans);
    }

    /** What the proxy does upstream: Java's TLS with the certificate as trust anchor, SNI and host name check. */
    @Test
    void javasTlsAcceptsItsCertificateForItsNamesOnly() throws Exception {
        String keyPem = testbed.network().exec(standIn.container().id(), List.of("cat", "/srv/tls/key.pem")).stdout();
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
            Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""))));
        char[] password = "changeit".toCharArray();
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("stand-in", key, password, new Certificate[] {standIn.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("stand-in", standIn.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);
        try (ServerSocket listener = serverContext.getServerSocketFactory().createServerSocket(0, 10,
            InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                        accepted.startHandshake();
                    } catch (IOException e) {
                        // the client refused the peer, or the listener closed
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            for (String name : ProviderStandIn.NAMES) {
                handshake(clientContext, listener.getLocalPort(), name);
            }
            SSLHandshakeException otherName = assertThrows(SSLHandshakeException.class,
                () -> handshake(clientContext, listener.getLocalPort(), EgressTestbed.SECRET));
            assertTrue(otherName.getMessage().contains(EgressTestbed.SECRET), otherName.toString());
            SSLHandshakeException defaultTrust = assertThrows(SSLHandshakeException.class,
                () -> handshake(SSLContext.getDefault(), listener.getLocalPort(), ProviderStandIn.GITHUB));
            assertTrue(defaultTrust.getMessage().contains("PKIX"), defaultTrust.toString());
        }
    }

    /** A TLS client layered on a plain connection, as the proxy layers it on its upstream. */
    private static void handshake(SSLContext context, int port, String name) throws IOException {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
             SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, name, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    @Test
    void echoShowsTheRequestAsItArrived() {
        Answer answer = curl("-H", "Authorization: Bearer real-or-placeholder", "-H", "X-Custom: one",
            "-H", "X-Custom: two", "--data-binary", "hello body", standIn.url(ProviderStandIn.GITHUB, "/echo/a?b=c"));
        assertEquals(200, answer.status());
        ProviderStandIn.Echo echo = ProviderStandIn.Echo.parse(answer.body());
        assertEquals("POST", echo.method());
        assertEquals("/echo/a?b=c", echo.target());
        assertEquals("Bearer real-or-placeholder", echo.header("authorization").orElseThrow());
        assertEquals(List.of("one", "two"), echo.values("X-Custom"));
        assertEquals(ProviderStandIn.GITHUB + ":" + ProviderStandIn.PORT, echo.header("Host").orElseThrow());
        assertEquals(ProviderStandIn.sha256("hello body"), echo.bodySha256());
        assertTrue(standIn.requestsSeen().contains(new ProviderStandIn.Request("POST",
            ProviderStandIn.GITHUB + ":" + ProviderStandIn.PORT, "/echo/a?b=c", "Bearer",
            ProviderStandIn.sha256("Bearer real-or-placeholder"))), standIn.log());
        assertFalse(standIn.log().contains("real-or-placeholder"), "the log shows the scheme only");
        assertEquals(200, curl("-H", "Authorization: token\tsecret-after-a-tab", standIn.url(ProviderStandIn.GITHUB,
            "/echo/tab")).status());
        assertTrue(standIn.requestsSeen().contains(new ProviderStandIn.Request("GET",
            ProviderStandIn.GITHUB + ":" + ProviderStandIn.PORT, "/echo/tab", "token",
            ProviderStandIn.sha256("token\tsecret-after-a-tab"))), standIn.log());
        assertFalse(standIn.log().contains("secret-after-a-tab"), standIn.log());
    }

    @Test
    void oneConnectionCarriesSeveralRequests() {
        TestNetwork.Output two = exec("curl", "-sS", "-v", "--cacert", CA_FILE, standIn.url(ProviderStandIn.OTHER,
            "/echo/first"), standIn.url(ProviderStandIn.OTHER, "/echo/second"));
        assertEquals(0, two.exitCode(), two.toString());
        assertTrue(two.stdout().contains("path: /echo/first\n") && two.stdout().contains("path: /echo/second\n"),
            two.stdout());
        assertTrue(two.stderr().contains("Re-using existing connection"), two.stderr());
        assertTrue(standIn.requestsSeen().contains(new ProviderStandIn.Request("GET",
            ProviderStandIn.OTHER + ":" + ProviderStandIn.PORT, "/echo/second", "-", "-")), standIn.log());
    }

    private static TestNetwork.Output cloneWith(String token, String into) {
        return exec("env", "GIT_SSL_CAINFO=" + CA_FILE, "GIT_TERMINAL_PROMPT=0", "git", "clone", "--quiet",
            standIn.cloneUrl(ProviderStandIn.GIT, "x-access-token", token), into);
    }

    @Test
    void gitClonesWithTheRealTokenOnly() {
        TestNetwork.Output real = cloneWith(REAL_TOKEN, "/tmp/clone-real");
        assertEquals(0, real.exitCode(), real.toString());
        assertEquals(standIn.readme(), exec("cat", "/tmp/clone-real/README").stdout());

        TestNetwork.Output wrong = cloneWith("ghs_placeholderNotTheRealToken000000", "/tmp/clone-wrong");
        assertNotEquals(0, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.stderr().contains("Authentication failed"), wrong.toString());
        assertNotEquals(0, exec("test", "-e", "/tmp/clone-wrong/README").exitCode());

        Answer anonymous = curl("-i", standIn.url(ProviderStandIn.GIT, ProviderStandIn.REPOSITORY_PATH + "/HEAD"));
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.body().contains("WWW-Authenticate: Basic realm=\"git\""), anonymous.body());
        assertTrue(standIn.requestsSeen().stream().anyMatch(r -> r.target().startsWith(ProviderStandIn.REPOSITORY_PATH)
            && r.authorizationScheme().equals("Basic")), standIn.log());
    }

    @Test
    void aNewRealTokenReplacesTheOldOne() {
        String rotated = "ghs_rotatedTokenOfTheStandIn000000";
        standIn.realToken(rotated);
        try {
            assertEquals(0, cloneWith(rotated, "/tmp/clone-rotated").exitCode());
            assertNotEquals(0, cloneWith(REAL_TOKEN, "/tmp/clone-old").exitCode());
        } finally {
            standIn.realToken(REAL_TOKEN);
        }
        assertEquals(REAL_TOKEN, standIn.realToken());
    }

    /** Signs with the AWS SDK's own SigV4 signer, as an AWS client would. */
    private static SdkHttpRequest sign(ProviderStandIn.AwsKeys keys, SdkHttpMethod method, String path,
                                       Map<String, String> query, String body) {
        return sign(keys, "sts", method, path, query, body);
    }

    private static SdkHttpRequest sign(ProviderStandIn.AwsKeys keys, String service, SdkHttpMethod method,
                                       String path, Map<String, String> query, String body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).protocol("https")
            .host(ProviderStandIn.STS).port(ProviderStandIn.PORT).encodedPath(path);
        query.forEach(request::putRawQueryParameter);
        if (body != null) {
            request.putHeader("Content-Type", FORM);
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(request.build())
            .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
            .identity(AwsSessionCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey(),
                keys.sessionToken()))
            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
            // As the SDK's S3 client signs: the path as sent, and the payload's hash in a header.
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !service.equals("s3"))
            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        return signed.request();
    }

    /** Sends a signed request with curl, its signed headers as they are; to another path if given. */
    private static Answer send(SdkHttpRequest signed, String otherPath, String body) {
        List<String> args = new ArrayList<>(List.of("-X", signed.method().name()));
        signed.headers().forEach((name, values) -> values.forEach(v -> args.addAll(List.of("-H", name + ": " + v))));
        if (body != null) {
            args.addAll(List.of("--data-binary", body));
        }
        String url = signed.getUri().toString();
        args.add(otherPath == null ? url : url.replace(signed.encodedPath(), otherPath));
        return curl(args.toArray(String[]::new));
    }

    @Test
    void sigV4SignedByTheSdkWithTheRealKeysIsAcceptedAndNothingElse() {
        SdkHttpRequest sts = sign(REAL_AWS, SdkHttpMethod.POST, "/", Map.of(), STS_BODY);
        assertEquals(new Answer(200, "signature ok " + REAL_AWS.accessKeyId() + "\n"), send(sts, null, STS_BODY));

        SdkHttpRequest get = sign(REAL_AWS, SdkHttpMethod.GET, "/aws/some%20bucket/key.txt",
            Map.of("list-type", "2", "prefix", "a b/c"), null);
        assertEquals(200, send(get, null, null).status(), "a path and query that need encoding");

        SdkHttpRequest put = sign(REAL_AWS, "s3", SdkHttpMethod.PUT, "/aws/bucket/a%20key", Map.of(), "object");
        assertEquals(200, send(put, null, "object").status(), "S3's single encoding, signed payload: " + put.headers());
        assertEquals(List.of(ProviderStandIn.sha256("object")), put.headers().get("x-amz-content-sha256"));
        Answer tamperedObject = send(put, null, "tampered");
        assertEquals(403, tamperedObject.status());
        assertTrue(tamperedObject.body().contains("x-amz-content-sha256 is not the hash of the body"),
            tamperedObject.body());

        Answer tamperedBody = send(sts, null, STS_BODY + "&Extra=1");
        assertEquals(403, tamperedBody.status());
        assertTrue(tamperedBody.body().startsWith("SignatureDoesNotMatch"), tamperedBody.body());
        Answer tamperedPath = send(get, "/aws/other%20bucket/key.txt", null);
        assertEquals(403, tamperedPath.status());
        assertTrue(tamperedPath.body().contains("signature differs"), tamperedPath.body());

        ProviderStandIn.AwsKeys otherSecret = new ProviderStandIn.AwsKeys(REAL_AWS.accessKeyId(), "placeholderSecret0",
            REAL_AWS.sessionToken());
        assertEquals(403, send(sign(otherSecret, SdkHttpMethod.POST, "/", Map.of(), STS_BODY), null, STS_BODY).status());
        ProviderStandIn.AwsKeys otherKeys = new ProviderStandIn.AwsKeys("AKIAPLACEHOLDER00001", "placeholderSecret0",
            "placeholderSession");
        Answer placeholder = send(sign(otherKeys, SdkHttpMethod.POST, "/", Map.of(), STS_BODY), null, STS_BODY);
        assertEquals(403, placeholder.status());
        assertTrue(placeholder.body().contains("unknown access key id AKIAPLACEHOLDER00001"), placeholder.body());
        ProviderStandIn.AwsKeys otherSession = new ProviderStandIn.AwsKeys(REAL_AWS.accessKeyId(),
            REAL_AWS.secretAccessKey(), "placeholderSession");
        Answer session = send(sign(otherSession, SdkHttpMethod.POST, "/", Map.of(), STS_BODY), null, STS_BODY);
        assertEquals(403, session.status());
        assertTrue(session.body().contains("X-Amz-Security-Token"), session.body());
        assertTrue(standIn.requestsSeen().stream().anyMatch(r -> r.method().equals("POST") && r.target().equals("/")
            && r.authorizationScheme().equals("AWS4-HMAC-SHA256")), standIn.log());
    }

    @Test
    void sigV4SignedByCurlWithTheRealKeysIsAccepted() {
        List<String> common = List.of("--aws-sigv4", "aws:amz:us-east-1:sts", "--data-binary", STS_BODY,
            "-H", "X-Amz-Security-Token: " + REAL_AWS.sessionToken(), standIn.url(ProviderStandIn.STS, "/"));
        List<String> real = new ArrayList<>(List.of("--user", REAL_AWS.accessKeyId() + ":" + REAL_AWS.secretAccessKey()));
        real.addAll(common);
        assertEquals(new Answer(200, "signature ok " + REAL_AWS.accessKeyId() + "\n"), curl(real.toArray(String[]::new)));
        List<String> wrong = new ArrayList<>(List.of("--user", REAL_AWS.accessKeyId() + ":placeholderSecret0"));
        wrong.addAll(common);
        assertEquals(403, curl(wrong.toArray(String[]::new)).status());
    }
}
