package dev.mino.core.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.network.NetworkRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterceptHostsTest {
    private static List<NetworkRule> rules(String... texts) {
        return NetworkRule.parseAll(List.of(texts));
    }

    @Test
    void aProviderHostTheAllowlistAdmitsIsInterceptedOnItsPort() {
        assertEquals(rules("api.github.com:443"),
            InterceptHosts.of(rules("github.com:443", "api.github.com:443"), rules("api.github.com:443", "pypi.org:443")));
    }

    @Test
    void aWiderAllowRuleGivesOnlyTheProvidersPart() {
        assertEquals(rules("*.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("*.amazonaws.com:443")));
        assertEquals(rules("sts.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("sts.amazonaws.com:443")));
        assertEquals(rules("api.github.com:443"),
            InterceptHosts.of(rules("api.github.com:443"), rules("*.github.com:443")));
        assertEquals(rules("*.s3.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("*.s3.amazonaws.com:443")));
    }

    @Test
    void otherPortsAddressesAndUnrelatedNamesAreNotIntercepted() {
        assertEquals(List.of(), InterceptHosts.of(rules("api.github.com:443"), rules("api.github.com:22")));
        assertEquals(List.of(), InterceptHosts.of(rules("api.github.com:443"), rules("140.82.112.0/20:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("*.github.com:443"), rules("github.com:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("github.com:443"), rules("evilgithub.com:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("*.amazonaws.com:443"), rules("amazonaws.com.evil.test:443")));
    }

    @Test
    void coversFollowsTheWildcardRules() {
        assertTrue(InterceptHosts.covers("*.a.com", "x.a.com"));
        assertTrue(InterceptHosts.covers("*.a.com", "*.x.a.com"));
        assertFalse(InterceptHosts.covers("*.a.com", "a.com"));
        assertFalse(InterceptHosts.covers("*.a.com", "xa.com"));
        assertFalse(InterceptHosts.covers("x.a.com", "*.a.com"));
    }
}
