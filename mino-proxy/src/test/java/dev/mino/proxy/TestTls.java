package dev.mino.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for the tests, made once with the JDK's keytool: one the proxy presents for the
 * intercepted names (what the per-user CA would make), one the stand-in servers present.
 */
final class TestTls {
    static final String SERVED = "api.github.test";
    static final String OTHER = "other.test";
    private static final char[] PASSWORD = "changeit".toCharArray();

    static final KeyStore PROXY_KEYS;
    static final KeyStore STAND_IN_KEYS;

    static {
        try {
            Path dir = Files.createTempDirectory("mino-proxy-tls");
            // unlisted.github.test: served by the proxy, absent from the stand-in's certificate.
            PROXY_KEYS = generate(dir, "proxy", "dns:" + SERVED + ",dns:git.github.test,dns:unlisted.github.test");
            STAND_IN_KEYS = generate(dir, "standin", "dns:" + SERVED + ",dns:" + OTHER + ",dns:git.github.test");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestTls() {
    }

    private static KeyStore generate(Path dir, String alias, String san) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=" + alias, "-ext", "san=" + san, "-validity", "2",
            "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    static X509Certificate certificate(KeyStore keys) throws Exception {
        return (X509Certificate) keys.getCertificate(keys.aliases().nextElement());
    }

    static SSLContext server(KeyStore keys) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    static SSLContext trusting(KeyStore... stores) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (KeyStore store : stores) {
            trust.setCertificateEntry("c" + i++, certificate(store));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
