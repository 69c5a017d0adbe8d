package dev.mino.core.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mino.network.InterceptTarget;
import dev.mino.network.NetworkRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterceptHostsTest {
    private static List<NetworkRule> rules(String... texts) {
        return NetworkRule.parseAll(List.of(texts));
    }

    private static List<InterceptTarget> targets(String... texts) {
        return rules(texts).stream().map(rule -> new InterceptTarget(rule.host(), rule.port())).toList();
    }

    @Test
    void aProviderHostTheAllowlistAdmitsIsInterceptedOnItsPort() {
        assertEquals(targets("api.github.com:443"),
            InterceptHosts.of(rules("github.com:443", "api.github.com:443"), rules("api.github.com:443", "pypi.org:443")));
    }

    @Test
    void aWiderAllowRuleGivesOnlyTheProvidersPart() {
        assertEquals(targets("*.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("*.amazonaws.com:443")));
        assertEquals(targets("sts.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("sts.amazonaws.com:443")));
        assertEquals(targets("api.github.com:443"),
            InterceptHosts.of(rules("api.github.com:443"), rules("*.github.com:443")));
        assertEquals(targets("*.s3.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("*.s3.amazonaws.com:443")));
        assertEquals(targets("sts.amazonaws.com:443"),
            InterceptHosts.of(rules("*.amazonaws.com:443"), rules("STS.Amazonaws.com.:443")), "case and final dot");
    }

    @Test
    void otherPortsAddressesAndUnrelatedNamesAreNotIntercepted() {
        assertEquals(List.of(), InterceptHosts.of(rules("api.github.com:443"), rules("api.github.com:22")));
        assertEquals(List.of(), InterceptHosts.of(rules("api.github.com:443"), rules("140.82.112.0/20:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("*.github.com:443"), rules("github.com:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("github.com:443"), rules("evilgithub.com:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("*.a.com:443"), rules("xa.com:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("x.a.com:443"), rules("*.b.com:443")));
        assertEquals(List.of(), InterceptHosts.of(rules("*.amazonaws.com:443"), rules("amazonaws.com.evil.test:443")));
    }
}
