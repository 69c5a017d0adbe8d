package dev.mino.proxy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Placeholder credentials for the sandbox: values of the shape each provider's tools check
 * (prefix, length, alphabet), so that they accept them, but worthless anywhere the credential
 * proxy does not swap them. Each call draws new values from {@link SecureRandom}; each value has
 * at least 128 random bits besides its fixed parts, so it can be searched for in any byte stream
 * (to prove that it, and not the real value, is what the sandbox holds) without false matches.
 * Where the format leaves room, the value says it is mino's ({@code mino} in it), so a person who
 * finds one knows what it is.
 */
public final class Placeholders {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE64 = BASE62 + "+/";
    private static final String BASE64URL = BASE62 + "-_";
    private static final String MARK = "mino";
    private static final String FINE_GRAINED = "github_pat_";
    /** How long the Azure placeholder says it lasts; see {@link #azure()}. */
    private static final Duration AZURE_LIFETIME = Duration.ofDays(365);

    private Placeholders() {
    }

    /** A classic GitHub personal access token's shape: {@code ghp_mino} and 32 base62 characters. */
    public static String github() {
        return github(null);
    }

    /**
     * A GitHub token of the same kind as {@code realToken}, so that tools which look at the
     * prefix treat it alike: {@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_} and {@code ghr_}
     * tokens get that prefix and 36 base62 characters ({@code mino} and 32 random); fine-grained
     * tokens get {@code github_pat_}, 22 characters ({@code mino} and 18 random), {@code _} and
     * 59 random. Any other token, or none, gets {@code ghp_}. GitHub's checksum in the last six
     * characters is not made valid: secret scanners need not mistake a placeholder for a live token.
     *
     * @param realToken the real token (only its prefix is read), or {@code null}
     */
    public static String github(String realToken) {
        if (realToken != null && realToken.startsWith(FINE_GRAINED)) {
            return FINE_GRAINED + MARK + random(BASE62, 18) + "_" + random(BASE62, 59);
        }
        String prefix = realToken != null && realToken.matches("gh[pousr]_.*") ? realToken.substring(0, 4) : "ghp_";
        return prefix + MARK + random(BASE62, 32);
    }

    /**
     * Temporary AWS keys' shape: key id {@code ASIA} and 16 of {@code A-Z2-7} (80 random bits: the
     * format holds no more; the secret and the token are the values to search for), secret
     * {@code mino} and 36 of {@code A-Za-z0-9+/} (40 characters, 216 random bits), and a session
     * token of 356 base64 characters that decodes to {@code mino-placeholder:} and 250 random bytes.
     */
    public static AwsKeys aws() {
        String keyId = "ASIA" + random(BASE32, 16);
        String secret = MARK + random(BASE64, 36);
        byte[] token = new byte[267];
        byte[] mark = "mino-placeholder:".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mark, 0, token, 0, mark.length);
        byte[] rest = new byte[token.length - mark.length];
        RANDOM.nextBytes(rest);
        System.arraycopy(rest, 0, token, mark.length, rest.length);
        return AwsKeys.of(keyId, secret, Base64.getEncoder().encodeToString(token));
    }

    /**
     * A Google OAuth access token's shape: {@code ya29.mino_} and 145 of {@code A-Za-z0-9_-}
     * (150 characters after the {@code ya29.} prefix).
     */
    public static String gcp() {
        return "ya29." + MARK + "_" + random(BASE64URL, 145);
    }

    /**
     * A Microsoft Entra access token's shape: a JWT ({@code header.payload.signature}, base64url)
     * with header {@code {"alg":"RS256","typ":"JWT"}}, a payload whose {@code iss}, {@code sub} and
     * {@code aud} say {@code mino-placeholder}, with a random {@code jti} (128 bits), and 256 random
     * bytes as the signature (an RS256 signature's size). Azure tools decode the payload, never
     * check the signature (only the resource server can), and read {@code exp} to decide when to
     * fetch a new token: it is one year ahead, so they keep using the placeholder (the proxy swaps
     * in a fresh real token on each request), while staying below 2<sup>31</sup> seconds, which
     * some JWT libraries cannot read past.
     */
    public static String azure() {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"mino-placeholder\",\"sub\":\"mino-placeholder\",\"aud\":\"mino-placeholder\""
                + ",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + AZURE_LIFETIME.toSeconds())
                + ",\"jti\":\"" + HexFormat.of().formatHex(bytes(16)) + "\"}";
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(bytes(256));
    }

    private static byte[] bytes(int count) {
        byte[] out = new byte[count];
        RANDOM.nextBytes(out);
        return out;
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
