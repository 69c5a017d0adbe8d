package dev.mino.proxy.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes and signs one X.509 v3 certificate (RFC 5280 4.1) with ECDSA and SHA-256, and reads it
 * back through the JDK, so what comes out has passed the JDK's own parser.
 */
public final class CertificateBuilder {
    /** ecdsa-with-SHA256; RFC 5758 3.2: its AlgorithmIdentifier has no parameters. */
    static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String COMMON_NAME = "2.5.4.3";
    /** X.520's upper bound for a common name. */
    private static final int MAX_COMMON_NAME = 64;

    private BigInteger serial;
    private byte[] issuer;
    private byte[] subject;
    private Instant notBefore;
    private Instant notAfter;
    private PublicKey publicKey;
    private final List<byte[]> extensions = new ArrayList<>();

    /** A 16-octet positive serial number (RFC 5280 allows up to 20; 126 of its bits are random). */
    public static BigInteger randomSerial(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x3f) | 0x40);
        return new BigInteger(1, bytes);
    }

    /**
     * A distinguished name {@code O=organization, CN=commonName}; the common name is left out
     * when it is longer than X.520 allows (the subject alternative name carries a host then).
     */
    public static byte[] name(String organization, String commonName) {
        byte[] o = Der.setOf(Der.sequence(Der.oid(ORGANIZATION), Der.utf8String(organization)));
        if (commonName.length() > MAX_COMMON_NAME) {
            return Der.sequence(o);
        }
        return Der.sequence(o, Der.setOf(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    /** The serial number; positive. */
    public CertificateBuilder serial(BigInteger value) {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("a serial number is positive");
        }
        this.serial = value;
        return this;
    }

    /** The issuer's name, DER-encoded (the issuer certificate's subject, byte for byte). */
    public CertificateBuilder issuer(byte[] name) {
        this.issuer = name.clone();
        return this;
    }

    /** The subject's name, DER-encoded. */
    public CertificateBuilder subject(byte[] name) {
        this.subject = name.clone();
        return this;
    }

    /** The validity period, to the second. */
    public CertificateBuilder validity(Instant from, Instant until) {
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("validity ends before it starts");
        }
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    /** The subject's public key. */
    public CertificateBuilder publicKey(PublicKey key) {
        this.publicKey = key;
        return this;
    }

    /**
     * Adds an extension (RFC 5280 4.1: {@code critical} is written only when true, as DER wants
     * for a DEFAULT FALSE field).
     *
     * @param value the extension's DER-encoded value, which goes inside an OCTET STRING
     */
    public CertificateBuilder extension(String oid, boolean critical, byte[] value) {
        extensions.add(critical
            ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
            : Der.sequence(Der.oid(oid), Der.octetString(value)));
        return this;
    }

    /** Signs the certificate with the issuer's key and returns it as the JDK reads it. */
    public X509Certificate sign(PrivateKey issuerKey) {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "validity");
        Objects.requireNonNull(publicKey, "publicKey");
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        // Extensions is SIZE (1..MAX): with none, the field is left out altogether.
        byte[] tbs = Der.sequence(
            Der.explicit(0, Der.integer(2)),
            Der.integer(serial),
            algorithm,
            issuer,
            Der.sequence(Der.time(notBefore), Der.time(notAfter)),
            subject,
            publicKey.getEncoded(),
            extensions.isEmpty() ? new byte[0] : Der.explicit(3, Der.sequence(extensions.toArray(new byte[0][]))));
        try {
            Signature signer = Signature.getInstance(EcKeys.SIGNATURE);
            signer.initSign(issuerKey);
            signer.update(tbs);
            byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a certificate: " + e.getMessage(), e);
        }
    }
}
