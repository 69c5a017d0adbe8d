package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.MinoEvent;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.state.AuditLog;
import dev.mino.core.testing.ProviderStandIn;
import dev.mino.core.testing.RequiresPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credential placeholders end to end, against a real rootless Podman and HTTPS stand-ins for the
 * providers on the egress testbed: the sandbox holds placeholders only (its environment, files,
 * processes and {@code podman inspect} hold no real value), mino's proxy puts the real token into
 * requests to the provider's hosts only, re-signs AWS requests so that a stand-in checking SigV4
 * against the real key accepts them, serves {@code git clone} over HTTPS, refreshes an expired
 * token without a restart, and reports each swap. Every "no" has its "yes" beside it.
 *
 * <p>Arrival of a real credential is proven from the stand-in's log (the SHA-256 of the
 * Authorization header it received), never by the sandbox reading it: a provider's echo is masked
 * by the proxy before the sandbox gets it, and after the class, nothing any command in any sandbox
 * printed holds a real value.
 */
@RequiresPodman
class CredentialPlaceholdersIT extends EgressTestBase {
    private static final String REAL_TOKEN = "ghp_REALstandin0123456789abcdefghijklmn";
    private static final ProviderStandIn.AwsKeys REAL_AWS = new ProviderStandIn.AwsKeys("AKIAREALSTANDIN00042",
        "realSecretKeyOfTheStandIn0123456789abcde", "realSessionTokenOfTheStandIn0123456789");
    private static final int PORT = ProviderStandIn.PORT;

    private ProviderStandIn standIn;
    private Path standInCertificate;
    private final List<MinoEvent> events = Collections.synchronizedList(new ArrayList<>());
    /** Everything the sandboxes of this class printed: the sandbox's view. */
    private final List<String> sandboxView = Collections.synchronizedList(new ArrayList<>());
    /** Every real secret a sandbox of this class was served by the proxy. */
    private final Set<String> realSecrets = Collections.synchronizedSet(new LinkedHashSet<>(
        List.of(REAL_TOKEN, REAL_AWS.secretAccessKey(), REAL_AWS.sessionToken())));

    CredentialPlaceholdersIT() {
        super("mino-it-placeholders");
    }

    @BeforeAll
    void startStandIn() throws IOException {
        standIn = ProviderStandIn.start(bed, "mino-it-placeholders-p", REAL_TOKEN, REAL_AWS);
        standInCertificate = Files.createTempFile("stand-in", ".pem");
        Files.writeString(standInCertificate, standIn.certificatePem());
    }

    @AfterAll
    void stopStandIn() throws IOException {
        if (standIn != null) {
            standIn.close();
        }
        Files.deleteIfExists(standInCertificate);
    }

    /**
     * The sandbox never held a real secret, although servers echoed every request (the control:
     * it did read those echoes, masked).
     */
    @AfterAll
    void theSandboxNeverSawARealSecret() {
        String view = String.join("\n", sandboxView);
        if (view.contains("body-sha256: ")) {
            // Had an echo been read (all of the class ran, or one of its echo tests), it shows a mask.
            assertTrue(java.util.regex.Pattern.compile("(?m)^Authorization: (Bearer|token) x{20,}$").matcher(view).find(),
                "the sandbox read a masked echo");
        }
        for (String secret : realSecrets) {
            assertFalse(view.contains(secret), "a real secret reached the sandbox");
        }
    }

    @BeforeEach
    void clearEvents() {
        events.clear();
        standIn.realToken(REAL_TOKEN);
    }

    @Override
    SandboxListener listener() {
        return new SandboxListener() {
            @Override
            public void onEvent(MinoEvent event) {
                events.add(event);
            }
        };
    }

    /** An allowlisted sandbox whose GitHub and AWS credentials are placeholders, served by the stand-in. */
    private SandboxBuilder withPlaceholders(CredentialProvider... providers) {
        return guarded(rule(ProviderStandIn.GITHUB, PORT), rule(ProviderStandIn.OTHER, PORT),
                rule(ProviderStandIn.STS, PORT), rule(ProviderStandIn.GIT, PORT))
            .credentials(providers)
            .credentialPlaceholders(true)
            .credentialPlaceholderHosts("github", List.of(ProviderStandIn.GITHUB + ":" + PORT,
                ProviderStandIn.GIT + ":" + PORT))
            .credentialPlaceholderHosts("aws", List.of(ProviderStandIn.STS + ":" + PORT))
            .credentialProxyCertificates(standInCertificate);
    }

