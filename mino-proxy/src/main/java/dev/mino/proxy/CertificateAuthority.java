package dev.mino.proxy;

import dev.mino.proxy.internal.CaDirectory;
import dev.mino.proxy.internal.Certificates;
import dev.mino.proxy.internal.EcKeys;
import dev.mino.proxy.internal.LeafCertificates;
import dev.mino.proxy.internal.Pem;
import dev.mino.proxy.internal.SniKeyManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The per-user certificate authority mino makes once and reuses: sandboxes trust it, and the
 * credential proxy presents certificates it signs for the provider hosts whose traffic it
 * decrypts. Its private key stays in the user's state directory (mode 0600 in a 0700 directory)
 * and never enters a sandbox.
 *
 * <p>The authority is an EC P-256 key with a self-signed certificate valid for ten years, which
 * may sign server certificates only (path length 0). Server certificates are minted on demand,
 * one per host, valid for seven days, and renewed a day before they end. Instances are
 * thread-safe.
 */
public final class CertificateAuthority {
    /** The password of {@link #javaTrustStore()}; it guards nothing, the store holds only public certificates. */
    public static final String TRUST_STORE_PASSWORD = "changeit";
    /** The private key's file in the directory: PKCS#8 PEM, mode 0600. */
    public static final String KEY_FILE = "ca-key.pem";
    /** The certificate's file in the directory: PEM. */
    public static final String CERTIFICATE_FILE = "ca-cert.pem";

    private static final System.Logger LOG = System.getLogger(CertificateAuthority.class.getName());
    /** The authority must outlast any server certificate it signs; a shorter rest is refused. */
    private static final Duration MIN_REMAINING = Certificates.LEAF_LIFETIME.plus(Duration.ofDays(1));
    private static final String TRUST_STORE_ALIAS = "mino-sandbox-ca";

