package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules parse as in mino 1.6.0, and nothing that could escape the firewall script gets through. */
class NetworkRuleTest {

    static Stream<Arguments> goodRules() {
        return Stream.of(
            Arguments.of("github.com:443", "github.com", 443, HostKind.NAME),
            Arguments.of("  github.com:22 \t", "github.com", 22, HostKind.NAME),
            Arguments.of("10.0.0.5:8080", "10.0.0.5", 8080, HostKind.IPV4),
            Arguments.of("0.0.0.0:1", "0.0.0.0", 1, HostKind.IPV4),
            Arguments.of("255.255.255.255:65535", "255.255.255.255", 65535, HostKind.IPV4),
            Arguments.of("[::1]:443", "::1", 443, HostKind.IPV6),
            Arguments.of("[2001:db8::1]:8443", "2001:db8::1", 8443, HostKind.IPV6),
            // 1.6.0 splits an unbracketed rule at its last colon.
            Arguments.of("::1:443", "::1", 443, HostKind.IPV6),
            Arguments.of("::ffff:10.0.0.1:443", "::ffff:10.0.0.1", 443, HostKind.IPV6),
            Arguments.of("[github.com]:443", "github.com", 443, HostKind.NAME),
            Arguments.of("*.github.com:443", "*.github.com", 443, HostKind.WILDCARD),
            Arguments.of("my_host:22", "my_host", 22, HostKind.NAME),
            Arguments.of("github.com.:443", "github.com.", 443, HostKind.NAME),
            Arguments.of("1password.example:443", "1password.example", 443, HostKind.NAME),
            Arguments.of("host.example:00443", "host.example", 443, HostKind.NAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodRules")
    void parsesGoodRules(String text, String host, int port, HostKind kind) {
        NetworkRule rule = NetworkRule.parse(text);
        assertEquals(host, rule.host());
        assertEquals(port, rule.port());
        assertEquals(kind, rule.hostKind());
    }

    /** Each row: the rule, the exact message, and whether the hint is about the format. */
    static Stream<Arguments> badRules() {
        String longHost = "x".repeat(254);
        return Stream.of(
            Arguments.of("github.com", "Invalid network rule 'github.com'. Expected format: host:port"),
            Arguments.of("", "Invalid network rule ''. Expected format: host:port"),
            Arguments.of("   ", "Invalid network rule ''. Expected format: host:port"),
            Arguments.of(":443", "Empty host in network rule ':443'"),
            Arguments.of("[]:443", "Empty host in network rule '[]:443'"),
            Arguments.of("[::1:443", "Missing closing bracket in IPv6 address: [::1:443"),
            Arguments.of("[::1]443", "Expected ':' after closing bracket in '[::1]443'. Format: [host]:port"),
            Arguments.of("[::1]", "Expected ':' after closing bracket in '[::1]'. Format: [host]:port"),
            Arguments.of("github.com:", "Invalid port '' in network rule 'github.com:'. Must be 1-65535"),
            Arguments.of("github.com:https", "Invalid port 'https' in network rule 'github.com:https'. Must be 1-65535"),
            Arguments.of("github.com:65536", "Invalid port '65536' in network rule 'github.com:65536'. Must be 1-65535"),
            Arguments.of("github.com:99999999999", "Invalid port '99999999999' in network rule 'github.com:99999999999'. Must be 1-65535"),
            Arguments.of("github.com:-1", "Invalid port '-1' in network rule 'github.com:-1'. Must be 1-65535"),
            Arguments.of("github.com:+443", "Invalid port '+443' in network rule 'github.com:+443'. Must be 1-65535"),
            Arguments.of("github.com:443-445", "Invalid port '443-445' in network rule 'github.com:443-445'. Must be 1-65535"),
            Arguments.of("github.com:\u0664\u0664\u0663",
                "Invalid port '\\u0664\\u0664\\u0663' in network rule 'github.com:\\u0664\\u0664\\u0663'. Must be 1-65535"),
            Arguments.of("github.com:0", "Port 0 is not valid in network rule 'github.com:0'. Must be 1-65535"),
            Arguments.of("github.com:000", "Port 0 is not valid in network rule 'github.com:000'. Must be 1-65535"),
            Arguments.of("git hub.com:443", "Whitespace in the host of network rule 'git hub.com:443'"),
            Arguments.of("git\u00a0hub.com:443", "Whitespace in the host of network rule 'git\\u00A0hub.com:443'"),
            Arguments.of("git\thub.com:443", "Control character U+0009 in network rule 'git\\u0009hub.com:443'"),
            Arguments.of("a\nreboot:443", "Control character U+000A in network rule 'a\\u000Areboot:443'"),
            Arguments.of("a\u001b[31m:443", "Control character U+001B in network rule 'a\\u001B[31m:443'"),
            Arguments.of("a\u0000b:443", "NUL character in network rule 'a\\u0000b:443'"),
            Arguments.of("evil'host:443", "Character ' is not allowed in the host of network rule 'evil'host:443'"),
            Arguments.of("evil\"host:443", "Character \" is not allowed in the host of network rule 'evil\"host:443'"),
            Arguments.of("a;reboot:443", "Character ; is not allowed in the host of network rule 'a;reboot:443'"),
            Arguments.of("$(id):443", "Character $ is not allowed in the host of network rule '$(id):443'"),
            Arguments.of("`id`:443", "Character ` is not allowed in the host of network rule '`id`:443'"),
            Arguments.of("a|b:443", "Character | is not allowed in the host of network rule 'a|b:443'"),
            Arguments.of("a&b:443", "Character & is not allowed in the host of network rule 'a&b:443'"),
            Arguments.of("a\\b:443", "Character \\ is not allowed in the host of network rule 'a\\b:443'"),
            Arguments.of("a>b:443", "Character > is not allowed in the host of network rule 'a>b:443'"),
            Arguments.of("-oProxy:443", "Host in network rule '-oProxy:443' starts with '-'"),
            Arguments.of(longHost + ":443",
                "Host in network rule '" + "x".repeat(100) + "...' is longer than 253 characters"),
            Arguments.of("b\u00fccher.example:443",
                "Non-ASCII character U+00FC in the host of network rule 'b\\u00FCcher.example:443'"),
            Arguments.of("a\u202eb:443", "Non-ASCII character U+202E in the host of network rule 'a\\u202Eb:443'"),
            // Without brackets and port, an IPv6 address splits into a broken host and a "port".
            Arguments.of("2001:db8::1", "Invalid IPv6 address '2001:db8:' in network rule '2001:db8::1'"),
            Arguments.of("fe80::1%eth0:443", "Invalid IPv6 address 'fe80::1%eth0' in network rule 'fe80::1%eth0:443'"),
            Arguments.of("[1:2:3:4:5:6:7:8:9]:443",
                "Invalid IPv6 address '1:2:3:4:5:6:7:8:9' in network rule '[1:2:3:4:5:6:7:8:9]:443'"),
            Arguments.of("010.0.0.1:443", "Invalid IPv4 address '010.0.0.1' in network rule '010.0.0.1:443'"),
            Arguments.of("256.1.1.1:443", "Invalid IPv4 address '256.1.1.1' in network rule '256.1.1.1:443'"),
            Arguments.of("10.1:443", "Invalid IPv4 address '10.1' in network rule '10.1:443'"),
            Arguments.of("1.2.3.4.5:443", "Invalid IPv4 address '1.2.3.4.5' in network rule '1.2.3.4.5:443'"),
            Arguments.of("2130706433:443", "Invalid IPv4 address '2130706433' in network rule '2130706433:443'"),
            Arguments.of("0x7f000001:443", "Invalid IPv4 address '0x7f000001' in network rule '0x7f000001:443'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badRules")
    void rejectsBadRulesNamingThem(String text, String message) {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.hint().isBlank(), "a hint for " + message);
    }

    @Test
    void formatMistakesGetTheFormatHintAndUnsafeHostsTheCharacterHint() {
        assertEquals(NetworkRule.FORMAT_HINT,
            assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse("github.com")).hint());
        assertEquals(HostSyntax.CHARACTER_HINT,
            assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse("a;b:443")).hint());
        assertEquals(HostSyntax.IPV6_HINT,
            assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse("2001:db8::1")).hint());
    }

    @Test
    void theHostLimitIs253Characters() {
        String label = "a".repeat(62);
        String host = String.join(".", label, label, label, label) + ".c";
        assertEquals(253, host.length());
        assertEquals(host, NetworkRule.parse(host + ":443").host());
        assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse("a" + host + ":443"));
    }

