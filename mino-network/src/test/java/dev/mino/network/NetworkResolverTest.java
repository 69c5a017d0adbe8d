package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The precedence, warnings and conflicts of mino 1.6.0's network resolution. */
class NetworkResolverTest {
    private static final PresetCatalog PRESETS =
        PresetCatalog.of(RegistryHosts.of(new NetworkRule("npm.corp.example", 443), List.of()));
    private static final NetworkResolver RESOLVER = new NetworkResolver(PRESETS);
    private static final NetworkRequest NOTHING = NetworkRequest.defaults();
    private static final List<String> CLI_RULES = List.of("github.com:443", "[::1]:22");
    private static final List<String> CONFIG_RULES = List.of("config.example:443");

    private static NetworkResolution resolve(NetworkRequest request) {
        return RESOLVER.resolve(request);
    }

    private static NetworkPolicy allow(List<String> rules) {
        return NetworkPolicy.allow(NetworkRule.parseAll(rules));
    }

    static Stream<Arguments> resolutions() {
        return Stream.of(
            Arguments.of("nothing set", NOTHING, NetworkPolicy.bridge(), List.of()),
            Arguments.of("cli allow", NOTHING.withCliAllow(CLI_RULES), allow(CLI_RULES), List.of()),
            Arguments.of("cli allow with bridge", NOTHING.withCliAllow(CLI_RULES).withCliMode("bridge"),
                allow(CLI_RULES), List.of()),
            Arguments.of("cli allow overrides cli host with a warning",
                NOTHING.withCliAllow(CLI_RULES).withCliMode("host"), allow(CLI_RULES),
                List.of("The network mode host was overridden to bridge because an allowlist was given")),
            Arguments.of("cli allow ignores all of config",
                NOTHING.withCliAllow(CLI_RULES).withConfigAllow(CONFIG_RULES).withConfigPreset("dev")
                    .withConfigMode("none"),
                allow(CLI_RULES), List.of()),
            Arguments.of("cli allow wins over cli preset", NOTHING.withCliAllow(CLI_RULES).withCliPreset("dev"),
                allow(CLI_RULES), List.of()),
            // 1.6.0 checks only none and host next to an allowlist; other words pass unnoticed.
            Arguments.of("cli allow with an unknown cli mode", NOTHING.withCliAllow(CLI_RULES).withCliMode("wifi"),
                allow(CLI_RULES), List.of()),
            Arguments.of("cli preset", NOTHING.withCliPreset("dev"), PRESETS.policy("dev"), List.of()),
            Arguments.of("cli preset overrides cli host with a warning",
                NOTHING.withCliPreset("registries").withCliMode("host"), PRESETS.policy("registries"),
                List.of("The network mode host was overridden to bridge because a network preset was given")),
            Arguments.of("cli preset ignores config", NOTHING.withCliPreset("dev").withConfigAllow(CONFIG_RULES)
                .withConfigMode("none"), PRESETS.policy("dev"), List.of()),
            Arguments.of("cli host overrides a config allowlist",
                NOTHING.withCliMode("host").withConfigAllow(CONFIG_RULES), NetworkPolicy.host(), List.of()),
            Arguments.of("cli bridge overrides a config preset",
                NOTHING.withCliMode("bridge").withConfigPreset("dev"), NetworkPolicy.bridge(), List.of()),
            Arguments.of("cli none overrides config host", NOTHING.withCliMode("none").withConfigMode("host"),
                NetworkPolicy.none(), List.of()),
            Arguments.of("config allow", NOTHING.withConfigAllow(CONFIG_RULES), allow(CONFIG_RULES), List.of()),
            Arguments.of("config allow silently overrides config host",
                NOTHING.withConfigAllow(CONFIG_RULES).withConfigMode("host"), allow(CONFIG_RULES), List.of()),
            Arguments.of("config allow wins over config preset",
                NOTHING.withConfigAllow(CONFIG_RULES).withConfigPreset("dev"), allow(CONFIG_RULES), List.of()),
            Arguments.of("config preset", NOTHING.withConfigPreset("registries"), PRESETS.policy("registries"),
                List.of()),
            Arguments.of("config preset silently overrides config host",
                NOTHING.withConfigPreset("dev").withConfigMode("host"), PRESETS.policy("dev"), List.of()),
            Arguments.of("config host", NOTHING.withConfigMode("host"), NetworkPolicy.host(), List.of()),
            Arguments.of("config none", NOTHING.withConfigMode("none"), NetworkPolicy.none(), List.of()),
            Arguments.of("config bridge", NOTHING.withConfigMode("bridge"), NetworkPolicy.bridge(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolutions")
    void resolves(String name, NetworkRequest request, NetworkPolicy policy, List<String> warnings) {
        NetworkResolution resolution = resolve(request);
        assertEquals(policy, resolution.policy());
        assertEquals(warnings, resolution.warnings());
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
            Arguments.of(NOTHING.withCliAllow(CLI_RULES).withCliMode("none"),
                "Cannot combine the network mode none with an allowlist. Allowlist rules require bridge networking."),
            Arguments.of(NOTHING.withCliPreset("dev").withCliMode("none"),
                "Cannot combine the network mode none with a network preset. Presets require bridge networking."),
            Arguments.of(NOTHING.withConfigAllow(CONFIG_RULES).withConfigMode("none"),
                "Config conflict: network = \"none\" with network_allow entries. Allowlist rules require bridge networking."),
            Arguments.of(NOTHING.withConfigPreset("dev").withConfigMode("none"),
                "Config conflict: network = \"none\" with network_preset. Presets require bridge networking."),
            Arguments.of(NOTHING.withCliMode("wifi"),
                "Unknown network mode 'wifi' in CLI. Valid modes: host, none, bridge"),
            Arguments.of(NOTHING.withCliMode("Host"),
                "Unknown network mode 'Host' in CLI. Valid modes: host, none, bridge"),
            Arguments.of(NOTHING.withConfigMode("allowlist"),
                "Unknown network mode 'allowlist' in config. Valid modes: host, none, bridge"),
            Arguments.of(NOTHING.withConfigMode(""),
                "Unknown network mode '' in config. Valid modes: host, none, bridge"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("conflicts")
    void refusesConflictsWithTheTextsOf160AndAHintNamingNoFlag(NetworkRequest request, String message) {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> resolve(request));
        assertEquals(message, e.getMessage());
        assertEquals("Use the bridge mode with an allowlist, or the none mode without one.", e.hint());
    }

    @Test
    void unknownPresetsAreRefusedFromCliAndConfig() {
        for (NetworkRequest request : List.of(NOTHING.withCliPreset("prod"), NOTHING.withConfigPreset("prod"))) {
            assertEquals("Unknown network preset 'prod'. Available presets: dev, registries",
                assertThrows(NetworkPolicyException.class, () -> resolve(request)).getMessage());
        }
    }

    @Test
    void malformedRulesAreRefusedFromCliAndConfig() {
        assertEquals("Invalid network rule 'github.com'. Expected format: host:port",
            assertThrows(NetworkPolicyException.class,
                () -> resolve(NOTHING.withCliAllow(List.of("github.com")))).getMessage());
        assertEquals("Port 0 is not valid in network rule 'a.example:0'. Must be 1-65535",
            assertThrows(NetworkPolicyException.class,
                () -> resolve(NOTHING.withConfigAllow(List.of("a.example:0")))).getMessage());
    }

    @Test
    void presetsCarryTheUsersRegistry() {
        NetworkPolicy policy = resolve(NOTHING.withConfigPreset("registries")).policy();
        assertEquals(Optional.of("registries"), policy.presetName());
        assertEquals(new NetworkRule("npm.corp.example", 443), policy.rules().get(0));
    }

    @Test
    void onlyAnUntouchedRequestIsDefaultAsFarAsThePromptIsConcerned() {
        assertTrue(NOTHING.isDefault());
        assertTrue(NOTHING.withConfigMode("bridge").isDefault());
        assertTrue(NOTHING.withCliAllow(null).isDefault());
        assertFalse(NOTHING.withCliMode("bridge").isDefault());
        assertFalse(NOTHING.withConfigMode("host").isDefault());
        assertFalse(NOTHING.withCliAllow(CLI_RULES).isDefault());
        assertFalse(NOTHING.withCliPreset("dev").isDefault());
        assertFalse(NOTHING.withConfigAllow(CONFIG_RULES).isDefault());
        assertFalse(NOTHING.withConfigPreset("dev").isDefault());
    }

    @Test
    void wildcardsAndRangesComeFromCliAndConfigAlike() {
        List<String> rules = List.of("*.githubusercontent.com:443", "10.0.0.0/8:8080", "[fd00::/64]:22");
        List<HostKind> kinds = List.of(HostKind.WILDCARD, HostKind.IPV4_RANGE, HostKind.IPV6_RANGE);
        for (NetworkRequest request : List.of(NOTHING.withCliAllow(rules), NOTHING.withConfigAllow(rules))) {
            NetworkPolicy policy = resolve(request).policy();
            assertEquals(rules, policy.rules().stream().map(NetworkRule::toString).toList());
            assertEquals(kinds, policy.rules().stream().map(NetworkRule::hostKind).toList());
        }
    }
}