    private final X509Certificate certificate;
    private final LeafCertificates leaves;
    /** Made on first use: reading the JDK's anchors takes a moment, and they do not change while it runs. */
    private volatile byte[] trustStore;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.leaves = new LeafCertificates(certificate, key, Clock.systemUTC());
    }

    /**
     * Loads the authority from {@code directory}, or makes it there when there is none yet. The
     * directory is created (mode 0700) when missing. Two threads or processes doing this at once
     * end with one authority.
     *
     * @param directory the user's directory for it, such as mino's state directory's {@code ca}
     * @return the authority
     * @throws ProxyException when the directory or a file in it is a symbolic link, not the
     *     user's own or open to other users, or a file cannot be read as the authority's
     */
    public static CertificateAuthority loadOrCreate(Path directory) {
        CaDirectory files = CaDirectory.open(Objects.requireNonNull(directory, "directory"));
        return files.locked(() -> {
            Optional<String> key = files.read(KEY_FILE, true);
            Optional<String> certificate = files.read(CERTIFICATE_FILE, false);
            if (key.isPresent() && certificate.isPresent()) {
                return load(files, key.get(), certificate.get());
            }
            if (key.isPresent() || certificate.isPresent()) {
                // Only the key: a crash between the two writes. Only the certificate: useless.
                LOG.log(Level.WARNING, "{0} holds only half of a certificate authority; making a new one",
                    files.path());
            }
            return create(files);
        });
    }

    private static CertificateAuthority create(CaDirectory files) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = EcKeys.generate(random);
        X509Certificate certificate = Certificates.authority(keys, Instant.now(), random);
        // The key first: a crash before the certificate is written leaves a lone key, made anew next time.
        files.write(KEY_FILE, Pem.encode(Pem.PRIVATE_KEY, keys.getPrivate().getEncoded()), true);
        files.write(CERTIFICATE_FILE, pem(certificate), false);
        LOG.log(Level.INFO, "Created the certificate authority {0} in {1}",
            certificate.getSubjectX500Principal().getName(), files.path());
        return new CertificateAuthority(certificate, keys.getPrivate());
    }

    private static CertificateAuthority load(CaDirectory files, String keyPem, String certificatePem) {
        Path keyFile = files.path().resolve(KEY_FILE);
        Path certificateFile = files.path().resolve(CERTIFICATE_FILE);
        String afresh = "Remove the directory " + files.path() + " to let mino make a new certificate authority "
            + "(sandboxes started afterwards trust the new one).";
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Pem.decode(Pem.CERTIFICATE, certificatePem)));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new ProxyException(
                "The certificate authority's certificate " + certificateFile + " cannot be read: " + e.getMessage(),
                afresh, e);
        }
        PrivateKey key;
        try {
            key = EcKeys.privateKey(Pem.decode(Pem.PRIVATE_KEY, keyPem));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ProxyException(
                "The certificate authority's private key " + keyFile + " cannot be read: " + e.getMessage(), afresh, e);
        }
        if (!(certificate.getPublicKey() instanceof ECPublicKey) || certificate.getBasicConstraints() < 0
                || !EcKeys.matches(key, certificate.getPublicKey())) {
            throw new ProxyException(
                "The certificate authority's files in " + files.path() + " do not belong together: " + certificateFile
                    + " is not an EC certificate authority for the key in " + keyFile,
                afresh);
        }
        Instant end = certificate.getNotAfter().toInstant();
        if (Instant.now().plus(MIN_REMAINING).isAfter(end)) {
            throw new ProxyException(
                "The certificate authority in " + certificateFile + " expires on " + end, afresh);
        }
        return new CertificateAuthority(certificate, key);
    }

    /**
     * The authority's certificate, which sandboxes trust.
     *
     * @return the self-signed certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The authority's certificate in PEM, as {@code SSL_CERT_FILE} and its kind expect it.
     *
     * @return one {@code CERTIFICATE} block, ending with a line break
     */
    public String certificatePem() {
        return pem(certificate);
    }

    private static String pem(X509Certificate certificate) {
        try {
            return Pem.encode(Pem.CERTIFICATE, certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encode a certificate this JVM parsed", e);
        }
    }

    /**
     * A PKCS#12 trust store, password {@link #TRUST_STORE_PASSWORD}, holding this JVM's default
     * trust anchors and this authority: a JVM in the sandbox given it trusts both the public
     * servers and the proxy.
     *
     * @return the store's bytes
     */
    public byte[] javaTrustStore() {
        byte[] store = trustStore;
        if (store == null) {
            store = makeTrustStore();
            trustStore = store;
        }
        return store.clone();
    }

    private byte[] makeTrustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (X509Certificate anchor : defaultAnchors()) {
                store.setCertificateEntry("jdk-" + index++, anchor);
            }
            store.setCertificateEntry(TRUST_STORE_ALIAS, certificate);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new ProxyException("Cannot make a Java trust store: " + e.getMessage(),
                "This Java runtime's default trust store could not be read; check its cacerts file.", e);
        }
    }

    private static X509Certificate[] defaultAnchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return ((X509TrustManager) manager).getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }

    /**
     * A TLS server context that presents, on each connection, a certificate signed by this
     * authority for the host name the client asked for (SNI), minted on first use and cached.
     * A connection that names no host, or a name that is not a valid DNS name, gets no
     * certificate, and its handshake fails.
     *
     * @return a new context; the certificates it presents are shared with every other context of
     *     this authority
     */
    public SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SniKeyManager(leaves)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime has no TLS", e);
        }
    }

    /**
     * The server certificate the proxy presents for {@code host} now, minted if needed: subject
     * alternative name the host in lower case, for server authentication, signed by this
     * authority.
     *
     * @param host a DNS name, such as {@code api.github.com}
     * @return the leaf certificate
     * @throws ProxyException when {@code host} is not a valid DNS name
     */
    public X509Certificate leafFor(String host) {
        return leaves.forHost(host).certificate();
    }

    /** Names the authority, never its key. */
    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
