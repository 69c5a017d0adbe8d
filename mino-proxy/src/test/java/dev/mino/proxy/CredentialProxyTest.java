package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialProxyTest {
    static final String PH = "ghp_PLACEHOLDERxxxxxxxxxxxxxxxxxxxxxxxxxx";
    static final String REAL = "ghp_REALTOKENyyyyyyyyyyyyyyyyyyyyyyyyyy";

    @TempDir
    Path dir;

    final List<SwapEvent> events = new CopyOnWriteArrayList<>();
    CredentialProxy proxy;
    StandIn standIn;

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    Path socket() {
        return dir.resolve("proxy.sock");
    }

    CredentialProxy start(Supplier<String> real, Upstream upstream) throws Exception {
        TokenSwap swap = new TokenSwap("github", List.of(TestTls.SERVED, "*.github.test"), Map.of(PH, real));
        proxy = CredentialProxy.start(ProxySettings.builder()
            .listenSocket(socket())
            .upstream(upstream)
            .serverTls(TestTls.server(TestTls.PROXY_KEYS))
            .upstreamTls(TestTls.trusting(TestTls.STAND_IN_KEYS))
            .swap(swap)
            .audit(events::add)
            .handshakeTimeout(java.time.Duration.ofSeconds(5))
            .build());
        return proxy;
    }

    CredentialProxy start() throws Exception {
        return start(() -> REAL, Upstream.direct());
    }

    static String get(String path, String host, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    void bearerTokenAndBasicPlaceholdersArriveRealOnOneKeptAliveConnection() throws Exception {
        standIn = StandIn.ok();
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            assertEquals("http/1.1", tls.getApplicationProtocol(), "the proxy offers HTTP/1.1 only");
            assertEquals(TestTls.certificate(TestTls.PROXY_KEYS), tls.getSession().getPeerCertificates()[0],
                "an intercepted host sees the proxy's certificate");
            String[] authorizations = {"Authorization: Bearer " + PH, "Authorization: token " + PH,
                basic("x-access-token", PH), basic(PH, "x-oauth-basic")};
            for (String authorization : authorizations) {
                Sandbox.send(tls, get("/user?page=1", TestTls.SERVED, authorization));
                Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
                assertEquals(200, response.status());
                assertEquals("ok", response.text());
            }
        }
        assertEquals(4, standIn.received.size());
        assertEquals("Bearer " + REAL, standIn.received.get(0).header("Authorization"));
        assertEquals("token " + REAL, standIn.received.get(1).header("Authorization"));
        assertEquals(basic("x-access-token", REAL), "Authorization: " + standIn.received.get(2).header("Authorization"));
        assertEquals(basic(REAL, "x-oauth-basic"), "Authorization: " + standIn.received.get(3).header("Authorization"));
        assertEquals(4, events.size());
        SwapEvent event = events.get(0);
        assertEquals("github", event.provider());
        assertEquals(TestTls.SERVED, event.host());
        assertEquals("GET", event.method());
        assertEquals("/user", event.path(), "the audit records the path without the query");
        assertFalse(event.toString().contains(REAL), "the audit event holds no token");
        assertFalse(event.toString().contains(PH), "the audit event holds no placeholder");
    }

    @Test
    void aHostNoSwapServesIsTunnelledUntouchedWithTheServersOwnCertificate() throws Exception {
        standIn = StandIn.ok();
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.OTHER)) {
            assertEquals(TestTls.certificate(TestTls.STAND_IN_KEYS), tls.getSession().getPeerCertificates()[0],
                "a tunnelled connection sees the real server's certificate");
            Sandbox.send(tls, get("/", TestTls.OTHER, "Authorization: Bearer " + PH));
            assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
        }
        assertEquals("Bearer " + PH, standIn.received.get(0).header("Authorization"));
        assertTrue(events.isEmpty());
    }

    @Test
    void aPlaceholderAnywhereButAuthorizationStaysAPlaceholder() throws Exception {
        standIn = StandIn.ok();
        start();
        String body = "{\"token\":\"" + PH + "\"}";
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, "POST /x?access_token=" + PH + " HTTP/1.1\r\nHost: " + TestTls.SERVED
                + "\r\nX-Token: " + PH + "\r\nProxy-Authorization: Bearer " + PH + "\r\nAuthorization: Bearer x" + PH
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
        }
        StandIn.Received received = standIn.received.get(0);
        assertEquals("/x?access_token=" + PH, received.uri());
        assertEquals(PH, received.header("X-token"));
        assertEquals("Bearer " + PH, received.header("Proxy-authorization"));
        assertEquals("Bearer x" + PH, received.header("Authorization"));
        assertEquals(body, new String(received.body(), StandardCharsets.UTF_8));
        assertTrue(events.isEmpty(), "nothing was swapped, nothing is audited");
    }

    @Test
    void aChunkedUploadWithExpectContinueArrivesWhole() throws Exception {
        standIn = StandIn.ok();
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, "POST /git-receive-pack HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\nAuthorization: Bearer "
                + PH + "\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
            Sandbox.Response interim = Sandbox.read(tls.getInputStream(), false);
            assertEquals(100, interim.status(), "the client gets 100 Continue before it sends the body");
            // (the JDK stand-in reads no trailers, so this body has none)
            Sandbox.send(tls, "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals(200, response.status(), response.text());
        }
        StandIn.Received received = standIn.received.get(0);
        assertEquals("hello world", new String(received.body(), StandardCharsets.UTF_8));
        assertEquals("Bearer " + REAL, received.header("Authorization"));
        assertNull(received.header("Expect"), "the proxy answered the expectation itself");
    }

    @Test
    void headNoContentAndNotModifiedHaveNoBodyAndTheConnectionGoesOn() throws Exception {
        standIn = new StandIn(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/204")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/304")) {
                exchange.sendResponseHeaders(304, -1);
            } else if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().add("Content-Length", "1234");
                exchange.sendResponseHeaders(200, -1);
            } else {
                StandIn.answerOk(exchange);
                return;
            }
            exchange.close();
        });
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/head", TestTls.SERVED).replaceFirst("GET", "HEAD"));
            Sandbox.Response head = Sandbox.read(tls.getInputStream(), true);
            assertEquals(200, head.status());
            assertEquals("1234", head.header("Content-Length"));
            Sandbox.send(tls, get("/204", TestTls.SERVED));
            assertEquals(204, Sandbox.read(tls.getInputStream(), false).status());
            Sandbox.send(tls, get("/304", TestTls.SERVED));
            assertEquals(304, Sandbox.read(tls.getInputStream(), false).status());
            Sandbox.send(tls, get("/last", TestTls.SERVED));
            Sandbox.Response last = Sandbox.read(tls.getInputStream(), false);
            assertEquals("ok", last.text(), "the connection still works after bodiless answers");
        }
        assertEquals(4, standIn.received.size());
    }

    @Test
    void a50MegabyteAnswerIsStreamedNotBuffered() throws Exception {
        int total = 50 * 1024 * 1024;
        CountDownLatch firstBytesArrived = new CountDownLatch(1);
        AtomicInteger streamed = new AtomicInteger();
        standIn = new StandIn(exchange -> {
            exchange.sendResponseHeaders(200, total);
            byte[] block = new byte[1024 * 1024];
            java.util.Arrays.fill(block, (byte) 'x');
            exchange.getResponseBody().write(block);
            exchange.getResponseBody().flush();
            try {
                // The rest is sent only once the client has seen the start: a buffering proxy deadlocks here.
                if (firstBytesArrived.await(20, TimeUnit.SECONDS)) {
                    streamed.set(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 1; i < 50; i++) {
                exchange.getResponseBody().write(block);
            }
            exchange.close();
        });
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/big", TestTls.SERVED));
            InputStream in = tls.getInputStream();
            assertEquals(200, Integer.parseInt(Sandbox.line(in).substring(9, 12)));
            while (!Sandbox.line(in).isEmpty()) {
                // headers
            }
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            while (received < total) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                received += n;
                firstBytesArrived.countDown();
            }
            assertEquals(total, received);
        }
        assertEquals(1, streamed.get(), "the first megabyte reached the client before the rest was sent");
    }

    @Test
    void smugglingAttemptsAreRefusedAndNothingGoesUpstream() throws Exception {
        standIn = StandIn.ok();
        start();
        String h = "POST / HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\nAuthorization: Bearer " + PH + "\r\n";
        String[] attempts = {
            h + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            h + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            h + "Content-Length: 5,5\r\n\r\nhello",
            h + "X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
            h + "Content-Length: 0\nX-Bare: lf\r\n\r\n",
            h + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            h + "Content-Length : 0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\nHost: evil.test\r\n\r\n",
            "GET /a b HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\n\r\n",
            "GET https://evil.test/ HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\nX: a\rb\r\n\r\n",
        };
        for (String attempt : attempts) {
            try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
                Sandbox.send(tls, attempt);
                Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
                assertTrue(response.status() == 400 || response.status() == 501, attempt + " -> " + response.status());
                assertEquals("close", response.header("Connection"));
                assertEquals(-1, tls.getInputStream().read(), "the connection ends after the refusal");
            }
        }
        assertTrue(standIn.received.isEmpty(), "nothing reached the server");
        assertTrue(events.isEmpty());
        // Positive control: the same request, well-formed, goes through.
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, h + "Content-Length: 5\r\n\r\nhello");
            assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
        }
        assertEquals(1, standIn.received.size());
    }

    @Test
    void aHostFieldNamingAnotherHostIsMisdirected() throws Exception {
        standIn = StandIn.ok();
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/", "evil.test", "Authorization: Bearer " + PH));
            assertEquals(421, Sandbox.read(tls.getInputStream(), false).status());
        }
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/", TestTls.SERVED + ":" + standIn.port(), "Authorization: Bearer " + PH));
            assertEquals(200, Sandbox.read(tls.getInputStream(), false).status(), "the host with its port is fine");
        }
        assertEquals(1, standIn.received.size());
    }

    @Test
    void upgradesAndConnectAreRefused() throws Exception {
        standIn = StandIn.ok();
        start();
        for (String request : List.of(get("/", TestTls.SERVED, "Connection: Upgrade", "Upgrade: websocket"),
            "CONNECT " + TestTls.SERVED + ":443 HTTP/1.1\r\nHost: " + TestTls.SERVED + "\r\n\r\n")) {
            try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
                Sandbox.send(tls, request);
                int status = Sandbox.read(tls.getInputStream(), false).status();
                assertTrue(status == 501 || status == 400, request + " -> " + status);
            }
        }
        assertTrue(standIn.received.isEmpty());
    }

    @Test
    void aRefusedSwapIsA502WithItsMessageAndNothingGoesUpstream() throws Exception {
        standIn = StandIn.ok();
        start(() -> {
            throw new IllegalStateException("refresh failed");
        }, Upstream.direct());
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/", TestTls.SERVED, "Authorization: Bearer " + PH));
            Sandbox.Response response = Sandbox.read(tls.getInputStream(), false);
            assertEquals(502, response.status());
            assertTrue(response.text().contains("github credential is not available"), response.text());
        }
        assertTrue(standIn.received.isEmpty());
    }

    @Test
    void theSupplierIsCalledForEveryRequestSoARefreshedTokenIsUsed() throws Exception {
        standIn = StandIn.ok();
        AtomicInteger calls = new AtomicInteger();
        start(() -> "ghs_token" + calls.incrementAndGet(), Upstream.direct());
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            for (int i = 0; i < 3; i++) {
                Sandbox.send(tls, get("/", TestTls.SERVED, "Authorization: Bearer " + PH));
                assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
            }
        }
        assertEquals("Bearer ghs_token1", standIn.received.get(0).header("Authorization"));
        assertEquals("Bearer ghs_token3", standIn.received.get(2).header("Authorization"));
    }

    @Test
    void garbageInsteadOfAClientHelloIsTunnelledAndTheProxyGoesOn() throws Exception {
        standIn = StandIn.ok();
        start();
        byte[][] garbage = {
            "hello, not TLS at all\r\n".getBytes(StandardCharsets.US_ASCII),
            {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff, 1, 2, 3},
            {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00},
        };
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            for (byte[] bytes : garbage) {
                try (Socket sandbox = Sandbox.raw(socket(), echo.getLocalPort())) {
                    sandbox.getOutputStream().write(bytes);
                    sandbox.shutdownOutput();
                    try (Socket server = echo.accept()) {
                        server.setSoTimeout(10_000);
                        assertArrayEquals(bytes, server.getInputStream().readAllBytes(), "tunnelled untouched");
                        server.getOutputStream().write("back".getBytes(StandardCharsets.US_ASCII));
                    }
                    assertEquals("back", new String(sandbox.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
        }
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/", TestTls.SERVED, "Authorization: Bearer " + PH));
            assertEquals(200, Sandbox.read(tls.getInputStream(), false).status(), "the proxy still works");
        }
    }

    /** Whether the peer closed: end of stream, or a reset when it closed with bytes unread. */
    static boolean closedByPeer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aFirstLineThatIsNotMinoProxyIsClosed() throws Exception {
        standIn = StandIn.ok();
        start();
        for (String line : List.of("GET / HTTP/1.1\n", "MINO-PROXY 2 127.0.0.1 443\n", "MINO-PROXY 1 localhost 443\n",
            "MINO-PROXY 1 127.0.0.1 0443\n", "MINO-PROXY 1 127.0.0.1 443 x\n", "x".repeat(500))) {
            try (Socket sandbox = Sandbox.rawWithoutLine(socket())) {
                Sandbox.send(sandbox, line);
                assertTrue(closedByPeer(sandbox), line);
            }
        }
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/", TestTls.SERVED));
            assertEquals(200, Sandbox.read(tls.getInputStream(), false).status(), "positive control");
        }
    }

    @Test
    void anUnreachableUpstreamIsA502WhenInterceptedAndAClosedConnectionWhenTunnelled() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        start();
        Socket raw = Sandbox.raw(socket(), closedPort);
        try (SSLSocket tls = Sandbox.tls(raw, TestTls.SERVED)) {
            Sandbox.send(tls, get("/", TestTls.SERVED, "Authorization: Bearer " + PH));
            assertEquals(502, Sandbox.read(tls.getInputStream(), false).status());
        }
        try (Socket sandbox = Sandbox.raw(socket(), closedPort)) {
            Sandbox.send(sandbox, "not tls");
            assertTrue(closedByPeer(sandbox));
        }
    }

    @Test
    void closeEndsLiveConnectionsAndRemovesTheSocketFile() throws Exception {
        start();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Socket sandbox = Sandbox.raw(socket(), silent.getLocalPort())) {
            Sandbox.send(sandbox, "x");
            sandbox.shutdownOutput();
            try (Socket server = silent.accept()) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (proxy.liveConnections() == 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(1, proxy.liveConnections());
                proxy.close();
                assertEquals(-1, sandbox.getInputStream().read(), "the live connection was closed");
                server.setSoTimeout(10_000);
                server.getInputStream().readAllBytes();
            }
        }
        assertFalse(Files.exists(socket()), "the socket file is gone");
        proxy.close(); // a second close does nothing
    }

    @Test
    void startRefusesAPathThatIsNotAStaleSocketAndReplacesAStaleOne() throws Exception {
        Files.writeString(socket(), "mine");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, this::start);
        assertEquals("mine", Files.readString(socket()));
        Files.delete(socket());
        // A socket nobody listens on any more, as a killed JVM leaves it.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket()));
        }
        assertTrue(Files.exists(socket()));
        start();
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> CredentialProxy.start(proxy.settings()),
            "a second proxy on a live socket is refused");
    }

    @Test
    void aSilentTunnelIsClosedAfterTheIdleTimeAndConnectionsBeyondTheLimitAreRefused() throws Exception {
        proxy = CredentialProxy.start(ProxySettings.builder()
            .listenSocket(socket())
            .upstream(Upstream.direct())
            .serverTls(TestTls.server(TestTls.PROXY_KEYS))
            .idleTimeout(java.time.Duration.ofMillis(300))
            .handshakeTimeout(java.time.Duration.ofMillis(300))
            .maxConnections(1)
            .build());
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Socket sandbox = Sandbox.raw(socket(), silent.getLocalPort())) {
            Sandbox.send(sandbox, "x");
            try (Socket server = silent.accept()) {
                try (Socket second = Sandbox.rawWithoutLine(socket())) {
                    boolean refused;
                    try {
                        Sandbox.send(second, "MINO-PROXY 1 127.0.0.1 " + silent.getLocalPort() + "\n");
                        refused = closedByPeer(second);
                    } catch (IOException e) {
                        refused = true; // closed before the line was written
                    }
                    assertTrue(refused, "a second connection is over the limit of one");
                }
                long started = System.nanoTime();
                assertTrue(closedByPeer(sandbox), "the silent tunnel was closed");
                long waited = (System.nanoTime() - started) / 1_000_000;
                assertTrue(waited < 5_000, "closed after " + waited + " ms");
                server.setSoTimeout(5_000);
                assertEquals('x', server.getInputStream().read(), "positive control: the tunnel carried the byte");
            }
        }
    }

    @Test
    void theProxyLogsNeitherTokensNorPlaceholdersNorQueries() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.mino.proxy");
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(new java.util.logging.SimpleFormatter().formatMessage(record)
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.ALL);
        logger.addHandler(handler);
        try {
            standIn = StandIn.ok();
            start(() -> REAL, Upstream.direct());
            try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
                Sandbox.send(tls, get("/user?secret=" + PH, TestTls.SERVED, "Authorization: Bearer " + PH));
                assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
                Sandbox.send(tls, get("/x", TestTls.SERVED, "Authorization: Bearer " + PH, "Authorization: Bearer " + PH));
                assertEquals(502, Sandbox.read(tls.getInputStream(), false).status());
            }
            try (Socket sandbox = Sandbox.rawWithoutLine(socket())) {
                Sandbox.send(sandbox, "Authorization: Bearer " + PH + "\n");
                closedByPeer(sandbox);
            }
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("intercepting a connection to " + TestTls.SERVED)),
            "positive control: the proxy's debug log was captured: " + logged);
        for (String line : logged) {
            assertFalse(line.contains(PH) || line.contains(REAL) || line.contains("secret"), line);
        }
    }

    @Test
    void noTokenGoesToAServerThatIsNotVerifiedAsTheHost() throws Exception {
        standIn = StandIn.ok();
        // A server whose certificate lacks the name: the proxy must not send the request.
        start();
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), "unlisted.github.test")) {
            Sandbox.send(tls, get("/", "unlisted.github.test", "Authorization: Bearer " + PH));
            assertEquals(502, Sandbox.read(tls.getInputStream(), false).status());
        }
        proxy.close();
        // A server the proxy's trust does not cover (the JDK's default trust here).
        proxy = CredentialProxy.start(ProxySettings.builder()
            .listenSocket(socket())
            .upstream(Upstream.direct())
            .serverTls(TestTls.server(TestTls.PROXY_KEYS))
            .swap(new TokenSwap("github", List.of(TestTls.SERVED), Map.of(PH, () -> REAL)))
            .build());
        try (SSLSocket tls = Sandbox.tls(socket(), standIn.port(), TestTls.SERVED)) {
            Sandbox.send(tls, get("/", TestTls.SERVED, "Authorization: Bearer " + PH));
            assertEquals(502, Sandbox.read(tls.getInputStream(), false).status());
        }
        assertTrue(standIn.received.isEmpty(), "the stand-in got no request, so no token");
    }
}