    @Test
    void theConstructorChecksLikeParse() {
        assertEquals("Port 0 is not valid in network rule 'github.com:0'. Must be 1-65535",
            assertThrows(NetworkPolicyException.class, () -> new NetworkRule("github.com", 0)).getMessage());
        assertEquals("Port 70000 is not valid in network rule '[::1]:70000'. Must be 1-65535",
            assertThrows(NetworkPolicyException.class, () -> new NetworkRule("::1", 70000)).getMessage());
        assertEquals("Empty host in network rule ':443'",
            assertThrows(NetworkPolicyException.class, () -> new NetworkRule("", 443)).getMessage());
        assertEquals("Character ' is not allowed in the host of network rule 'it's:443'",
            assertThrows(NetworkPolicyException.class, () -> new NetworkRule("it's", 443)).getMessage());
        assertThrows(NullPointerException.class, () -> new NetworkRule(null, 443));
    }

    @Test
    void printsInTheFormItParses() {
        assertEquals("github.com:443", NetworkRule.parse("github.com:443").toString());
        assertEquals("[::1]:443", NetworkRule.parse("::1:443").toString());
        for (String text : List.of("github.com:22", "[2001:db8::1]:443", "10.0.0.5:80")) {
            NetworkRule rule = NetworkRule.parse(text);
            assertEquals(rule, NetworkRule.parse(rule.toString()));
        }
    }

