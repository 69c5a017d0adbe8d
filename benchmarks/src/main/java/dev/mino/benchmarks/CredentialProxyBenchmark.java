package dev.mino.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * PROXY: what mino's credential proxy costs an HTTPS request that carries a placeholder, against
 * the same request carrying the real token straight to the server, in the same run:
 * <ul>
 *   <li>X1 a request on a kept-alive connection (target: at most +10 ms per request, median), the
 *       fair figure for the proxy's own work: read the request, swap the token, relay both ways;</li>
 *   <li>X2 a request on a new connection (no target): TCP connect, TLS handshake, request, which
 *       through the proxy means two handshakes (the sandbox's with the proxy, the proxy's with the
 *       server) and the relays of the guard; printed with its split into connect + handshake and
 *       request.</li>
 * </ul>
 * On a Podman network of its own, the server is a container of the Debian test image running a
 * small keep-alive HTTPS server ({@code GET /echo} answers 200 with a short body when the
 * {@code Authorization} header holds the real token, 401 otherwise, so every timed request also
 * proves that the token was swapped) with a self-signed certificate for its container name, which
 * Podman's DNS on the network resolves. Two allowlisted sandboxes admit that name: "direct" without
 * placeholders sends {@code Authorization: Bearer <real token>} and trusts the server's certificate
 * itself; "proxy" gets the token from a credential provider named {@code github} as a placeholder
 * whose hosts are the server's {@code name:port}, and sends {@code Bearer $GITHUB_TOKEN}; the
 * proxy is told to trust the server's certificate upstream. The requests are made by a Python
 * client in one exec per measurement and timed inside the sandbox, so the exec's own cost does not
 * count; the two sandboxes alternate round by round.
 *
 * <p>Runs on its own ({@code main}) or as part of {@link SandboxBenchmark} ({@code -Donly=PROXY}).
 * Settings: {@code CONTAINER_HOST} (required), system properties {@code egressImage} (default
 * {@code localhost/mino-test-debian:latest}; the image of the sandboxes, their firewall and the
 * server), {@code rounds} (default 15, at least 7), {@code requests} per round on a kept-alive
 * connection (default 200) and {@code connections} per round, one request each (default 40).
 */
public final class CredentialProxyBenchmark {
    private static final int SERVER_PORT = 8443;
    private static final int MIN_ROUNDS = 7;
    private static final double TARGET_MS = 10;
    private static final Map<String, String> LABELS = Map.of("dev.mino.benchmark", "credential-proxy");
    private static final String READY = "READY";

    /**
     * The server: makes a certificate for its name (argv[1]), prints it and {@value #READY}, then
     * answers HTTP/1.1 requests on kept-alive TLS connections; the real token is argv[2].
     */
    private static final String SERVER = String.join("\n",
        "import socket, ssl, subprocess, sys, threading",
        "name, token = sys.argv[1], sys.argv[2]",
        "subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',",
        "    '-nodes', '-keyout', '/tmp/key.pem', '-out', '/tmp/cert.pem', '-days', '2', '-subj', '/CN=' + name,",
        "    '-addext', 'subjectAltName=DNS:' + name, '-addext', 'extendedKeyUsage=serverAuth'],",
        "    check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)",
        "context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
        "context.load_cert_chain('/tmp/cert.pem', '/tmp/key.pem')",
        "expected = b'authorization: bearer ' + token.encode().lower()",
        "def answer(status, body):",
        "    return (b'HTTP/1.1 ' + status + b'\\r\\nContent-Type: text/plain\\r\\nContent-Length: '",
        "            + str(len(body)).encode() + b'\\r\\n\\r\\n' + body)",
        "OK = answer(b'200 OK', b'echo ok\\n')",
        "DENIED = answer(b'401 Unauthorized', b'bad credentials\\n')",
        "NOT_FOUND = answer(b'404 Not Found', b'not found\\n')",
        "def serve(raw):",
        "    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)",
        "    try:",
        "        with context.wrap_socket(raw, server_side=True) as tls:",
        "            data = b''",
        "            while True:",
        "                while b'\\r\\n\\r\\n' not in data:",
        "                    part = tls.recv(65536)",
        "                    if not part:",
        "                        return",
        "                    data += part",
        "                head, data = data.split(b'\\r\\n\\r\\n', 1)",
        "                lines = head.split(b'\\r\\n')",
        "                headers = [line.lower() for line in lines[1:]]",
        "                if not lines[0].startswith(b'GET /echo '):",
        "                    tls.sendall(NOT_FOUND)",
        "                else:",
        "                    tls.sendall(OK if expected in headers else DENIED)",
        "    except (OSError, ssl.SSLError):",
        "        pass",
        "with open('/tmp/cert.pem') as f:",
        "    print(f.read(), end='')",
        "print('" + READY + "', flush=True)",
        "listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "listener.bind(('0.0.0.0', " + SERVER_PORT + "))",
        "listener.listen(128)",
        "while True:",
        "    conn, _ = listener.accept()",
        "    threading.Thread(target=serve, args=(conn,), daemon=True).start()",
        "");

