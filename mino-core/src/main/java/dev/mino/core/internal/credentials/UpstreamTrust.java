package dev.mino.core.internal.credentials;

import dev.mino.core.InvalidSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom the credential proxy trusts when it connects to a provider's host: the JDK's authorities,
 * plus those of a PEM file the user named (a company authority in front of an enterprise
 * GitHub). Never mino's own authority, which only the sandbox trusts.
 */
public final class UpstreamTrust {
    private UpstreamTrust() {
    }

    /**
     * The TLS client context for the proxy's connections to the providers' hosts.
     *
     * @param extraAuthorities a PEM file of further authorities, if any
     * @throws InvalidSpecException when the file cannot be read or holds no certificate
     */
    public static SSLContext context(Optional<Path> extraAuthorities) {
        try {
            if (extraAuthorities.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int index = 0;
            for (X509Certificate authority : jdkAuthorities()) {
                anchors.setCertificateEntry("jdk-" + index++, authority);
            }
            Collection<? extends Certificate> extra = read(extraAuthorities.get());
            for (Certificate certificate : extra) {
                anchors.setCertificateEntry("extra-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK's TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new InvalidSpecException("the certificate file " + file + " for the credential proxy holds no "
                    + "certificate", "give a file of PEM certificates (-----BEGIN CERTIFICATE-----)");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSpecException("the certificate file " + file + " for the credential proxy cannot be read: "
                + e.getMessage(), "give a readable file of PEM certificates (-----BEGIN CERTIFICATE-----)");
        }
    }

    private static X509Certificate[] jdkAuthorities() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
