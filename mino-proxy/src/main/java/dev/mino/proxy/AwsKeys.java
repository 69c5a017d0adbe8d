package dev.mino.proxy;

import java.util.Objects;
import java.util.Optional;

/**
 * An AWS access key: its id, its secret and, for temporary keys from STS, the session token.
 * Immutable. {@link #toString()} shows the key id only: never the secret or the token.
 */
public final class AwsKeys {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;

    private AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        this.accessKeyId = check("access key id", accessKeyId);
        this.secretAccessKey = check("secret access key", secretAccessKey);
        this.sessionToken = sessionToken == null ? null : check("session token", sessionToken);
        if (!accessKeyId.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("An AWS access key id holds only upper-case letters and digits"
                    + " (like ASIA...); got one of " + accessKeyId.length() + " characters that does not.");
        }
    }

    /**
     * Long-term keys, without a session token.
     *
     * @throws IllegalArgumentException when a value is empty or holds white space or control
     *     characters, or the key id is not upper-case letters and digits
     */
    public static AwsKeys of(String accessKeyId, String secretAccessKey) {
        return new AwsKeys(accessKeyId, secretAccessKey, null);
    }

    /**
     * Temporary keys with their session token ({@code null} for none).
     *
     * @throws IllegalArgumentException as {@link #of(String, String)}, and for an empty token
     */
    public static AwsKeys of(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new AwsKeys(accessKeyId, secretAccessKey, sessionToken);
    }

    private static String check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("The AWS " + what + " is empty.");
        }
        // These values travel in HTTP header fields: white space or a line break would split them.
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("The AWS " + what
                    + " holds white space, a control character or a non-ASCII character; copy it again without them.");
        }
        return value;
    }

    /** The access key id (not a secret: AWS prints it in logs and error messages). */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The secret access key. */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The session token of temporary keys; empty for long-term keys. */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AwsKeys that && accessKeyId.equals(that.accessKeyId)
                && secretAccessKey.equals(that.secretAccessKey) && Objects.equals(sessionToken, that.sessionToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, secretAccessKey, sessionToken);
    }

    /** The key id and whether there is a session token; never the secret or the token. */
    @Override
    public String toString() {
        return "AwsKeys[accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden), sessionToken="
                + (sessionToken == null ? "(none)" : "(hidden)") + "]";
    }
}