    @Test
    void parsesListsInOrderAndStopsAtTheFirstBadRule() {
        assertEquals(List.of(new NetworkRule("b.example", 1), new NetworkRule("a.example", 2)),
            NetworkRule.parseAll(List.of("b.example:1", "a.example:2")));
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class,
            () -> NetworkRule.parseAll(List.of("ok.example:1", "bad", "worse")));
        assertEquals("Invalid network rule 'bad'. Expected format: host:port", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "2001:DB8::1", "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "fe80::abcd:1"})
    void recognisesIpv6Addresses(String address) {
        assertTrue(HostSyntax.isIpv6(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1",
        "::1.2.3", "1:2:3:4:5:6:7:8::", ":1::", "1::2:", "1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::\uff11"})
    void refusesWhatIsNotAnIpv6Address(String address) {
        assertFalse(HostSyntax.isIpv6(address));
    }

    @ParameterizedTest
    @MethodSource("rangesAndWildcards")
    void rangesAndWildcardsAreRules(String text, String host, HostKind kind) {
        NetworkRule rule = NetworkRule.parse(text);
        assertEquals(host, rule.host());
        assertEquals(kind, rule.hostKind());
        assertEquals(rule, NetworkRule.parse(rule.toString()));
    }

    static Stream<Arguments> rangesAndWildcards() {
        return Stream.of(
            Arguments.of("10.0.0.0/8:443", "10.0.0.0/8", HostKind.IPV4_RANGE),
            Arguments.of("0.0.0.0/0:443", "0.0.0.0/0", HostKind.IPV4_RANGE),
            Arguments.of("192.168.1.7/32:22", "192.168.1.7/32", HostKind.IPV4_RANGE),
            Arguments.of("[2001:db8::/32]:443", "2001:db8::/32", HostKind.IPV6_RANGE),
            Arguments.of("[fd00::/64]:8080", "fd00::/64", HostKind.IPV6_RANGE),
            Arguments.of("*.githubusercontent.com:443", "*.githubusercontent.com", HostKind.WILDCARD),
            Arguments.of("*.Example.ORG.:443", "*.Example.ORG.", HostKind.WILDCARD));
    }

    @ParameterizedTest
    @MethodSource("badRangesAndNames")
    void badRangesAndNamesSayWhatIsWrong(String text, String message, String hint) {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.hint().contains(hint), e.hint());
    }

    static Stream<Arguments> badRangesAndNames() {
        return Stream.of(
            Arguments.of("10.0.0.1/8:443", "has bits set after its first 8", "without host bits"),
            Arguments.of("10.0.0.0/33:443", "must be 0 to 32", "CIDR"),
            Arguments.of("10.0.0.0/08:443", "Invalid prefix length '08'", "CIDR"),
            Arguments.of("10.0.0/8:443", "Invalid address range", "CIDR"),
            Arguments.of("[2001:db8::1/32]:443", "has bits set after its first 32", "without host bits"),
            Arguments.of("[2001:db8::/129]:443", "must be 0 to 128", "CIDR"),
            Arguments.of("*.com:443", "covers a whole top-level domain", "at least two parts"),
            Arguments.of("*:443", "'*' in network rule", "*. followed by"),
            Arguments.of("a.*.example.com:443", "'*' in network rule", "*. followed by"),
            Arguments.of("**.example.com:443", "'*' in network rule", "*. followed by"),
            Arguments.of("exa..mple.com:443", "1 to 63 characters", "letters, digits"),
            Arguments.of("exa~mple.com:443", "Character ~ is not allowed", "letters, digits"),
            Arguments.of("a/b.example.com:443", "Invalid address range", "CIDR"));
    }
}
