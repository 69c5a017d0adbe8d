package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {

    @Test
    void theSimpleModesHaveNoRules() {
        assertEquals(NetworkMode.BRIDGE, NetworkPolicy.bridge().mode());
        assertEquals(NetworkMode.HOST, NetworkPolicy.host().mode());
        assertEquals(NetworkMode.NONE, NetworkPolicy.none().mode());
        for (NetworkPolicy policy : List.of(NetworkPolicy.bridge(), NetworkPolicy.host(), NetworkPolicy.none())) {
            assertEquals(List.of(), policy.rules());
            assertEquals(Optional.empty(), policy.presetName());
        }
    }

    @Test
    void describesItselfAsTheAuditLogOf160Does() {
        assertEquals("Bridge", NetworkPolicy.bridge().describe());
        assertEquals("Host", NetworkPolicy.host().describe());
        assertEquals("None", NetworkPolicy.none().describe());
        assertEquals("Allow([NetworkRule { host: \"github.com\", port: 443 }, NetworkRule { host: \"::1\", port: 22 }])",
            NetworkPolicy.allow("github.com:443", "[::1]:22").describe());
        assertEquals("Allow([NetworkRule { host: \"10.0.0.5\", port: 80 }])",
            NetworkPolicy.allow("10.0.0.5:80").toString());
    }

    @Test
    void anAllowlistKeepsItsRulesInOrder() {
        NetworkPolicy policy = NetworkPolicy.allow("b.example:2", "a.example:1");
        assertEquals(NetworkMode.ALLOWLIST, policy.mode());
        assertEquals(List.of(new NetworkRule("b.example", 2), new NetworkRule("a.example", 1)), policy.rules());
        assertThrows(UnsupportedOperationException.class, () -> policy.rules().clear());
    }

    @Test
    void anAllowlistDoesNotChangeWhenTheCallersListDoes() {
        List<NetworkRule> rules = new ArrayList<>(List.of(new NetworkRule("a.example", 1)));
        NetworkPolicy policy = NetworkPolicy.allow(rules);
        rules.add(new NetworkRule("b.example", 2));
        assertEquals(List.of(new NetworkRule("a.example", 1)), policy.rules());
    }

    @Test
    void anEmptyAllowlistIsRefused() {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> NetworkPolicy.allow());
        assertEquals("An allowlist needs at least one host:port rule", e.getMessage());
        assertTrue(e.hint().contains("none"));
        assertThrows(NetworkPolicyException.class, () -> NetworkPolicy.allow(List.of()));
    }

    @Test
    void aMalformedRuleIsReportedByName() {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class,
            () -> NetworkPolicy.allow("github.com:443", "github.com"));
        assertEquals("Invalid network rule 'github.com'. Expected format: host:port", e.getMessage());
    }

    @Test
    void anUnknownPresetIsRefused() {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> NetworkPolicy.preset("prod"));
        assertEquals("Unknown network preset 'prod'. Available presets: dev, registries", e.getMessage());
    }

    @Test
    void equalityFollowsModeRulesAndPreset() {
        assertEquals(NetworkPolicy.allow("a.example:1"), NetworkPolicy.allow(List.of(new NetworkRule("a.example", 1))));
        assertEquals(NetworkPolicy.allow("a.example:1").hashCode(),
            NetworkPolicy.allow(List.of(new NetworkRule("a.example", 1))).hashCode());
        assertNotEquals(NetworkPolicy.allow("a.example:1"), NetworkPolicy.allow("a.example:2"));
        assertNotEquals(NetworkPolicy.bridge(), NetworkPolicy.host());
        PresetCatalog presets = PresetCatalog.of(RegistryHosts.none());
        assertNotEquals(NetworkPolicy.allow(presets.rules("dev")), presets.policy("dev"));
        assertEquals(presets.policy("dev"), presets.policy("dev"));
    }
}
