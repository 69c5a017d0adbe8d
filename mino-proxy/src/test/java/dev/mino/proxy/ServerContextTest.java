package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes on localhost against {@link CertificateAuthority#serverContext()}. */
class ServerContextTest {
    private static final String HOST = "api.github.test";

    @TempDir
    Path temp;

    private CertificateAuthority authority;
    private SSLServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeEach
    void startServer() throws IOException {
        authority = CertificateAuthority.loadOrCreate(temp.resolve("ca"));
        server = (SSLServerSocket) authority.serverContext().getServerSocketFactory()
            .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        executor.submit(this::serve);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        executor.shutdownNow();
    }

    /** Answers each connection with one byte after the handshake, until the socket closes. */
    private Void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                executor.submit(() -> {
                    try (socket) {
                        InputStream in = socket.getInputStream();
                        int ping = in.read();
                        OutputStream out = socket.getOutputStream();
                        out.write(ping + 1);
                        out.flush();
                    } catch (IOException expectedForFailedHandshakes) {
                        // The negative tests end here.
                    }
                    return null;
                });
            } catch (IOException closed) {
                return null;
            }
        }
        return null;
    }

    /** Connects to the server under {@code sniHost}, checking the name as HTTPS clients do. */
    private SSLSocket connect(KeyStore trust, String sniHost) throws Exception {
        return connect(trust, sniHost == null ? null : new SNIHostName(sniHost), null);
    }

    /**
     * Connects to the server, asking for {@code sniHost} (none when null) over {@code protocol}
     * (the JDK's choice when null), checking the name as HTTPS clients do.
     */
    private SSLSocket connect(KeyStore trust, SNIHostName sniHost, String protocol) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, factory.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
        plain.setSoTimeout(10_000);
        SSLSocket socket = (SSLSocket) client.getSocketFactory()
            .createSocket(plain, sniHost == null ? "localhost" : sniHost.getAsciiName(), server.getLocalPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sniHost == null ? List.<SNIServerName>of() : List.<SNIServerName>of(sniHost));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private KeyStore onlyTheAuthority() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", authority.certificate());
        return store;
    }

    private static int roundTrip(SSLSocket socket) throws IOException {
        socket.getOutputStream().write(41);
        socket.getOutputStream().flush();
        return socket.getInputStream().read();
    }

    @Test
    void aClientTrustingTheAuthorityGetsACertificateForTheNameItAsked() throws Exception {
        try (SSLSocket socket = connect(onlyTheAuthority(), HOST)) {
            X509Certificate[] chain = (X509Certificate[]) socket.getSession().getPeerCertificates();
            assertEquals(2, chain.length, "leaf and authority");
            assertEquals(List.of(List.of(2, HOST)), List.copyOf(chain[0].getSubjectAlternativeNames()));
            assertEquals(authority.certificate(), chain[1]);
            assertEquals(42, roundTrip(socket));
        }
    }

    @Test
    void eachNameGetsItsOwnCertificateOverTls12AndTls13() throws Exception {
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            for (String host : new String[] {"a.test", "B.Test"}) {
                try (SSLSocket socket = connect(onlyTheAuthority(), new SNIHostName(host), protocol)) {
                    assertEquals(protocol, socket.getSession().getProtocol());
                    X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    assertEquals(authority.leafFor(host), leaf, "the cached leaf for " + host);
                    assertEquals(42, roundTrip(socket));
                }
            }
        }
    }

    @Test
    void aClientGivenTheJavaTrustStoreTrustsTheProxy() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new java.io.ByteArrayInputStream(authority.javaTrustStore()),
            CertificateAuthority.TRUST_STORE_PASSWORD.toCharArray());
        try (SSLSocket socket = connect(store, HOST)) {
            assertEquals(42, roundTrip(socket));
        }
    }

    @Test
    void aClientTrustingOnlyTheJdkAnchorsRefusesTheCertificate() {
        // KeyStore null: the JDK's default anchors, as a program in the sandbox without our CA has.
        assertThrows(SSLHandshakeException.class, () -> connect(null, HOST).close());
    }

    @Test
    void withoutAServerNameThereIsNoCertificateAndNoHandshake() {
        SSLHandshakeException e =
            assertThrows(SSLHandshakeException.class, () -> connect(onlyTheAuthority(), null).close());
        assertTrue(e.getMessage().contains("handshake_failure"), "the server refused: " + e.getMessage());
    }

    @Test
    void aServerNameThatIsNoDnsNameGetsNoCertificate() throws Exception {
        // The JDK itself refuses wildcards, '_' and spaces in a server name; addresses it passes on.
        for (String name : new String[] {"10.0.0.1", "1.2.3", "127.0.0.1"}) {
            SNIHostName raw = new SNIHostName(name.getBytes(StandardCharsets.US_ASCII));
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> connect(onlyTheAuthority(), raw, null).close(), name);
            assertTrue(e.getMessage().contains("handshake_failure"), name + ": the server refused: " + e.getMessage());
        }
        // Positive control: the same client with a DNS name gets through.
        try (SSLSocket socket = connect(onlyTheAuthority(), new SNIHostName("ok.github.test"), null)) {
            assertEquals(42, roundTrip(socket));
        }
    }

    @Test
    void manyHandshakesAtOnceSucceed() throws Exception {
        List<Future<Integer>> results = new java.util.ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 16; i++) {
                String host = "h" + (i % 4) + ".test";
                results.add(clients.submit(() -> {
                    try (SSLSocket socket = connect(onlyTheAuthority(), host)) {
                        return roundTrip(socket);
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(42, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
