package dev.mino.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A container registry for tests, on loopback over plain HTTP: it serves one image, read from an
 * OCI image layout folder ({@code podman save --format oci-dir}), under every name and tag, with
 * the read-only part of the distribution API an engine's pull uses ({@code /v2/}, manifests and
 * blobs by digest). No registry answers where the tests run; this one stands in for one, so that
 * a real Podman pull runs end to end. The engine must be told not to insist on TLS.
 */
final class StandInRegistry implements AutoCloseable {
    private final HttpServer server;
    private final Path layout;
    private final String manifestDigest;
    private final String manifestType;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private StandInRegistry(Path layout) throws IOException {
        this.layout = layout;
        JsonNode manifest = new ObjectMapper().readTree(layout.resolve("index.json").toFile()).path("manifests").get(0);
        this.manifestDigest = manifest.path("digest").asText();
        this.manifestType = manifest.path("mediaType").asText();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Serves the image of the OCI layout at {@code layout}. */
    static StandInRegistry serving(Path layout) throws IOException {
        return new StandInRegistry(layout);
    }

    /** The registry's host and port, as an image reference begins with it. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests so far, as {@code METHOD path}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        requests.add(exchange.getRequestMethod() + " " + path);
        try (exchange) {
            if (path.equals("/v2/")) {
                send(exchange, "{}".getBytes(), "application/json", null, head);
            } else if (path.matches("/v2/.+/manifests/[^/]+")) {
                send(exchange, blob(manifestDigest), manifestType, manifestDigest, head);
            } else if (path.matches("/v2/.+/blobs/sha256:[0-9a-f]{64}")) {
                String digest = path.substring(path.lastIndexOf('/') + 1);
                Path file = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
                if (Files.isRegularFile(file)) {
                    send(exchange, Files.readAllBytes(file), "application/octet-stream", digest, head);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private byte[] blob(String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
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

    @Override
    public void close() {
        server.stop(0);
    }
}
