package dev.mino.proxy;

import static dev.mino.proxy.CredentialProxyTest.PH;
import static dev.mino.proxy.CredentialProxyTest.REAL;
import static dev.mino.proxy.CredentialProxyTest.basic;
import static dev.mino.proxy.CredentialProxyTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * A server that echoes the request back (a debug endpoint, an error quoting it) must not hand the
 * sandbox the real credential the proxy put in: the sandbox gets it masked, in header fields,
 * bodies of every framing, trailers, and compressed answers, while the server got the real value.
 */
class ResponseScrubbingTest {
    private static final String MASKED_BEARER = "Bearer " + "x".repeat(REAL.length());

    @TempDir
    Path dir;

    CredentialProxy proxy;
    AutoCloseable upstream;

    @AfterEach
    void tearDown() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private Path socket() {
        return dir.resolve("proxy.sock");
    }

    private void start(CredentialSwap swap) throws Exception {
        proxy = CredentialProxy.start(ProxySettings.builder()
            .listenSocket(socket())
            .upstream(Upstream.direct())
            .serverTls(TestTls.server(TestTls.PROXY_KEYS))
            .upstreamTls(TestTls.trusting(TestTls.STAND_IN_KEYS))
            .swap(swap)
            .handshakeTimeout(Duration.ofSeconds(5))
            .build());
    }

    private void startGithub() throws Exception {
        start(new TokenSwap("github", List.of(TestTls.SERVED), Map.of(PH, () -> REAL)));
    }

    private StandIn standIn(com.sun.net.httpserver.HttpHandler handler) throws Exception {
        StandIn standIn = new StandIn(handler);
        upstream = standIn;
        return standIn;
    }

    private RawTlsServer raw(RawTlsServer.Handler handler) throws Exception {
        RawTlsServer server = new RawTlsServer(handler);
        upstream = server;
        return server;
    }