    /**
     * The client, run inside a sandbox: {@code keep|new NAME PORT N TOKEN_VARIABLE|- CA_PEM|-}.
     * Looks the name up once (through the sandbox's resolver, which admits and, with placeholders,
     * intercepts the address), then makes N requests {@code GET /echo} with
     * {@code Authorization: Bearer <token>} (the real token from argv when the variable is "-",
     * else the variable's value). {@code keep}: one connection, a first request untimed, then N
     * timed; prints the median ms. {@code new}: a new connection per request; prints the medians
     * of the whole, of connect + handshake, and of the request. Any answer but 200 fails.
     */
    private static final String CLIENT = String.join("\n",
        "import os, socket, ssl, sys, time",
        "socket.setdefaulttimeout(30)",
        "mode, name, port, n, variable, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),"
            + " sys.argv[5], sys.argv[6]",
        "token = sys.argv[7] if variable == '-' else os.environ[variable]",
        "context = ssl.create_default_context()",
        "if ca != '-':",
        "    context = ssl.create_default_context(cadata=ca)",
        "address = socket.getaddrinfo(name, port, socket.AF_INET, socket.SOCK_STREAM)[0][4]",
        "request = ('GET /echo HTTP/1.1\\r\\nHost: %s:%d\\r\\nAuthorization: Bearer %s\\r\\nUser-Agent: bench\\r\\n'",
        "           'Accept: */*\\r\\n\\r\\n' % (name, port, token)).encode()",
        "def connect():",
        "    raw = socket.create_connection(address)",
        "    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)",
        "    return context.wrap_socket(raw, server_hostname=name)",
        "def exchange(tls, buffer):",
        "    tls.sendall(request)",
        "    while b'\\r\\n\\r\\n' not in buffer:",
        "        part = tls.recv(65536)",
        "        if not part:",
        "            sys.exit('connection closed')",
        "        buffer += part",
        "    head, buffer = buffer.split(b'\\r\\n\\r\\n', 1)",
        "    if not head.startswith(b'HTTP/1.1 200'):",
        "        sys.exit('answer: ' + head.split(b'\\r\\n')[0].decode())",
        "    length = 0",
        "    for line in head.split(b'\\r\\n')[1:]:",
        "        key, _, value = line.partition(b':')",
        "        if key.strip().lower() == b'content-length':",
        "            length = int(value)",
        "    while len(buffer) < length:",
        "        part = tls.recv(65536)",
        "        if not part:",
        "            sys.exit('short body')",
        "        buffer += part",
        "    return buffer[length:]",
        "def median(values):",
        "    values = sorted(values)",
        "    return values[len(values) // 2]",
        "if mode == 'keep':",
        "    times = []",
        "    with connect() as tls:",
        "        rest = exchange(tls, b'')",
        "        for _ in range(n):",
        "            start = time.perf_counter()",
        "            rest = exchange(tls, rest)",
        "            times.append((time.perf_counter() - start) * 1000)",
        "    print(median(times))",
        "else:",
        "    whole, handshakes, requests = [], [], []",
        "    for _ in range(n):",
        "        start = time.perf_counter()",
        "        tls = connect()",
        "        shaken = time.perf_counter()",
        "        exchange(tls, b'')",
        "        end = time.perf_counter()",
        "        tls.close()",
        "        whole.append((end - start) * 1000)",
        "        handshakes.append((shaken - start) * 1000)",
        "        requests.append((end - shaken) * 1000)",
        "    print(median(whole), median(handshakes), median(requests))",
        "");

