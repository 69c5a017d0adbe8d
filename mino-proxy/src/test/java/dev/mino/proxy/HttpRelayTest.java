package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP/1.1 relay's framing and limits, against raw TLS stand-ins. */
class HttpRelayTest {
    static final String PH = CredentialProxyTest.PH;
    static final String HOST = TestTls.SERVED;

    @TempDir
    Path dir;

    CredentialProxy proxy;
    final List<byte[]> bodiesSeenBySwap = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A swap that wants the body (as AWS re-signing does) and records it. */
    final CredentialSwap bodySwap = new CredentialSwap() {
        @Override
        public String provider() {
            return "aws";
        }

        @Override
        public boolean servesHost(String host) {
            return host.equals(HOST);
        }

        @Override
        public boolean needsBody(ProxiedRequest request) {
            return request.method().equals("PUT");
        }

        @Override
        public boolean apply(ProxiedRequest request) {
            request.body().ifPresent(bodiesSeenBySwap::add);
            return false;
        }
    };

    Path start(long maxBody) throws Exception {
        proxy = CredentialProxy.start(ProxySettings.builder()
            .listenSocket(dir.resolve("proxy.sock"))
            .upstream(Upstream.direct())
            .serverTls(TestTls.server(TestTls.PROXY_KEYS))
            .upstreamTls(TestTls.trusting(TestTls.STAND_IN_KEYS))
            .swap(new TokenSwap("github", List.of(HOST), Map.of(PH, () -> CredentialProxyTest.REAL)))
            .swap(bodySwap)
            .maxBodyBytes(maxBody)
            .build());
        return dir.resolve("proxy.sock");
    }

    @Test
    void aSwapThatNeedsTheBodyGetsItAndTheServerGetsItToo() throws Exception {
        try (StandIn standIn = StandIn.ok()) {
            Path socket = start(16);
            try (SSLSocket tls = Sandbox.tls(socket, standIn.port(), HOST)) {
                Sandbox.send(tls, "PUT /b/k HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 5\r\n\r\nhello");
                assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
                Sandbox.send(tls, "PUT /b/k HTTP/1.1\r\nHost: " + HOST + "\r\nExpect: 100-continue\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
                assertEquals(100, Sandbox.read(tls.getInputStream(), false).status());
                Sandbox.send(tls, "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
                assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
                Sandbox.send(tls, "PUT /empty HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
                assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
            }
            assertEquals(3, bodiesSeenBySwap.size());
            assertArrayEquals("hello".getBytes(), bodiesSeenBySwap.get(0));
            assertArrayEquals("abcde".getBytes(), bodiesSeenBySwap.get(1));
            assertArrayEquals(new byte[0], bodiesSeenBySwap.get(2), "no body is an empty array");
            assertEquals("hello", new String(standIn.received.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("abcde", new String(standIn.received.get(1).body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBodyLargerThanTheBoundIs413AndNothingGoesUpstream() throws Exception {
        try (StandIn standIn = StandIn.ok()) {
            Path socket = start(16);
            for (String request : List.of(
                "PUT /k HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 17\r\n\r\n" + "x".repeat(17),
                "PUT /k HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + "x".repeat(16)
                    + "\r\n1\r\nx\r\n0\r\n\r\n")) {
                try (SSLSocket tls = Sandbox.tls(socket, standIn.port(), HOST)) {
                    Sandbox.send(tls, request);
                    assertEquals(413, Sandbox.read(tls.getInputStream(), false).status());
                }
            }
            assertTrue(standIn.received.isEmpty());
            assertTrue(bodiesSeenBySwap.isEmpty());
        }
    }

    @Test
    void tooLongLinesTooManyFieldsAndOtherVersionsAreAnswered() throws Exception {
        try (StandIn standIn = StandIn.ok()) {
            Path socket = start(16);
            Map<String, Integer> cases = Map.of(
                "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n", 414,
                "GET / HTTP/1.1\r\nHost: " + HOST + "\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n", 431,
                "GET / HTTP/1.1\r\nHost: " + HOST + "\r\n" + "X-A: b\r\n".repeat(300) + "\r\n", 431,
                "GET / HTTP/1.0\r\nHost: " + HOST + "\r\n\r\n", 505,
                "GET / HTTP/1.1\r\n\r\n", 400,
                "GET / HTTP/1.1\r\nHost: " + HOST + "\r\nX-Nul: a\u0000b\r\n\r\n", 400,
                "GET / HTTP/1.1\r\nHost: " + HOST + "\r\nExpect: something\r\n\r\n", 417);
            for (Map.Entry<String, Integer> c : cases.entrySet()) {
                try (SSLSocket tls = Sandbox.tls(socket, standIn.port(), HOST)) {
                    Sandbox.send(tls, c.getKey());
                    assertEquals(c.getValue(), Sandbox.read(tls.getInputStream(), false).status(),
                        c.getKey().substring(0, Math.min(40, c.getKey().length())));
                }
            }
            assertTrue(standIn.received.isEmpty());
        }
    }

    @Test
    void chunkedAnswersWithTrailersAndCloseDelimitedAnswersArriveWhole() throws Exception {
        try (RawTlsServer server = new RawTlsServer(socket -> {
            String head = RawTlsServer.readHead(socket);
            var out = socket.getOutputStream();
            if (head.startsWith("GET /chunked")) {
                out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                    + "4;x=y\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Sum: 9\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                head = RawTlsServer.readHead(socket);
            }
            if (head.startsWith("GET /close")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end".getBytes(StandardCharsets.US_ASCII));
            }
        })) {
            Path socket = start(16);
            try (SSLSocket tls = Sandbox.tls(socket, server.port(), HOST)) {
                Sandbox.send(tls, CredentialProxyTest.get("/chunked", HOST));
                Sandbox.Response chunked = Sandbox.read(tls.getInputStream(), false);
                assertEquals("wikipedia", chunked.text());
                Sandbox.send(tls, CredentialProxyTest.get("/close", HOST));
                Sandbox.Response untilClose = Sandbox.read(tls.getInputStream(), false);
                assertEquals("until the end", untilClose.text());
            }
            assertEquals(1, server.connections.get(), "both on one upstream connection");
        }
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedForTheNextRequest() throws Exception {
        try (RawTlsServer server = new RawTlsServer(socket -> {
            RawTlsServer.readHead(socket);
            // Claims keep-alive, then closes: as a server's idle timeout does between requests.
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        })) {
            Path socket = start(16);
            try (SSLSocket tls = Sandbox.tls(socket, server.port(), HOST)) {
                for (int i = 0; i < 3; i++) {
                    Sandbox.send(tls, CredentialProxyTest.get("/", HOST, "Authorization: Bearer " + PH));
                    assertEquals("ok", Sandbox.read(tls.getInputStream(), false).text());
                    Thread.sleep(100);
                }
            }
            assertEquals(3, server.connections.get());
        }
    }

    @Test
    void aMalformedAnswerIsA502() throws Exception {
        try (RawTlsServer server = new RawTlsServer(socket -> {
            RawTlsServer.readHead(socket);
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"
                .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        })) {
            Path socket = start(16);
            try (Socket tls = Sandbox.tls(socket, server.port(), HOST)) {
                Sandbox.send(tls, CredentialProxyTest.get("/", HOST));
                assertEquals(502, Sandbox.read(tls.getInputStream(), false).status());
            }
        }
    }
}
