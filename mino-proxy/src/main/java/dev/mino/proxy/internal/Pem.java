package dev.mino.proxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM (RFC 7468): DER in base64, 64 characters a line, between BEGIN and END lines. */
public final class Pem {
    /** The label of a certificate. */
    public static final String CERTIFICATE = "CERTIFICATE";
    /** The label of an unencrypted PKCS#8 private key. */
    public static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {}

    /** One PEM block, ending with a line break. */
    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * The DER inside the first block labelled {@code label}.
     *
     * @throws IllegalArgumentException when there is no such block or its body is not base64
     */
    public static byte[] decode(String label, String text) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from + begin.length());
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + label + " block");
        }
        // Strict base64 once line breaks are gone: a stray character is damage, not decoration.
        return Base64.getDecoder().decode(text.substring(from + begin.length(), to).replaceAll("\\s", ""));
    }
}
