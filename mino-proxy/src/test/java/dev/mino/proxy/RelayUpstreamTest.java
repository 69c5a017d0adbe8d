package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayUpstreamTest {
    @TempDir
    Path dir;

    @Test
    void anOkAnswerGivesASocketThatTlsCanBeLayeredOn() throws Exception {
        try (StandIn standIn = StandIn.ok(); FakeGuard guard = new FakeGuard(dir.resolve("up.sock"), standIn.port(), false)) {
            Socket raw = Upstream.relay(dir.resolve("up.sock")).connect(InetAddress.getLoopbackAddress(), standIn.port());
            SSLSocket tls = (SSLSocket) TestTls.trusting(TestTls.STAND_IN_KEYS).getSocketFactory()
                .createSocket(raw, TestTls.SERVED, standIn.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(TestTls.SERVED)));
            tls.setSSLParameters(parameters);
            try (tls) {
                Sandbox.send(tls, CredentialProxyTest.get("/", TestTls.SERVED));
                assertEquals("ok", Sandbox.read(tls.getInputStream(), false).text());
            }
            assertEquals(List.of("CONNECT 127.0.0.1 " + standIn.port()), guard.lines);
        }
    }

    @Test
    void anErrAnswerIsAnIOExceptionWithItsText() throws Exception {
        try (FakeGuard guard = new FakeGuard(dir.resolve("up.sock"), 1, false)) {
            IOException e = assertThrows(IOException.class,
                () -> Upstream.relay(dir.resolve("up.sock")).connect(InetAddress.getByName("192.0.2.7"), 443));
            assertTrue(e.getMessage().contains("refused the connection to 192.0.2.7 port 443: destination not allowed"),
                e.getMessage());
            assertEquals(List.of("CONNECT 192.0.2.7 443"), guard.lines);
        }
    }

    @Test
    void aSilentGuardTimesOutAndAMissingOneIsReported() throws Exception {
        try (FakeGuard guard = new FakeGuard(dir.resolve("up.sock"), 1, true)) {
            IOException e = assertThrows(IOException.class, () -> Upstream.relay(dir.resolve("up.sock"),
                Duration.ofMillis(300)).connect(InetAddress.getLoopbackAddress(), 443));
            assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
            assertEquals(1, guard.lines.size());
        }
        IOException e = assertThrows(IOException.class,
            () -> Upstream.relay(dir.resolve("none.sock")).connect(InetAddress.getLoopbackAddress(), 443));
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
    }

    @Test
    void theProxySwapsAndTunnelsThroughTheRelay() throws Exception {
        try (StandIn standIn = StandIn.ok(); FakeGuard guard = new FakeGuard(dir.resolve("up.sock"), standIn.port(), false);
             CredentialProxy proxy = CredentialProxy.start(ProxySettings.builder()
                 .listenSocket(dir.resolve("proxy.sock"))
                 .upstream(Upstream.relay(dir.resolve("up.sock")))
                 .serverTls(TestTls.server(TestTls.PROXY_KEYS))
                 .upstreamTls(TestTls.trusting(TestTls.STAND_IN_KEYS))
                 .swap(new TokenSwap("github", List.of(TestTls.SERVED), Map.of(CredentialProxyTest.PH,
                     () -> CredentialProxyTest.REAL)))
                 .build())) {
            for (String host : List.of(TestTls.SERVED, TestTls.OTHER)) {
                try (SSLSocket tls = Sandbox.tls(proxy.settings().listenSocket(), standIn.port(), host)) {
                    Sandbox.send(tls, CredentialProxyTest.get("/", host, "Authorization: Bearer " + CredentialProxyTest.PH));
                    assertEquals(200, Sandbox.read(tls.getInputStream(), false).status());
                }
            }
            assertEquals("Bearer " + CredentialProxyTest.REAL, standIn.received.get(0).header("Authorization"));
            assertEquals("Bearer " + CredentialProxyTest.PH, standIn.received.get(1).header("Authorization"));
            assertEquals(2, guard.lines.size());
        }
    }
}