    /** Echoes the Authorization field in a header field and in a body of fixed length. */
    private static void echo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] body = ("{\"authorization\":\"" + authorization + "\",\"accept-encoding\":\""
            + exchange.getRequestHeaders().getFirst("Accept-Encoding") + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Echo", authorization);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void anEchoedTokenIsMaskedInHeaderAndBodyAndContentLengthStaysRight() throws Exception {
        StandIn standIn = standIn(ResponseScrubbingTest::echo);
        startGithub();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/echo", TestTls.SERVED, "Authorization: Bearer " + PH, "Accept-Encoding: gzip"));
            Sandbox.Response first = Sandbox.read(tls.getInputStream(), false);
            // The same connection goes on: had a length been wrong, this answer would be garbled.
            Sandbox.send(tls, get("/echo", TestTls.SERVED, basic("x-access-token", PH)));
            Sandbox.Response second = Sandbox.read(tls.getInputStream(), false);

            assertEquals("Bearer " + REAL, standIn.received.get(0).header("Authorization"),
                "positive control: the server got the real token");
            assertEquals(MASKED_BEARER, first.header("X-Echo"));
            assertEquals("{\"authorization\":\"" + MASKED_BEARER + "\",\"accept-encoding\":\"identity\"}", first.text(),
                "masked in the body, and the server was asked for an uncompressed answer");
            assertEquals(String.valueOf(first.body().length), first.header("Content-Length"));
            assertEquals("identity", standIn.received.get(0).header("Accept-encoding"));

            String realBasic = "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("x-access-token:" + REAL).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(realBasic, standIn.received.get(1).header("Authorization"), "positive control");
            assertEquals("Basic " + "x".repeat(realBasic.length() - 6), second.header("X-Echo"),
                "the encoded Basic credentials are masked whole");
            assertFalse(second.text().contains(realBasic.substring(6)));
        }
    }

    @Test
    void aTokenSplitAcrossTwoChunksAndTwoWritesIsMasked() throws Exception {
        StandIn standIn = standIn(exchange -> {
            byte[] text = ("echo: " + exchange.getRequestHeaders().getFirst("Authorization") + " end")
                .getBytes(StandardCharsets.UTF_8);
            int split = 6 + "Bearer ".length() + REAL.length() / 2;
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream body = exchange.getResponseBody();
            body.write(text, 0, split);
            body.flush(); // one chunk ends within the token
            sleep(200);
            body.write(text, split, text.length - split);
            exchange.close();
        });
        startGithub();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/echo", TestTls.SERVED, "Authorization: Bearer " + PH));
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals("echo: " + MASKED_BEARER + " end", response.text());
        }
        assertEquals("Bearer " + REAL, standIn.received.get(0).header("Authorization"), "positive control");
    }

    /** Content-Length and close-delimited bodies written in two TCP writes, and chunked trailers. */
    @Test
    void aTokenSplitAcrossWritesIsMaskedInEveryFramingAndInTrailers() throws Exception {
        for (String framing : List.of("length", "close", "trailer")) {
            RawTlsServer server = raw(socket -> {
                String head = RawTlsServer.readHead(socket);
                String authorization = head.lines().filter(l -> l.startsWith("Authorization: ")).findFirst()
                    .orElseThrow().substring("Authorization: ".length());
                byte[] text = ("<Error><Request>" + authorization + "</Request></Error>").getBytes(StandardCharsets.UTF_8);
                int split = 20 + REAL.length() / 3;
                OutputStream out = socket.getOutputStream();
                if (framing.equals("trailer")) {
                    out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Echo\r\n\r\n"
                        + Integer.toHexString(text.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(text);
                    out.write(("\r\n0\r\nX-Echo: " + authorization + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                out.write(("HTTP/1.1 200 OK\r\n" + (framing.equals("length") ? "Content-Length: " + text.length
                    : "Connection: close") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(text, 0, split);
                out.flush();
                sleep(200);
                out.write(text, split, text.length - split);
                out.flush();
            });
            startGithub();
            try (SSLSocket tls = Sandbox.tls(socket(), server.port(), TestTls.SERVED)) {
                // Connection: close, so that the whole answer, framing included, can be read to its end.
                Sandbox.send(tls, get("/", TestTls.SERVED, "Authorization: token " + PH, "Connection: close"));
                String all = new String(tls.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(all.contains(REAL), framing + ": " + all);
                // The proxy re-chunks as it masks: judge the body with the chunk boundaries taken out.
                String body = all.replaceAll("\r\n[0-9a-f]+\r\n", "");
                assertTrue(body.contains("<Request>token " + "x".repeat(REAL.length()) + "</Request>"), framing + ": " + all);
                if (framing.equals("length")) {
                    assertTrue(all.contains("Content-Length: " + (34 + "token ".length() + REAL.length()) + "\r\n"), all);
                }
                if (framing.equals("trailer")) {
                    assertTrue(all.contains("X-Echo: token " + "x".repeat(REAL.length()) + "\r\n"), all);
                }
            }
            proxy.close();
            server.close();
        }
    }

    /** 50 MB with the token in it: masked everywhere, and the answer flows before the server has sent it all. */
    @Test
    void aLargeBodyStreamsThroughWithoutBeingHeld() throws Exception {
        long size = 50L * 1024 * 1024;
        byte[] token = REAL.getBytes(StandardCharsets.US_ASCII);
        CountDownLatch firstPartRead = new CountDownLatch(1);
        StandIn standIn = standIn(exchange -> {
            exchange.sendResponseHeaders(200, size);
            OutputStream out = exchange.getResponseBody();
            byte[] block = new byte[1024 * 1024];
            Arrays.fill(block, (byte) '.');
            // The token at the start, across the 16 KiB read boundary, and at the very end of each MiB.
            System.arraycopy(token, 0, block, 0, token.length);
            System.arraycopy(token, 0, block, 16 * 1024 - 10, token.length);
            System.arraycopy(token, 0, block, block.length - token.length, token.length);
            for (int i = 0; i < 50; i++) {
                out.write(block);
                if (i == 0) {
                    out.flush();
                    try {
                        // The server goes on only once the sandbox has read from the first MiB.
                        assertTrue(firstPartRead.await(20, TimeUnit.SECONDS), "the proxy held the answer back");
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
            exchange.close();
        });
        startGithub();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/big", TestTls.SERVED, "Authorization: Bearer " + PH));
            InputStream in = tls.getInputStream();
            assertTrue(Sandbox.line(in).startsWith("HTTP/1.1 200"));
            long length = -1;
            for (String line; !(line = Sandbox.line(in)).isEmpty(); ) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            assertEquals(size, length, "the length stays the server's");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            long masked = 0;
            byte[] tail = new byte[0];
            while (total < size) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - total));
                assertTrue(n > 0, "the body ended early");
                if (total == 0) {
                    firstPartRead.countDown();
                }
                total += n;
                // Judge each read with the end of the one before, so that a token across reads is seen.
                byte[] window = new byte[tail.length + n];
                System.arraycopy(tail, 0, window, 0, tail.length);
                System.arraycopy(buffer, 0, window, tail.length, n);
                String text = new String(window, StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(REAL), "the real token reached the sandbox at " + total);
                masked += n - new String(buffer, 0, n, StandardCharsets.ISO_8859_1).replace("x", "").length();
                tail = Arrays.copyOfRange(window, Math.max(0, window.length - token.length), window.length);
            }
            assertEquals(size, total);
            assertEquals(50L * 3 * token.length, masked, "every occurrence is masked, nothing else");
        }
        assertEquals("Bearer " + REAL, standIn.received.get(0).header("Authorization"), "positive control");
    }

    /** A server that answers compressed although asked not to: the proxy decodes it, then masks. */
    @Test
    void aGzipAnswerIsDecodedThenMasked() throws Exception {
        StandIn standIn = standIn(exchange -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(("you sent " + exchange.getRequestHeaders().getFirst("Authorization"))
                    .getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, zipped.size());
            exchange.getResponseBody().write(zipped.toByteArray());
            exchange.close();
        });
        startGithub();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/gz", TestTls.SERVED, "Authorization: Bearer " + PH, "Accept-Encoding: gzip"));
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals(200, response.status());
            assertNull(response.header("Content-Encoding"), "the sandbox gets the decoded body");
            assertNull(response.header("Content-Length"));
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals("you sent " + MASKED_BEARER, response.text());
            // The connection goes on after the re-framed answer.
            Sandbox.send(tls, get("/gz", TestTls.SERVED, "Authorization: Bearer " + PH));
            assertEquals("you sent " + MASKED_BEARER, Sandbox.read(tls.getInputStream(), false).text());
        }
        assertEquals("Bearer " + REAL, standIn.received.get(0).header("Authorization"), "positive control");
    }

    /** A coding the JDK cannot decode cannot be scanned: the sandbox gets an error, not the body. */
    @Test
    void anAnswerInACodingTheProxyCannotDecodeIsRefused() throws Exception {
        StandIn standIn = standIn(exchange -> {
            byte[] body = ("pretend-brotli " + exchange.getRequestHeaders().getFirst("Authorization"))
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Encoding", "br");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        startGithub();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/br", TestTls.SERVED, "Authorization: Bearer " + PH));
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals(502, response.status());
            assertFalse(response.text().contains(REAL));
            assertTrue(response.text().contains("content coding"), response.text());
        }
        assertEquals("Bearer " + REAL, standIn.received.get(0).header("Authorization"), "positive control");
    }

    /** S3's SignatureDoesNotMatch quotes the canonical request: the real session token is in it. */
    @Test
    void anS3ErrorQuotingTheSessionTokenIsMasked() throws Exception {
        AwsKeys placeholder = Placeholders.aws();
        AwsKeys real = AwsKeys.of("ASIAQWERTYUIOPASDFGH", "Rea1/Secret+Key0123456789abcdefghijklmnop",
            "IQoJb3JpZ2luX2VjEReal/Session+Token0123456789abcdefghijklmnopqrstuvwxyz==");
        String token = real.sessionToken().orElseThrow();
        String encodedToken = token.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D");
        StandIn standIn = standIn(exchange -> {
            String received = exchange.getRequestHeaders().getFirst("X-amz-security-token");
            byte[] body = ("<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET\n/o\n"
                + "X-Amz-Security-Token=" + received.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D")
                + "\nx-amz-security-token:" + received + "\n</CanonicalRequest><Secret>" + real.secretAccessKey()
                + "</Secret></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amz-echo-token", received);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        start(new SigV4Swap(List.of(TestTls.SERVED), placeholder, () -> real));
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, s3Get(placeholder, Map.of()));
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals(403, response.status(), response.text());
            assertTrue(response.text().contains("SignatureDoesNotMatch"), "positive control: the error came through");
            assertFalse(response.text().contains(token), response.text());
            assertFalse(response.text().contains(encodedToken), response.text());
            assertFalse(response.text().contains(real.secretAccessKey()), response.text());
            assertEquals("x".repeat(token.length()), response.header("x-amz-echo-token"));
        }
        assertEquals(token, standIn.received.get(0).header("X-amz-security-token"), "positive control");
    }

    /** A server that keeps what one request sent and returns it on another connection, to a request without placeholder. */
    @Test
    void aTokenKeptByTheServerIsMaskedOnAnotherConnectionToo() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> kept = new java.util.concurrent.atomic.AtomicReference<>();
        StandIn standIn = standIn(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/keep")) {
                kept.set(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] body = ("kept: " + kept.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        startGithub();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/keep", TestTls.SERVED, "Authorization: Bearer " + PH));
            assertEquals("kept: " + MASKED_BEARER, Sandbox.read(tls.getInputStream(), false).text());
        }
        assertEquals("Bearer " + REAL, kept.get(), "positive control: the server kept the real token");
        try (SSLSocket other = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(other, get("/fetch", TestTls.SERVED));
            assertEquals("kept: " + MASKED_BEARER, Sandbox.read(other.getInputStream(), false).text());
        }
    }

    /** An S3 GET of /o as the sandbox's SDK sends it, signed with {@code keys}. */
    private static String s3Get(AwsKeys keys, Map<String, String> headers) {
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request("GET", TestTls.SERVED, "/o", headers), null,
            keys, "s3", r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        StringBuilder request = new StringBuilder("GET /o HTTP/1.1\r\n");
        signed.forEachHeader((name, values) -> values.forEach(v -> request.append(name + ": " + v + "\r\n")));
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            request.append("Host: ").append(TestTls.SERVED).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /**
     * A signature covering Accept-Encoding: the proxy leaves it (changing it would break the
     * signature), and decodes the compressed answer before masking it.
     */
    @Test
    void aSignedAcceptEncodingStaysAndTheCompressedAnswerIsDecodedThenMasked() throws Exception {
        AwsKeys placeholder = Placeholders.aws();
        AwsKeys real = AwsKeys.of("ASIAQWERTYUIOPASDFGH", "Rea1/Secret+Key0123456789abcdefghijklmnop",
            "IQoJb3JpZ2luX2VjEReal/Session+Token0123456789abcdefghijklmnopqrstuvwxyz==");
        StandIn standIn = standIn(exchange -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(("token=" + exchange.getRequestHeaders().getFirst("X-amz-security-token"))
                    .getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, zipped.size());
            exchange.getResponseBody().write(zipped.toByteArray());
            exchange.close();
        });
        start(new SigV4Swap(List.of(TestTls.SERVED), placeholder, () -> real));
        String request = s3Get(placeholder, Map.of("Accept-Encoding", "gzip"));
        assertTrue(request.matches("(?s).*SignedHeaders=[^,]*accept-encoding.*"), "the SDK signed it: " + request);
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, request);
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals(200, response.status(), response.text());
            assertNull(response.header("Content-Encoding"));
            assertEquals("token=" + "x".repeat(real.sessionToken().orElseThrow().length()), response.text());
        }
        assertEquals("gzip", standIn.received.get(0).header("Accept-encoding"), "the signed field was not touched");
        assertEquals(real.sessionToken().orElseThrow(), standIn.received.get(0).header("X-amz-security-token"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
