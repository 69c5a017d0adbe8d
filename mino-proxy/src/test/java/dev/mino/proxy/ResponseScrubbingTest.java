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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