    private static CredentialProvider github(String token) {
        return new StaticProvider("github", Map.of("GITHUB_TOKEN", token, "GH_TOKEN", token),
            Instant.now().plusSeconds(3600));
    }

    private static CredentialProvider aws() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("AWS_ACCESS_KEY_ID", REAL_AWS.accessKeyId());
        secrets.put("AWS_SECRET_ACCESS_KEY", REAL_AWS.secretAccessKey());
        secrets.put("AWS_SESSION_TOKEN", REAL_AWS.sessionToken());
        return new StaticProvider("aws", secrets, Instant.now().plusSeconds(3600));
    }

    private ExecResult sh(Sandbox sandbox, String script) {
        return seen(sandbox.exec("sh", "-c", script));
    }

    /** Keeps what a command in the sandbox printed, for {@link #theSandboxNeverSawARealSecret}. */
    private ExecResult seen(ExecResult result) {
        sandboxView.add(result.stdout());
        sandboxView.add(result.stderr());
        return result;
    }

    /** How many requests with exactly this Authorization value reached {@code name}'s {@code target}. */
    private long arrivals(String name, String target, String authorization) {
        String hash = ProviderStandIn.sha256(authorization);
        return standIn.requestsSeen().stream().filter(r -> r.host().equals(name + ":" + PORT)
            && r.target().equals(target) && r.authorizationSha256().equals(hash)).count();
    }

    private static String masked(String scheme, String secret) {
        return scheme + " " + "x".repeat(secret.length());
    }

    private String echo(Sandbox sandbox, String name, String curlOptions) {
        ExecResult result = sh(sandbox, "curl -sS --max-time 20 " + curlOptions + " " + standIn.url(name, "/echo"));
        assertEquals(0, result.exitCode(), "curl to " + name + ": " + result.stderr());
        return result.stdout();
    }

    @Test
    void theSandboxHoldsOnlyPlaceholders() {
        try (Sandbox sandbox = withPlaceholders(github(REAL_TOKEN), aws()).start()) {
            String token = sh(sandbox, "printf %s \"$GITHUB_TOKEN\"").stdout();
            assertTrue(token.startsWith("ghp_") && token.length() >= 40, "a token of GitHub's shape: " + token);
            assertNotEquals(REAL_TOKEN, token);
            String key = sh(sandbox, "printf %s \"$AWS_ACCESS_KEY_ID\"").stdout();
            assertTrue(key.matches("ASIA[A-Z2-7]{16}"), key);
            // Everything a process inside can read: the environment and command line of every
            // process, every file (the secret mounts and the trust files among them). The value
            // searched for comes in two halves and is joined only in a pipe, so that the search's
            // own command lines do not hold it. The same search finds the placeholder, so a search
            // that finds nothing proves something.
            String search = "p() { printf '%s%s\\n' \"$1\" \"$2\"; };"
                + " p \"$1\" \"$2\" | grep -a -l -F -f /dev/stdin /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null;"
                + " p \"$1\" \"$2\" | grep -r -a -l -s -F -f /dev/stdin / --exclude-dir=proc --exclude-dir=sys"
                + " --exclude-dir=dev | head -5; true";
            for (String real : List.of(REAL_TOKEN, REAL_AWS.secretAccessKey(), REAL_AWS.sessionToken(),
                    REAL_AWS.accessKeyId())) {
                int half = real.length() / 2;
                ExecResult found = sandbox.exec("sh", "-c", search, "search", real.substring(0, half),
                    real.substring(half));
                assertEquals("", found.stdout().strip(), "a real value is visible inside, in: " + found.stdout());
            }
            ExecResult control = sandbox.exec("sh", "-c", search, "search", token.substring(0, 10), token.substring(10));
            assertTrue(control.stdout().contains("/environ"), "the placeholder is in processes' environment: "
                + control.stdout());
            assertTrue(control.stdout().contains("/run/mino-secrets/GITHUB_TOKEN"), control.stdout());
            // The proxy's folder is the firewall's only.
            assertNotEquals(0, sh(sandbox, "ls /run/mino-proxy").exitCode());
            String inspect = podman.containers().inspect(sandbox.containerId()).orElseThrow().raw().toString();
            assertFalse(inspect.contains(REAL_TOKEN) || inspect.contains(REAL_AWS.secretAccessKey()));
            assertTrue(inspect.contains("SSL_CERT_FILE"), "the control: inspect shows the environment");
        }
    }

    @Test
    void theRealTokenGoesToTheProvidersHostsOnly() throws IOException {
        try (Sandbox sandbox = withPlaceholders(github(REAL_TOKEN)).start()) {
            String placeholder = sh(sandbox, "printf %s \"$GITHUB_TOKEN\"").stdout();
            long before = arrivals(ProviderStandIn.GITHUB, "/echo", "Bearer " + REAL_TOKEN);
            String atGitHub = echo(sandbox, ProviderStandIn.GITHUB, "-H \"Authorization: Bearer $GITHUB_TOKEN\"");
            assertEquals(before + 1, arrivals(ProviderStandIn.GITHUB, "/echo", "Bearer " + REAL_TOKEN),
                "the real token arrived at the provider: " + standIn.log());
            // What the sandbox reads of the provider's echo: the real token masked, not the placeholder.
            assertEquals(List.of(masked("Bearer", REAL_TOKEN)),
                ProviderStandIn.Echo.parse(atGitHub).values("Authorization"), atGitHub);
            assertFalse(atGitHub.contains(REAL_TOKEN));
            assertFalse(atGitHub.contains(placeholder));

            // The same placeholder to another allowed host (same address, same port): passed
            // through untouched, with the host's own certificate, which the sandbox does not trust.
            ExecResult untrusted = sh(sandbox, "curl -sS --max-time 20 -o /dev/null "
                + standIn.url(ProviderStandIn.OTHER, "/echo"));
            assertEquals(60, untrusted.exitCode(), "not decrypted by the proxy: " + untrusted.stderr());
            String elsewhere = echo(sandbox, ProviderStandIn.OTHER, "-k -H \"Authorization: Bearer $GITHUB_TOKEN\"");
            assertEquals(List.of("Bearer " + placeholder), ProviderStandIn.Echo.parse(elsewhere).values("Authorization"));
            assertFalse(elsewhere.contains(REAL_TOKEN));

            // At the provider's host, the placeholder anywhere but the Authorization field stays.
            String smuggled = sh(sandbox, "curl -sS --max-time 20 -H \"X-Token: $GITHUB_TOKEN\" "
                + standIn.url(ProviderStandIn.GITHUB, "/echo?t=") + "$GITHUB_TOKEN").stdout();
            assertFalse(smuggled.contains(REAL_TOKEN), smuggled);
            assertTrue(smuggled.contains("X-Token: " + placeholder), smuggled);

            List<MinoEvent.CredentialUsed> used = events.stream().filter(MinoEvent.CredentialUsed.class::isInstance)
                .map(MinoEvent.CredentialUsed.class::cast).toList();
            assertEquals(1, used.size(), "one swap, for the one request that carried it: " + used);
            assertEquals(List.of("github", ProviderStandIn.GITHUB, "GET", "/echo"), List.of(used.get(0).provider(),
                used.get(0).host(), used.get(0).method(), used.get(0).path()));
            assertFalse(events.toString().contains(REAL_TOKEN) || events.toString().contains(placeholder));
            assertAudited(auditLines(), AuditLog.CREDENTIALS_USED, Map.of("provider", "github", "host",
                ProviderStandIn.GITHUB, "method", "GET", "path", "/echo", "session_name", sandbox.sessionName()));
            String audit = auditLines().toString();
            assertFalse(audit.contains(REAL_TOKEN) || audit.contains(placeholder), "the audit log holds no value");
        }
    }

    @Test
    void programsInsideTrustMinosAuthorityAndTheImagesOwn() {
        try (Sandbox sandbox = withPlaceholders(github(REAL_TOKEN)).start()) {
            // OpenSSL's own variable, as Python's ssl module uses it: the proxy is trusted for the
            // provider's host, while the stand-in's own certificate (another host) is not.
            String python = "import socket, ssl, sys\n"
                + "ctx = ssl.create_default_context()\n"
                + "try:\n"
                + "    with socket.create_connection((sys.argv[1], " + PORT + "), timeout=20) as raw:\n"
                + "        with ctx.wrap_socket(raw, server_hostname=sys.argv[1]) as tls:\n"
                + "            print('trusted', tls.getpeercert()['issuer'])\n"
                + "except ssl.SSLCertVerificationError as e:\n"
                + "    print('untrusted', e.verify_message)\n";
            ExecResult provider = seen(sandbox.exec("python3", "-c", python, ProviderStandIn.GITHUB));
            assertTrue(provider.stdout().startsWith("trusted") && provider.stdout().contains("mino"),
                provider.stdout() + provider.stderr());
            ExecResult other = seen(sandbox.exec("python3", "-c", python, ProviderStandIn.OTHER));
            assertTrue(other.stdout().startsWith("untrusted"), other.stdout() + other.stderr());
            // The bundle keeps every authority of the image and adds mino's, last.
            ExecResult counts = sh(sandbox, "grep -c 'BEGIN CERTIFICATE' /etc/ssl/certs/ca-certificates.crt \"$SSL_CERT_FILE\";"
                + " tail -n 30 \"$SSL_CERT_FILE\" | grep -c 'BEGIN CERTIFICATE'; cmp -s \"$NODE_EXTRA_CA_CERTS\""
                + " /run/mino-trust/mino-ca.pem && echo same");
            List<String> lines = counts.stdout().lines().toList();
            int image = Integer.parseInt(lines.get(0).substring(lines.get(0).indexOf(':') + 1));
            int bundle = Integer.parseInt(lines.get(1).substring(lines.get(1).indexOf(':') + 1));
            assertTrue(image > 50, counts.stdout());
            assertEquals(image + 1, bundle, counts.stdout());
            assertEquals("same", lines.get(lines.size() - 1), counts.stdout());
            for (String variable : List.of("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO")) {
                assertEquals("/run/mino-trust/ca-bundle.pem", sh(sandbox, "printf %s \"$" + variable + "\"").stdout());
            }
            // Java's: a PKCS12 store with the JDK's authorities and mino's, named in JAVA_TOOL_OPTIONS.
            String options = sh(sandbox, "printf %s \"$JAVA_TOOL_OPTIONS\"").stdout();
            assertTrue(options.contains("-Djavax.net.ssl.trustStore=/run/mino-trust/java-trust.p12"), options);
            ExecResult store = sh(sandbox, "openssl pkcs12 -in /run/mino-trust/java-trust.p12 -passin pass:changeit"
                + " -nokeys 2>/dev/null | grep -c 'BEGIN CERTIFICATE';"
                + " openssl pkcs12 -in /run/mino-trust/java-trust.p12 -passin pass:changeit -nokeys 2>/dev/null"
                + " | grep -c 'subject=O = mino'");
            List<String> storeLines = store.stdout().lines().toList();
            assertTrue(Integer.parseInt(storeLines.get(0)) > 50, store.stdout() + store.stderr());
            assertEquals("1", storeLines.get(1), store.stdout());
        }
    }

    @Test
    void awsRequestsAreReSignedWithTheRealKey() {
        try (Sandbox sandbox = withPlaceholders(aws()).start()) {
            String call = "curl -sS --max-time 20 --aws-sigv4 aws:amz:us-east-1:sts --user "
                + "\"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" -H \"X-Amz-Security-Token: $AWS_SESSION_TOKEN\" "
                + "--data-binary 'Action=GetCallerIdentity&Version=2011-06-15' " + standIn.url(ProviderStandIn.STS, "/");
            ExecResult answer = sh(sandbox, call);
            assertEquals("signature ok " + REAL_AWS.accessKeyId(), answer.stdout().strip(), answer.stderr());
            // The control: the stand-in refuses what the sandbox signs when the proxy is not in
            // the way (its own placeholder keys, sent to a host no swap serves).
            ExecResult direct = sh(sandbox, call.replace(standIn.url(ProviderStandIn.STS, "/"),
                standIn.url(ProviderStandIn.OTHER, "/aws/")).replace("curl -sS", "curl -sS -k"));
            assertTrue(direct.stdout().startsWith("SignatureDoesNotMatch"), direct.stdout());
        }
    }

    @Test
    void gitClonesOverHttpsWithThePlaceholder() {
        try (Sandbox sandbox = withPlaceholders(github(REAL_TOKEN)).start()) {
            ExecResult clone = sh(sandbox, "cd /tmp && git clone -q "
                + standIn.cloneUrl(ProviderStandIn.GIT, "x-access-token", "$GITHUB_TOKEN") + " repo && cat repo/README");
            assertEquals(0, clone.exitCode(), clone.stderr());
            assertEquals(standIn.readme().strip(), clone.stdout().strip());
            // The control: a token the proxy does not know is sent as it is, and refused.
            ExecResult wrong = sh(sandbox, "cd /tmp && git clone -q "
                + standIn.cloneUrl(ProviderStandIn.GIT, "x-access-token", "ghp_notAPlaceholder0000000000000000000000")
                + " other");
            assertNotEquals(0, wrong.exitCode());
        }
    }

    @Test
    void anExpiredTokenIsRefreshedWithoutARestart() throws InterruptedException {
        RotatingProvider rotating = new RotatingProvider();
        try (Sandbox sandbox = withPlaceholders(rotating).start()) {
            String placeholder = sh(sandbox, "printf %s \"$GITHUB_TOKEN\"").stdout();
            realSecrets.add(rotating.token(1));
            realSecrets.add(rotating.token(2));
            String first = echo(sandbox, ProviderStandIn.GITHUB, "-H \"Authorization: token $GITHUB_TOKEN\"");
            assertEquals(1, arrivals(ProviderStandIn.GITHUB, "/echo", "token " + rotating.token(1)), standIn.log());
            assertEquals(List.of(masked("token", rotating.token(1))),
                ProviderStandIn.Echo.parse(first).values("Authorization"));
            // Issued to live 85 s, the first token is due for refresh 60 s before that (the margin):
            // 25 s for the start and the first request, however slow the machine, then a wait.
            long wait = java.time.Duration.between(Instant.now(), rotating.firstExpiry().minusSeconds(60)).toMillis();
            Thread.sleep(Math.max(0, wait) + 500);
            String second = echo(sandbox, ProviderStandIn.GITHUB, "-H \"Authorization: token $GITHUB_TOKEN\"");
            assertEquals(1, arrivals(ProviderStandIn.GITHUB, "/echo", "token " + rotating.token(2)),
                "the refreshed token arrived: " + standIn.log());
            assertEquals(List.of(masked("token", rotating.token(2))),
                ProviderStandIn.Echo.parse(second).values("Authorization"));
            assertEquals(placeholder, sh(sandbox, "printf %s \"$GITHUB_TOKEN\"").stdout(), "the sandbox kept its placeholder");
            assertTrue(rotating.issued() >= 2);
        }
    }

    /** A provider handing out fixed secrets. */
    private record StaticProvider(String name, Map<String, String> secrets, Instant expiry) implements CredentialProvider {
        @Override
        public String cacheKey() {
            return "placeholders-it|" + name + "|" + secrets.hashCode();
        }

        @Override
        public IssuedCredential issue() {
            return new IssuedCredential(name, secrets, Map.of(), expiry);
        }

        @Override
        public String toString() {
            return "StaticProvider[" + name + "]";
        }
    }

    /** GitHub tokens that live 85 s, a new one on each issue. */
    private static final class RotatingProvider implements CredentialProvider {
        private final String run = Long.toHexString(System.nanoTime());
        private final AtomicInteger count = new AtomicInteger();
        private volatile Instant firstExpiry;

        String token(int n) {
            return "ghp_rotating" + run + "n" + n;
        }

        Instant firstExpiry() {
            return firstExpiry;
        }

        int issued() {
            return count.get();
        }

        @Override
        public String name() {
            return "github";
        }

        @Override
        public String cacheKey() {
            return "placeholders-it-rotating|" + run;
        }

        @Override
        public IssuedCredential issue() {
            int n = count.incrementAndGet();
            Instant expiry = Instant.now().plusSeconds(85);
            if (n == 1) {
                firstExpiry = expiry;
            }
            return new IssuedCredential("github", Map.of("GITHUB_TOKEN", token(n)), Map.of(), expiry);
        }
    }
}
