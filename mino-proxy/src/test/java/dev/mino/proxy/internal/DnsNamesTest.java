package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.proxy.ProxyException;
import org.junit.jupiter.api.Test;

class DnsNamesTest {
    @Test
    void validNamesComeBackInLowerCase() {
        assertEquals("api.github.com", DnsNames.check("API.GitHub.com"));
        assertEquals("localhost", DnsNames.check("localhost"));
        assertEquals("xn--bcher-kva.example", DnsNames.check("xn--bcher-kva.example"));
        assertEquals("s3.eu-west-1.amazonaws.com", DnsNames.check("s3.eu-west-1.amazonaws.com"));
        assertEquals("1password.com", DnsNames.check("1password.com"));
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertEquals(253, longest.length());
        assertEquals(longest, DnsNames.check(longest));
    }

    @Test
    void otherNamesAreRefusedWithAReason() {
        String[] bad = {
            "", "*.github.com", "a..b", ".a", "a.", "-a.com", "a-.com", "a_b.com", "a b.com", "a\nb.com",
            "bücher.example", "10.0.0.1", "127.1", "::1", "a".repeat(64) + ".com",
            ("a".repeat(63) + ".").repeat(4) + "com", "host:443", "a/b"};
        for (String name : bad) {
            ProxyException e = assertThrows(ProxyException.class, () -> DnsNames.check(name), name);
            assertTrue(e.getMessage().startsWith("Cannot make a certificate for '"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "control characters are not echoed");
            assertFalse(e.hint().isEmpty());
        }
        assertThrows(ProxyException.class, () -> DnsNames.check(null));
    }
}
