package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authority's certificates: their profile, and that the JDK's PKIX validation accepts the chain. */
class CertificateAuthorityTest {
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path temp;

    private CertificateAuthority authority() {
        return CertificateAuthority.loadOrCreate(temp.resolve("ca"));
    }

    @Test
    void theAuthorityIsASelfSignedCaForServerCertificatesOnly() throws Exception {
        Instant before = Instant.now();
        X509Certificate ca = authority().certificate();

        assertEquals(3, ca.getVersion());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertTrue(ca.getSubjectX500Principal().getName(X500Principal.RFC2253)
                .matches("CN=mino sandbox CA [0-9a-f]{8},O=mino"),
            ca.getSubjectX500Principal().getName());
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertEquals("EC", ca.getPublicKey().getAlgorithm());
        BigInteger serial = ca.getSerialNumber();
        assertEquals(1, serial.signum());
        assertTrue(serial.bitLength() > 120 && serial.bitLength() <= 127, "16 positive octets: " + serial.bitLength());

        assertEquals(0, ca.getBasicConstraints(), "CA with path length 0");
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), ca.getCriticalExtensionOIDs());
        boolean[] usage = ca.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        for (int bit : new int[] {0, 1, 2, 3, 4, 7, 8}) {
            assertFalse(bit < usage.length && usage[bit], "no key usage bit " + bit);
        }
        assertNotNull(ca.getExtensionValue(SUBJECT_KEY_IDENTIFIER));

        Instant from = ca.getNotBefore().toInstant();
        Instant until = ca.getNotAfter().toInstant();
        assertTrue(Duration.between(from, before.minus(Duration.ofHours(1))).abs().getSeconds() < 60, "now - 1h");
        assertTrue(Duration.between(from, until).toDays() >= 3652, "ten years");
    }

    @Test
    void aServerCertificateNamesItsHostAndItsIssuersKey() throws Exception {
        CertificateAuthority authority = authority();
        X509Certificate ca = authority.certificate();
        X509Certificate leaf = authority.leafFor("API.GitHub.test");

        leaf.verify(ca.getPublicKey());
        assertEquals(ca.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(List.of(List.of(2, "api.github.test")), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        boolean[] usage = leaf.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        for (int bit = 1; bit < usage.length; bit++) {
            assertFalse(usage[bit], "only digitalSignature, not bit " + bit);
        }
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertEquals("EC", leaf.getPublicKey().getAlgorithm());
        assertNotEquals(ca.getPublicKey(), leaf.getPublicKey());

        // authorityKeyIdentifier [0] holds the CA's subjectKeyIdentifier.
        byte[] caKeyId = unwrapOctetString(unwrapOctetString(ca.getExtensionValue(SUBJECT_KEY_IDENTIFIER)));
        byte[] aki = unwrapOctetString(leaf.getExtensionValue(AUTHORITY_KEY_IDENTIFIER));
        assertEquals(0x30, aki[0] & 0xff);
        assertEquals(0x80, aki[2] & 0xff);
        assertArrayEquals(caKeyId, java.util.Arrays.copyOfRange(aki, 4, aki.length));

        Duration validity = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertEquals(Duration.ofDays(7).plus(Duration.ofHours(1)), validity);
        assertTrue(leaf.getNotBefore().toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(59))));
    }

    @Test
    void theChainValidatesWithTheJdksPkixValidatorFromTheAuthority() throws Exception {
        CertificateAuthority authority = authority();
        validate(authority.leafFor("api.github.test"), authority.certificate());
    }

    @Test
    void anotherAuthorityDoesNotValidateTheChain() {
        CertificateAuthority authority = authority();
        CertificateAuthority other = CertificateAuthority.loadOrCreate(temp.resolve("other"));
        assertThrows(CertPathValidatorException.class,
            () -> validate(authority.leafFor("api.github.test"), other.certificate()));
    }

    static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
    }

    @Test
    void eachHostGetsItsOwnCertificateOnceAndInvalidNamesNone() {
        CertificateAuthority authority = authority();
        X509Certificate first = authority.leafFor("a.test");
        assertEquals(first, authority.leafFor("A.TEST"), "cached per host");
        assertNotEquals(first.getSerialNumber(), authority.leafFor("b.test").getSerialNumber());
        for (String bad : new String[] {"*.github.com", "10.0.0.1", "a b", "", "x..y", "evil.test\u0000.good.test"}) {
            ProxyException e = assertThrows(ProxyException.class, () -> authority.leafFor(bad), bad);
            assertFalse(e.hint().isEmpty());
        }
    }

    @Test
    void thePemIsTheCertificate() throws Exception {
        CertificateAuthority authority = authority();
        String pem = authority.certificatePem();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"));
        for (String line : pem.split("\n")) {
            assertTrue(line.length() <= 64, "64 characters a line");
        }
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(authority.certificate(), parsed);
        assertEquals(pem, Files.readString(temp.resolve("ca").resolve(CertificateAuthority.CERTIFICATE_FILE)));
    }

    @Test
    void theJavaTrustStoreHoldsTheJdkAnchorsAndTheAuthority() throws Exception {
        CertificateAuthority authority = authority();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(authority.javaTrustStore()),
            CertificateAuthority.TRUST_STORE_PASSWORD.toCharArray());

        assertNotNull(store.getCertificateAlias(authority.certificate()), "holds the authority");
        int anchors = 0;
        for (String alias : Collections.list(store.aliases())) {
            assertTrue(store.isCertificateEntry(alias), "certificates only: " + alias);
            anchors++;
        }
        assertTrue(anchors > 51, "the JDK's anchors and the authority: " + anchors);

        // Negative control: the wrong password does not open it.
        KeyStore wrong = KeyStore.getInstance("PKCS12");
        assertThrows(java.io.IOException.class,
            () -> wrong.load(new ByteArrayInputStream(authority.javaTrustStore()), "wrong".toCharArray()));
    }

    private static byte[] unwrapOctetString(byte[] der) {
        assertEquals(0x04, der[0] & 0xff, "an OCTET STRING");
        int length = der[1] & 0xff;
        assertTrue(length < 0x80, "short form suffices here");
        return java.util.Arrays.copyOfRange(der, 2, 2 + length);
    }
}