    private final String engine;
    private final String image;

    CredentialProxyBenchmark(String engine, String image) {
        this.engine = engine;
        this.image = image;
    }

    public static void main(String[] args) throws Exception {
        String engine = SandboxBenchmark.engineOrExit();
        int rounds = Integer.getInteger("rounds", 15);
        CredentialProxyBenchmark bench = new CredentialProxyBenchmark(engine, EgressBenchmark.image());
        System.out.printf(Locale.ROOT, "Mino credential proxy benchmark: %s, image %s, %d rounds%n%n", engine,
            bench.image, Math.max(MIN_ROUNDS, rounds));
        bench.run(rounds);
    }

    /** Measures and prints X1 and X2; returns whether the target was met. */
    boolean run(int rounds) throws Exception {
        int requests = Integer.getInteger("requests", 200);
        int connections = Integer.getInteger("connections", 40);
        if (requests < 1 || connections < 1) {
            throw new IllegalArgumentException("-Drequests and -Dconnections need at least 1 each");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        String network = "mino-bench-proxy-" + run;
        // The server's container name: Podman's DNS on the network resolves it, the certificate names it.
        String name = "mino-bench-proxy-server-" + run;
        String token = "ghp_bench" + run + "0123456789abcdefghijklmnopqrst";
        Path project = Files.createTempDirectory("mino-bench-proxy");
        // A rootless Podman of another user (as scripts/test-podman.sh sets up) must reach the project.
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path certificate = Files.createTempFile("mino-bench-proxy", ".pem");
        try {
            // The default Mino's client, which sandboxes of Sandbox.builder() share: not closed here.
            PodmanClient client = MinoRuntime.shared().client(engine);
            client.networks().create(network, LABELS, false);
            String server = null;
            try {
                server = startServer(client, network, name, token);
                String pem = awaitCertificate(client, server);
                Files.writeString(certificate, pem);
                Target target = new Target(name, token, pem);
                try (Sandbox direct = sandbox(project, network, name).start();
                     Sandbox proxied = sandbox(project, network, name).credentials(new Token(token))
                         .credentialPlaceholders(true)
                         .credentialPlaceholderHosts("github", List.of(name + ":" + SERVER_PORT))
                         .credentialProxyCertificates(certificate).start()) {
                    return measure(direct, proxied, target, Math.max(MIN_ROUNDS, rounds), requests, connections);
                }
            } finally {
                if (server != null) {
                    client.containers().remove(server, true);
                }
                client.networks().remove(network, true);
            }
        } finally {
            Files.deleteIfExists(certificate);
            Files.deleteIfExists(project);
        }
    }

    /** The server's name, the real token it accepts, and its certificate (which the direct sandbox trusts). */
    private record Target(String name, String token, String pem) {
    }

    private boolean measure(Sandbox direct, Sandbox proxied, Target target, int rounds, int requests,
                            int connections) {
        // Warm up: the proxy's code paths (JIT), its leaf certificate, the server's threads.
        for (int i = 0; i < 3; i++) {
            for (Sandbox sb : List.of(direct, proxied)) {
                client(sb, sb == direct, "keep", target, 50);
                client(sb, sb == direct, "new", target, 10);
            }
        }
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int i = 0; i < rounds; i++) {
            for (String mode : List.of("keep", "new")) {
                int count = mode.equals("keep") ? requests : connections;
                // Each goes first in every other round, so that neither has the warmer moment.
                for (Sandbox sb : i % 2 == 0 ? List.of(direct, proxied) : List.of(proxied, direct)) {
                    String side = sb == direct ? "-direct" : "-proxy";
                    double[] values = client(sb, sb == direct, mode, target, count);
                    record(results, mode + side, values[0]);
                    if (mode.equals("new")) {
                        record(results, "handshake" + side, values[1]);
                        record(results, "request" + side, values[2]);
                    }
                }
            }
        }
        double proxyMs = SandboxBenchmark.median(results.get("keep-proxy"));
        double directMs = SandboxBenchmark.median(results.get("keep-direct"));
        double over = proxyMs - directMs;
        line("X1 request, kept-alive connection", proxyMs, directMs, over,
            String.format(Locale.ROOT, "target <= +%.0f ms  %s", TARGET_MS, over <= TARGET_MS ? "MET" : "NOT MET"));
        for (String part : List.of("new", "handshake", "request")) {
            double viaProxy = SandboxBenchmark.median(results.get(part + "-proxy"));
            double straight = SandboxBenchmark.median(results.get(part + "-direct"));
            String label = switch (part) {
                case "new" -> "X2 request, new connection";
                case "handshake" -> "   of which connect + TLS handshake";
                default -> "   of which the request";
            };
            line(label, viaProxy, straight, viaProxy - straight, part.equals("new") ? "(no target)" : "");
        }
        return over <= TARGET_MS;
    }

