package dev.mino.proxy.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;

/** EC P-256 keys: the only kind this certificate authority makes, for itself and its leaves. */
public final class EcKeys {
    /** The JDK's name of the signature every certificate here carries. */
    public static final String SIGNATURE = "SHA256withECDSA";

    private EcKeys() {}

    /** A new P-256 key pair. */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot make EC P-256 keys", e);
        }
    }

    /** Reads a PKCS#8 EC private key. */
    public static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /**
     * The key identifier of RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits, which
     * for an EC key are the uncompressed point 0x04 || X || Y.
     */
    public static byte[] keyIdentifier(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            throw new IllegalArgumentException("not an EC key: " + key.getAlgorithm());
        }
        ECPublicKey ec = (ECPublicKey) key;
        int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = Der.concat(
            new byte[] {0x04},
            unsigned(ec.getW().getAffineX().toByteArray(), size),
            unsigned(ec.getW().getAffineY().toByteArray(), size));
        try {
            return MessageDigest.getInstance("SHA-1").digest(point);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime has no SHA-1", e);
        }
    }

    /** A non-negative big-endian value as exactly {@code size} octets. */
    private static byte[] unsigned(byte[] twosComplement, int size) {
        byte[] out = new byte[size];
        int copy = Math.min(size, twosComplement.length);
        System.arraycopy(twosComplement, twosComplement.length - copy, out, size - copy, copy);
        return out;
    }

    /** Whether {@code privateKey} is the other half of {@code publicKey}: signs a challenge and checks it. */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
