package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PresetCatalogTest {
    private static final NetworkRule NPM = new NetworkRule("npm.corp.example", 443);
    private static final RegistryHosts CORP = RegistryHosts.of(NPM,
        List.of(new NetworkRule("maven.corp.example", 443), new NetworkRule("maven2.corp.example", 8443)));

    private static List<String> texts(List<NetworkRule> rules) {
        return rules.stream().map(NetworkRule::toString).collect(Collectors.toList());
    }

    @Test
    void devListsTheHostsOf160InOrderWithTheRegistriesInTheirPlaces() {
        assertEquals(List.of(
                "github.com:443",
                "github.com:22",
                "api.github.com:443",
                "npm.corp.example:443",
                "crates.io:443",
                "static.crates.io:443",
                "index.crates.io:443",
                "pypi.org:443",
                "files.pythonhosted.org:443",
                "api.anthropic.com:443",
                "api.openai.com:443",
                "maven.corp.example:443",
                "maven2.corp.example:8443"),
            texts(PresetCatalog.of(CORP).rules("dev")));
    }

    @Test
    void registriesListsTheHostsOf160InOrderWithTheRegistriesInTheirPlaces() {
        assertEquals(List.of(
                "npm.corp.example:443",
                "crates.io:443",
                "static.crates.io:443",
                "index.crates.io:443",
                "pypi.org:443",
                "files.pythonhosted.org:443",
                "maven.corp.example:443",
                "maven2.corp.example:8443"),
            texts(PresetCatalog.of(CORP).rules("registries")));
    }

    @Test
    void withoutConfiguredRegistriesThoseEntriesAreAbsent() {
        PresetCatalog presets = PresetCatalog.of(RegistryHosts.none());
        assertEquals(List.of("github.com:443", "github.com:22", "api.github.com:443", "crates.io:443",
                "static.crates.io:443", "index.crates.io:443", "pypi.org:443", "files.pythonhosted.org:443",
                "api.anthropic.com:443", "api.openai.com:443"),
            texts(presets.rules("dev")));
        assertEquals(List.of("crates.io:443", "static.crates.io:443", "index.crates.io:443", "pypi.org:443",
                "files.pythonhosted.org:443"),
            texts(presets.rules("registries")));
    }

    @Test
    void extraHostsFromConfigGoLastIntoTheirPresetOnly() {
        PresetCatalog presets = PresetCatalog.of(CORP)
            .withExtraHosts(Map.of("registries", List.of("mirror.corp.example:443", "[2001:db8::7]:8080")));
        List<String> registries = texts(presets.rules("registries"));
        assertEquals(List.of("maven2.corp.example:8443", "mirror.corp.example:443", "[2001:db8::7]:8080"),
            registries.subList(registries.size() - 3, registries.size()));
        assertEquals(texts(PresetCatalog.of(CORP).rules("dev")), texts(presets.rules("dev")));
    }

    @Test
    void extraHostsAccumulateAndDuplicatesAreKeptOnceWhereTheyFirstAppear() {
        PresetCatalog presets = PresetCatalog.of(CORP)
            .withExtraHosts(Map.of("dev", List.of("git.corp.example:22")))
            .withExtraHosts(Map.of("dev", List.of("github.com:443", "npm.corp.example:443", "git.corp.example:22",
                "ci.corp.example:443")));
        List<String> dev = texts(presets.rules("dev"));
        assertEquals(15, dev.size());
        assertEquals("github.com:443", dev.get(0));
        assertEquals("npm.corp.example:443", dev.get(3));
        assertEquals(List.of("git.corp.example:22", "ci.corp.example:443"), dev.subList(13, 15));
    }

    @Test
    void extraHostsForAnUnknownPresetOrAMalformedRuleAreRefused() {
        PresetCatalog presets = PresetCatalog.of(CORP);
        assertEquals("Unknown network preset 'prod'. Available presets: dev, registries",
            assertThrows(NetworkPolicyException.class,
                () -> presets.withExtraHosts(Map.of("prod", List.of("a.example:1")))).getMessage());
        assertEquals("Invalid port 'x' in network rule 'a.example:x'. Must be 1-65535",
            assertThrows(NetworkPolicyException.class,
                () -> presets.withExtraHosts(Map.of("dev", List.of("a.example:x")))).getMessage());
    }

    @Test
    void anUnknownPresetIsRefusedWithTheTextOf160() {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class,
            () -> PresetCatalog.of(CORP).rules("Dev"));
        assertEquals("Unknown network preset 'Dev'. Available presets: dev, registries", e.getMessage());
    }

    @Test
    void aPresetPolicyIsAnAllowlistThatRemembersItsName() {
        NetworkPolicy policy = PresetCatalog.of(CORP).policy("registries");
        assertEquals(NetworkMode.ALLOWLIST, policy.mode());
        assertEquals(Optional.of("registries"), policy.presetName());
        assertEquals(PresetCatalog.of(CORP).rules("registries"), policy.rules());
        assertEquals(List.of("dev", "registries"), PresetCatalog.of(CORP).names());
    }
}
