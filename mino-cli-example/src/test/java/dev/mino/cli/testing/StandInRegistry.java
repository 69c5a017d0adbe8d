package dev.mino.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A container registry for tests, on loopback over HTTPS: it serves the test's busybox image
 * (saved with {@code podman save --format oci-dir}) under every name and tag, with the read-only
 * part of the distribution API an engine's pull uses ({@code /v2/}, manifests and blobs by
 * digest). No registry answers where the tests run; this one stands in for one, so that a real
 * Podman pull runs end to end, TLS verified: its self-signed certificate is given to the engine as
 * a private registry's is, in {@code /etc/containers/certs.d/<host:port>/ca.crt} (which rootless
 * Podman reads too; so root only), and taken away again on {@link #close()}.
 */
public final class StandInRegistry implements AutoCloseable {
    private static final String PASSWORD = "stand-in";
    private static final Path CERTS_D = Path.of("/etc/containers/certs.d");

    private final HttpsServer server;
    private final Path layout;
    private final String manifestDigest;
    private final String manifestType;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final boolean madeCertsD;
    private final Path trusted;

    private StandInRegistry(Path layout, HttpsServer server, Path certificate) throws IOException {
        this.layout = layout;
        JsonNode manifest = new ObjectMapper().readTree(layout.resolve("index.json").toFile()).path("manifests").get(0);
        this.manifestDigest = manifest.path("digest").asText();
        this.manifestType = manifest.path("mediaType").asText();
        this.server = server;
        server.createContext("/", this::answer);
        server.start();
        this.madeCertsD = !Files.exists(CERTS_D);
        this.trusted = Files.createDirectories(CERTS_D.resolve(host()));
        Files.copy(certificate, trusted.resolve("ca.crt"));
    }

    /**
     * Serves {@link TestPodman#BUSYBOX_IMAGE}, with a self-signed certificate for 127.0.0.1 made
     * in {@code work} by the JDK's keytool, which the test engine is given to trust.
     */
    public static StandInRegistry servingTestImage(Path work) throws Exception {
        Prerequisites.requireRoot("the engine is given the stand-in registry's certificate in " + CERTS_D);
        Prerequisites.requireExecutable("/usr/bin/podman", "podman save writes the stand-in registry's image");
        Path layout = work.resolve("oci");
        PodmanCommand.run("save", "--format", "oci-dir", "-o", layout.toString(), TestPodman.BUSYBOX_IMAGE);
        Path keystore = work.resolve("registry.p12");
        Path certificate = work.resolve("registry.crt");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-ext", "BC=ca:true", "-keystore",
            keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", "registry", "-keystore", keystore.toString(), "-storepass",
            PASSWORD, "-file", certificate.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new StandInRegistry(layout, server, certificate);
    }

    /** The registry's host and port, as an image reference begins with it. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests so far, as {@code METHOD path}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        requests.add(exchange.getRequestMethod() + " " + path);
        try (exchange) {
            if (path.equals("/v2/")) {
                send(exchange, "{}".getBytes(StandardCharsets.UTF_8), "application/json", null, head);
                return;
            }
            String digest = path.matches("/v2/.+/manifests/[^/]+") ? manifestDigest
                : path.matches("/v2/.+/blobs/sha256:[0-9a-f]{64}") ? path.substring(path.lastIndexOf('/') + 1) : null;
            Path blob = digest == null ? null : layout.resolve("blobs/sha256").resolve(digest.substring(7));
            if (blob == null || !Files.isRegularFile(blob)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String type = digest.equals(manifestDigest) ? manifestType : "application/octet-stream";
            send(exchange, Files.readAllBytes(blob), type, digest, head);
        }
    }

    private static void send(HttpExchange exchange, byte[] body, String type, String digest, boolean head)
        throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (digest != null) {
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        }
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output);
        }
    }

    /** Stops serving and takes the engine's trust in the certificate away again. */
    @Override
    public void close() {
        server.stop(0);
        TestDirectories.delete(trusted);
        if (madeCertsD) {
            try {
                // Only while empty: what else appears there meanwhile is not the test's.
                Files.deleteIfExists(CERTS_D);
            } catch (IOException e) {
                // Left in place.
            }
        }
    }
}