    private static void line(String name, double proxyMs, double directMs, double over, String verdict) {
        System.out.printf(Locale.ROOT, "%-36s proxy %7.3f  direct %7.3f %-12s over %+7.3f ms  %s%n", name, proxyMs,
            directMs, "ms (median)", over, verdict);
    }

    private static void record(Map<String, List<Double>> results, String key, double value) {
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** An allowlisted sandbox that admits the server by name, on the benchmark's network. */
    private SandboxBuilder sandbox(Path project, String network, String serverName) {
        return Sandbox.builder().engine(engine).image(image).firewallImage(image).project(project).auditLog(false)
            .podmanNetwork(network).network(NetworkPolicy.allow(serverName + ":" + SERVER_PORT))
            .command("sleep", "infinity");
    }

    /** Runs the client in a sandbox: the direct one sends the real token and trusts the server itself. */
    private static double[] client(Sandbox sb, boolean direct, String mode, Target target, int count) {
        ExecResult result = sb.exec("python3", "-I", "-c", CLIENT, mode, target.name(),
            Integer.toString(SERVER_PORT), Integer.toString(count), direct ? "-" : "GITHUB_TOKEN",
            direct ? target.pem() : "-", direct ? target.token() : "-");
        if (result.exitCode() != 0) {
            throw new IllegalStateException(mode + " requests from the " + (direct ? "direct" : "proxied")
                + " sandbox failed (exit " + result.exitCode() + "): " + result.stdout() + result.stderr());
        }
        String[] values = result.stdout().strip().split(" ");
        double[] numbers = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            numbers[i] = Double.parseDouble(values[i]);
        }
        return numbers;
    }

    private String startServer(PodmanClient client, String network, String name, String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("image", image);
        body.put("command", List.of("python3", "-u", "-I", "-c", SERVER, name, token));
        body.put("labels", LABELS);
        body.put("netns", Map.of("nsmode", "bridge"));
        body.put("Networks", Map.of(network, Map.of()));
        String id = client.containers().create(body).id();
        client.containers().start(id);
        return id;
    }

    /** Waits until the server printed its certificate and {@value #READY}; returns the certificate (PEM). */
    private static String awaitCertificate(PodmanClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            String out = output(client, id);
            if (out.contains(READY + "\n")) {
                int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
                String end = "-----END CERTIFICATE-----\n";
                int stop = out.indexOf(end);
                if (begin < 0 || stop < begin) {
                    throw new IllegalStateException("the server printed no certificate: " + out);
                }
                return out.substring(begin, stop + end.length());
            }
            JsonNode state = client.containers().inspect(id).orElseThrow().raw().path("State");
            if (!state.path("Running").asBoolean(true) || System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not start: " + out);
            }
            Thread.sleep(200);
        }
    }

    private static String output(PodmanClient client, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (InputStream in = client.containers().logs(id, false, -1)) {
            StreamDemultiplexer.copy(in, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the server's output failed", e);
        }
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** The credential provider "github" of the proxied sandbox: the server's real token, as a placeholder inside. */
    private record Token(String token) implements CredentialProvider {
        @Override
        public String name() {
            return "github";
        }

        @Override
        public String cacheKey() {
            return "benchmark-credential-proxy|" + token.hashCode();
        }

        @Override
        public IssuedCredential issue() {
            return new IssuedCredential("github", Map.of("GITHUB_TOKEN", token), Map.of(),
                Instant.now().plusSeconds(3600));
        }

        @Override
        public String toString() {
            return "Token[github]";
        }
    }
}
