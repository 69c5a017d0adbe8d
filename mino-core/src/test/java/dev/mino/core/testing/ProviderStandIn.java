package dev.mino.core.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stand-in for a credential provider's HTTPS API (GitHub, a git host, AWS STS), for the
 * credential proxy's integration tests: a Python server in a container of the Debian test image on
 * a {@link TestNetwork}, answering on port {@value #PORT} over TLS for several names at once.
 *
 * <p>At start it makes a self-signed certificate for its names ({@link #certificatePem()}: what
 * the proxy is told to trust upstream) and a bare git repository. By path:
 * <ul>
 * <li>{@code /echo...}: 200 with the request as received, one line each: {@code method: M},
 *     {@code path: TARGET}, every header {@code Name: value}, {@code body-sha256: HEX}; see
 *     {@link Echo#parse}.</li>
 * <li>{@value #REPOSITORY_PATH}{@code /...}: a dumb-HTTP git server of one repository whose one
 *     commit holds a file {@code README} with {@link #readme()}; 401 with
 *     {@code WWW-Authenticate: Basic realm="git"} unless the Basic password is {@link #realToken()}.</li>
 * <li>{@code /aws/...} (any method) and {@code POST /} (as STS): checks a SigV4 {@code Authorization}
 *     header against {@link #realAws()} (key id, secret, and the session token in
 *     {@code X-Amz-Security-Token}); 200 {@code signature ok <key id>}, otherwise 403
 *     {@code SignatureDoesNotMatch: <why>} (with the canonical request it expected). The payload
 *     hash is {@code x-amz-content-sha256} (which must then match the body, or be
 *     {@code UNSIGNED-PAYLOAD}) or the body's; the path is normalized and encoded twice except for
 *     service {@code s3}. Unlike AWS it does not check the clock skew of {@code X-Amz-Date}, and
 *     knows no presigned (query string) or streaming (chunk-signed) requests.</li>
 * <li>any other path: 404.</li>
 * </ul>
 * Every request is logged ({@link #requestsSeen()}) with its method, Host header, target, the
 * scheme of its {@code Authorization} header and the SHA-256 of that header's value, never the value. The container is removed by {@link #close()}
 * or with its network.
 */
public final class ProviderStandIn implements AutoCloseable {
    /** The TLS port it listens on, IPv4 and IPv6. */
    public static final int PORT = 8443;
    /** A name it serves standing in for GitHub's API. */
    public static final String GITHUB = "github." + EgressTestbed.ZONE;
    /** A name it serves that no provider claims (for "not swapped" checks). */
    public static final String OTHER = "other." + EgressTestbed.ZONE;
    /** A name it serves standing in for AWS STS. */
    public static final String STS = "sts." + EgressTestbed.ZONE;
    /** A name it serves standing in for a git host. */
    public static final String GIT = "git." + EgressTestbed.ZONE;
    /** Every name a stand-in serves unless told otherwise. */
    public static final List<String> NAMES = List.of(GITHUB, OTHER, STS, GIT);
    /** The path of its one git repository. */
    public static final String REPOSITORY_PATH = "/git/repo.git";

    private static final String SOURCE = load();
    private static final String CONFIG = "/srv/config";
    private static final Pattern REQUEST = Pattern.compile("(?m)^REQUEST (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)$");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]+");
    private static final long START_TIMEOUT_NANOS = 60_000_000_000L;

    private final TestNetwork network;
    private final TestNetwork.Container container;
    private final List<String> names;
    private final String readme;
    private final String certificatePem;
    private String realToken;
    private AwsKeys realAws;

    /**
     * AWS credentials: the ones the stand-in accepts, or the ones a test signs with.
     *
     * @param accessKeyId the access key id, e.g. {@code AKIAREAL...}
     * @param secretAccessKey the secret access key
     * @param sessionToken the session token, or null for long-lived keys (then none is required)
     */
    public record AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        /** Checks each part is one printable ASCII word. */
        public AwsKeys {
            requireValue("access key id", accessKeyId);
            requireValue("secret access key", secretAccessKey);
            if (sessionToken != null) {
                requireValue("session token", sessionToken);
            }
        }
    }

    /**
     * One request the stand-in received, from its log.
     *
     * @param method e.g. {@code GET}
     * @param host its Host header, or {@code -}
     * @param target the path with the query, as in the request line
     * @param authorizationScheme the first word of its Authorization header ({@code Basic},
     *     {@code Bearer}, {@code token}, {@code AWS4-HMAC-SHA256}...), or {@code -} without one
     * @param authorizationSha256 the SHA-256 (lower-case hex, see {@link #sha256}) of its
     *     Authorization header's value as received (several joined by {@code ,}), or {@code -}
     *     without one: which credential arrived, without the log ever holding it
     */
    public record Request(String method, String host, String target, String authorizationScheme,
                          String authorizationSha256) {
    }

    /** The SHA-256 of {@code text}'s ISO-8859-1 bytes, in lower-case hex, as the stand-in logs it. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request header as the stand-in received it. */
    public record Header(String name, String value) {
    }

    /**
     * What {@code /echo} answered: the request as it arrived at the provider.
     *
     * @param method the method
     * @param target the path with the query
     * @param headers every header in the order received
     * @param bodySha256 the SHA-256 of the body, in lower-case hex
     */
    public record Echo(String method, String target, List<Header> headers, String bodySha256) {
        /** Reads an {@code /echo} answer; fails on anything else. */
        public static Echo parse(String body) {
            String method = null;
            String target = null;
            String sha = null;
            List<Header> headers = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    throw new IllegalArgumentException("not an echo answer line: '" + line + "' in:\n" + body);
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 2);
                if (method == null && name.equals("method")) {
                    method = value;
                } else if (target == null && name.equals("path")) {
                    target = value;
                } else if (name.equals("body-sha256")) {
                    sha = value;
                } else {
                    headers.add(new Header(name, value));
                }
            }
            if (method == null || target == null || sha == null) {
                throw new IllegalArgumentException("not an echo answer:\n" + body);
            }
            return new Echo(method, target, List.copyOf(headers), sha);
        }

        /** Every value of the header of this name (in any case), in the order received. */
        public List<String> values(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
        }

        /** The one value of this header; empty without one; fails when it came more than once. */
        public Optional<String> header(String name) {
            List<String> values = values(name);
            if (values.size() > 1) {
                throw new AssertionError("header " + name + " arrived " + values.size() + " times: " + values);
            }
            return values.stream().findFirst();
        }
    }

    private ProviderStandIn(TestNetwork network, TestNetwork.Container container, List<String> names, String readme,
                            String certificatePem) {
        this.network = network;
        this.container = container;
        this.names = names;
        this.readme = readme;
        this.certificatePem = certificatePem;
    }

    /**
     * Starts a stand-in for all of {@link #NAMES} on the testbed's network and adds the names to
     * the zone of both its DNS servers (A and AAAA), so a sandbox resolving through the testbed's
     * upstream finds it.
     *
     * @param shortName a name unique within the test class
     * @param realToken the token the git server accepts as a Basic password
     * @param realAws the keys the SigV4 check accepts
     */
    public static ProviderStandIn start(EgressTestbed testbed, String shortName, String realToken, AwsKeys realAws) {
        ProviderStandIn standIn = start(testbed.network(), shortName, NAMES, realToken, realAws);
        standIn.addToZone(testbed.upstream());
        standIn.addToZone(testbed.rogue());
        return standIn;
    }

    /**
     * Starts a stand-in for these names on a network and waits until it answers; adds no DNS
     * records (see {@link #addToZone}).
     *
     * @param shortName a name unique within the test class
     * @param names the names its certificate carries, at least one
     * @param realToken the token the git server accepts as a Basic password
     * @param realAws the keys the SigV4 check accepts
     */
    public static ProviderStandIn start(TestNetwork network, String shortName, List<String> names, String realToken,
                                        AwsKeys realAws) {
        if (names.isEmpty() || !names.stream().allMatch(n -> NAME.matcher(n).matches())) {
            throw new IllegalArgumentException("one or more lower-case DNS names, not " + names);
        }
        requireValue("token", realToken);
        Objects.requireNonNull(realAws, "realAws");
        String readme = "stand-in repository of run " + network.run() + "\n";
        TestNetwork.Container container = network.start(shortName, TestPodman.DEBIAN_IMAGE,
            List.of("python3", "-u", "-I", "-c", SOURCE, String.join(",", names), readme));
        try {
            awaitReady(network, container);
            TestNetwork.Output pem = network.exec(container.id(), List.of("cat", "/srv/tls/cert.pem"));
            if (pem.exitCode() != 0 || !pem.stdout().contains("BEGIN CERTIFICATE")) {
                throw new IllegalStateException("no certificate in the stand-in: " + pem);
            }
            ProviderStandIn standIn = new ProviderStandIn(network, container, List.copyOf(names), readme, pem.stdout());
            standIn.realToken = realToken;
            standIn.realAws = realAws;
            standIn.writeConfig();
            return standIn;
        } catch (RuntimeException | Error e) {
            network.podman().containers().remove(container.id(), true);
            throw e;
        }
    }

    /** Adds each of its names to the DNS server's zone with the stand-in's IPv4 and IPv6 address. */
    public void addToZone(TestDnsServer dns) {
        Map<String, List<String>> records = new LinkedHashMap<>();
        names.forEach(name -> records.put(name, List.of(container.ipv4(), container.ipv6())));
        dns.setAddresses(records);
    }

    /** The names it serves (all in its certificate). */
    public List<String> names() {
        return names;
    }

    /** Its container on the network. */
    public TestNetwork.Container container() {
        return container;
    }

    /** Its IPv4 address on the network. */
    public String ipv4() {
        return container.ipv4();
    }

    /** Its IPv6 address on the network. */
    public String ipv6() {
        return container.ipv6();
    }

    /** {@code https://<name>:8443<path>}. */
    public String url(String name, String path) {
        return "https://" + name + ":" + PORT + path;
    }

    /**
     * {@code https://<user>:<token>@<name>:8443/git/repo.git}, for {@code git clone}.
     *
     * @param token what the clone offers as its password (the real token, a placeholder...)
     */
    public String cloneUrl(String name, String user, String token) {
        return "https://" + user + ":" + token + "@" + name + ":" + PORT + REPOSITORY_PATH;
    }

    /** The self-signed certificate (PEM) for all its names: the one trust anchor a client needs. */
    public String certificatePem() {
        return certificatePem;
    }

    /** {@link #certificatePem()} parsed. */
    public X509Certificate certificate() {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException("the stand-in's certificate does not parse", e);
        }
    }

    /** The content of the file {@code README} in its repository (one line, ends with a line break). */
    public String readme() {
        return readme;
    }

    /** The token its git server accepts. */
    public synchronized String realToken() {
        return realToken;
    }

    /** Makes the git server accept this token (only this one) from the next request on. */
    public synchronized void realToken(String token) {
        requireValue("token", token);
        this.realToken = token;
        writeConfig();
    }

    /** The AWS keys its SigV4 check accepts. */
    public synchronized AwsKeys realAws() {
        return realAws;
    }

    /** Makes the SigV4 check accept these keys (only these) from the next request on. */
    public synchronized void realAws(AwsKeys keys) {
        this.realAws = Objects.requireNonNull(keys, "keys");
        writeConfig();
    }

    /** Every request it has received so far, oldest first. */
    public List<Request> requestsSeen() {
        List<Request> requests = new ArrayList<>();
        Matcher m = REQUEST.matcher(network.logs(container.id()));
        while (m.find()) {
            requests.add(new Request(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
        }
        return List.copyOf(requests);
    }

    /** Everything the server printed (requests, connection errors such as failed TLS handshakes). */
    public String log() {
        return network.logs(container.id());
    }

    /** Removes its container (its network stays). */
    @Override
    public void close() {
        network.podman().containers().remove(container.id(), true);
    }

    private void writeConfig() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("token", realToken);
        values.put("aws-access-key-id", realAws.accessKeyId());
        values.put("aws-secret-access-key", realAws.secretAccessKey());
        if (realAws.sessionToken() != null) {
            values.put("aws-session-token", realAws.sessionToken());
        }
        String text = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
            .collect(Collectors.joining());
        // Written whole and renamed: the server reads it at every request.
        TestNetwork.Output result = network.exec(container.id(), List.of("sh", "-c",
            "printf '%s' \"$1\" > " + CONFIG + ".new && mv " + CONFIG + ".new " + CONFIG, "sh", text));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("writing the stand-in's credentials failed: " + result.stderr());
        }
    }

    private static void awaitReady(TestNetwork network, TestNetwork.Container container) {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            String logs = network.logs(container.id());
            if (logs.contains("READY\n")) {
                return;
            }
            boolean running = network.podman().containers().inspect(container.id()).orElseThrow().raw()
                .path("State").path("Running").asBoolean();
            if (!running || System.nanoTime() > deadline) {
                throw new IllegalStateException("the provider stand-in " + container.name() + " did not start"
                    + (running ? " within 60 s" : "") + "; its log:\n" + logs);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void requireValue(String what, String value) {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("the " + what + " must be printable ASCII without blanks");
        }
    }

    private static String load() {
        try (InputStream in = ProviderStandIn.class.getResourceAsStream("provider-stand-in.py")) {
            if (in == null) {
                throw new IllegalStateException("provider-stand-in.py is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
