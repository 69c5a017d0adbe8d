package dev.mino.proxy.internal;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** The two kinds of certificate mino makes: its certificate authority's own, and a server's. */
public final class Certificates {
    /** Every certificate starts an hour early, so a sandbox whose clock lags a little accepts it. */
    public static final Duration CLOCK_SKEW = Duration.ofHours(1);
    /** How long the certificate authority lasts. */
    public static final Duration CA_LIFETIME = Duration.ofDays(3653);
    /** How long a server certificate lasts. */
    public static final Duration LEAF_LIFETIME = Duration.ofDays(7);

    private static final String ORGANIZATION = "mino";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private Certificates() {}

    /**
     * A self-signed certificate authority that may sign server certificates only (path length 0),
     * named {@code CN=mino sandbox CA <8 random hex digits>, O=mino} so that two users' authorities
     * are told apart.
     */
    public static X509Certificate authority(KeyPair keys, Instant now, SecureRandom random) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        byte[] name = CertificateBuilder.name(ORGANIZATION, "mino sandbox CA " + HexFormat.of().formatHex(suffix));
        return new CertificateBuilder()
            .serial(CertificateBuilder.randomSerial(random))
            .issuer(name)
            .subject(name)
            .validity(now.minus(CLOCK_SKEW), now.plus(CA_LIFETIME))
            .publicKey(keys.getPublic())
            .extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(0)))
            .extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN))
            .extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(EcKeys.keyIdentifier(keys.getPublic())))
            .sign(keys.getPrivate());
    }

    /**
     * A server certificate for one DNS name, signed by the certificate authority, valid for
     * {@link #LEAF_LIFETIME} but never beyond the authority itself.
     *
     * @param host a DNS name already checked by {@link DnsNames#check}
     */
    public static X509Certificate server(
            String host, KeyPair keys, X509Certificate authority, PrivateKey authorityKey, Instant now,
            SecureRandom random) {
        Instant until = now.plus(LEAF_LIFETIME);
        Instant authorityUntil = authority.getNotAfter().toInstant();
        if (until.isAfter(authorityUntil)) {
            until = authorityUntil;
        }
        return new CertificateBuilder()
            .serial(CertificateBuilder.randomSerial(random))
            .issuer(authority.getSubjectX500Principal().getEncoded())
            .subject(CertificateBuilder.name(ORGANIZATION, host))
            .validity(now.minus(CLOCK_SKEW), until)
            .publicKey(keys.getPublic())
            .extension(BASIC_CONSTRAINTS, true, Der.sequence())
            .extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE))
            .extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH)))
            .extension(SUBJECT_ALT_NAME, false, Der.sequence(Der.implicit(2, host.getBytes(StandardCharsets.US_ASCII))))
            .extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(EcKeys.keyIdentifier(keys.getPublic())))
            .extension(AUTHORITY_KEY_IDENTIFIER, false,
                Der.sequence(Der.implicit(0, EcKeys.keyIdentifier(authority.getPublicKey()))))
            .sign(authorityKey);
    }
}
