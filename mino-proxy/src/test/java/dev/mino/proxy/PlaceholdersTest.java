package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private static final Pattern CLASSIC_GITHUB = Pattern.compile("gh[pousr]_mino[A-Za-z0-9]{32}");
    private static final Pattern FINE_GRAINED_GITHUB = Pattern.compile("github_pat_mino[A-Za-z0-9]{18}_[A-Za-z0-9]{59}");
    private static final Pattern AWS_KEY_ID = Pattern.compile("ASIA[A-Z2-7]{16}");
    private static final Pattern AWS_SECRET = Pattern.compile("mino[A-Za-z0-9/+]{36}");
    private static final Pattern AWS_TOKEN = Pattern.compile("[A-Za-z0-9/+]{356}");
    private static final Pattern GCP = Pattern.compile("ya29\\.mino_[A-Za-z0-9_-]{145}");
    private static final Pattern JWT = Pattern.compile("([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]{342})");

    @Test
    void githubKeepsTheRealTokensKind() {
        assertTrue(CLASSIC_GITHUB.matcher(Placeholders.github()).matches());
        assertTrue(Placeholders.github(null).startsWith("ghp_mino"));
        assertTrue(Placeholders.github("gho_" + "x".repeat(36)).startsWith("gho_mino"));
        assertTrue(Placeholders.github("ghs_" + "x".repeat(36)).startsWith("ghs_mino"));
        assertTrue(Placeholders.github("ghu_" + "x".repeat(36)).startsWith("ghu_mino"));
        assertTrue(Placeholders.github("v1.0123456789abcdef0123456789abcdef01234567").startsWith("ghp_mino"));
        assertEquals(40, Placeholders.github("ghs_anything").length());
        String fineGrained = Placeholders.github("github_pat_11AAAAAAA0123456789abc_" + "y".repeat(59));
        assertTrue(FINE_GRAINED_GITHUB.matcher(fineGrained).matches(), fineGrained);
        assertEquals(93, fineGrained.length());
    }

    @Test
    void awsKeysHaveTheShapeOfTemporaryKeys() {
        AwsKeys keys = Placeholders.aws();

        assertTrue(AWS_KEY_ID.matcher(keys.accessKeyId()).matches(), keys.accessKeyId());
        assertTrue(AWS_SECRET.matcher(keys.secretAccessKey()).matches());
        String token = keys.sessionToken().orElseThrow();
        assertTrue(AWS_TOKEN.matcher(token).matches());
        assertTrue(new String(Base64.getDecoder().decode(token), StandardCharsets.ISO_8859_1)
                .startsWith("mino-placeholder:"));
    }

    @Test
    void gcpTokenHasTheShapeOfAnAccessToken() {
        assertTrue(GCP.matcher(Placeholders.gcp()).matches());
    }

    @Test
    void azureTokenIsAJwtThatSaysItIsAPlaceholder() {
        Matcher jwt = JWT.matcher(Placeholders.azure());
        assertTrue(jwt.matches());
        Base64.Decoder decoder = Base64.getUrlDecoder();
        assertEquals("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", new String(decoder.decode(jwt.group(1)), StandardCharsets.UTF_8));
        String payload = new String(decoder.decode(jwt.group(2)), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"iss\":\"mino-placeholder\""), payload);
        Matcher exp = Pattern.compile("\"exp\":(\\d+)").matcher(payload);
        assertTrue(exp.find());
        long expires = Long.parseLong(exp.group(1));
        assertTrue(expires > Instant.now().plusSeconds(300 * 86400L).getEpochSecond(), "far ahead");
        assertTrue(expires < Integer.MAX_VALUE, "readable by 32-bit JWT libraries");
        assertEquals(256, decoder.decode(jwt.group(3)).length);
    }

    /** New values on each call, never repeating: each is searchable without false matches. */
    @Test
    void everyCallDrawsNewValues() {
        assertAllDifferent(Placeholders::github);
        assertAllDifferent(() -> Placeholders.github("github_pat_x"));
        assertAllDifferent(() -> Placeholders.aws().accessKeyId());
        assertAllDifferent(() -> Placeholders.aws().secretAccessKey());
        assertAllDifferent(() -> Placeholders.aws().sessionToken().orElseThrow());
        assertAllDifferent(Placeholders::gcp);
        assertAllDifferent(Placeholders::azure);
    }

    private static void assertAllDifferent(Supplier<String> placeholder) {
        Set<String> seen = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String value = placeholder.get();
            assertTrue(seen.add(value), "repeated: " + value);
            // Even the last 16 characters alone repeat nowhere in 500 draws.
            assertTrue(prefixes.add(value.substring(value.length() - 16)));
        }
    }
}
