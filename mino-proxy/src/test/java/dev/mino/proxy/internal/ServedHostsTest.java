package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServedHostsTest {
    private final ServedHosts aws = ServedHosts.of(List.of("*.amazonaws.com", "amazonaws.com", "*.amazonaws.com.cn"));

    @Test
    void exactNamesAndWildcards() {
        assertTrue(aws.matches("sts.amazonaws.com"));
        assertTrue(aws.matches("my-bucket.s3.us-east-1.amazonaws.com"));
        assertTrue(aws.matches("amazonaws.com"));
        assertTrue(aws.matches("STS.AmazonAWS.com."), "case and a trailing dot do not matter");
        assertTrue(aws.matches("sts.cn-north-1.amazonaws.com.cn"));
        assertFalse(aws.matches("amazonaws.com.cn"), "a wildcard does not match its domain itself");
        assertFalse(aws.matches("evilamazonaws.com"));
        assertFalse(aws.matches("amazonaws.com.evil.example"));
        assertFalse(aws.matches(""));
        assertFalse(aws.matches(null));
    }

    @Test
    void badPatternsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServedHosts.of(List.of()));
        for (String bad : List.of("*", "*.com", "https://sts.amazonaws.com", "sts.amazonaws.com:443", "a.*.com",
                "sts..amazonaws.com", "-sts.amazonaws.com", "sts amazonaws.com", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServedHosts.of(List.of(bad)),
                    bad);
            assertTrue(e.getMessage().contains("*."), e.getMessage());
        }
        assertEquals(List.of("sts.amazonaws.com"), ServedHosts.of(List.of(" STS.amazonaws.com ")).patterns());
    }
}
