package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact text of the firewall script: its order and its quoting. */
class FirewallScriptTest {
    private static final String CHECKS = String.join("\n",
        "set -eu",
        "command -v iptables >/dev/null 2>&1 || { printf '%s\\n' 'mino: the firewall image lacks iptables; use an image"
            + " with iptables (for example Debian with the iptables package)' >&2; exit 3; }",
        "command -v ip6tables >/dev/null 2>&1 || { printf '%s\\n' 'mino: the firewall image lacks ip6tables; use an image"
            + " with iptables (for example Debian with the iptables package)' >&2; exit 3; }",
        "");

    private static final String GETENT_CHECK =
        "command -v getent >/dev/null 2>&1 || { printf '%s\\n' 'mino: the firewall image lacks getent; use an image"
            + " with iptables (for example Debian with the iptables package)' >&2; exit 3; }\n";

    private static final String BASE_RULES = String.join("\n",
        "iptables -P OUTPUT DROP",
        "ip6tables -P OUTPUT DROP",
        "iptables -A OUTPUT -o lo -j ACCEPT",
        "ip6tables -A OUTPUT -o lo -j ACCEPT",
        "iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "iptables -A OUTPUT -p udp --dport 53 -j ACCEPT",
        "iptables -A OUTPUT -p tcp --dport 53 -j ACCEPT",
        "ip6tables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "ip6tables -A OUTPUT -p udp --dport 53 -j ACCEPT",
        "ip6tables -A OUTPUT -p tcp --dport 53 -j ACCEPT",
        "");

    private static final String FUNCTIONS = String.join("\n",
        "mino_add() {",
        "  mino_seen=' '",
        "  while read -r mino_addr mino_rest; do",
        "    case $mino_addr in",
        "      ''|::ffff:*.*) continue ;;",
        "    esac",
        "    case $mino_seen in",
        "      *\" $mino_addr \"*) continue ;;",
        "    esac",
        "    mino_seen=\"$mino_seen$mino_addr \"",
        "    \"$1\" -A OUTPUT -d \"$mino_addr\" -p tcp --dport \"$2\" -j ACCEPT",
        "    mino_found=1",
        "    case $1 in",
        "      iptables) mino_added_iptables=$((${mino_added_iptables:-0} + 1)) ;;",
        "      *) mino_added_ip6tables=$((${mino_added_ip6tables:-0} + 1)) ;;",
        "    esac",
        "  done <<EOF",
        "$3",
        "EOF",
        "}",
        "mino_allow_name() {",
        "  mino_found=0",
        "  mino_v4=$(getent ahostsv4 \"$1\" 2>/dev/null) || mino_v4=''",
        "  mino_v6=$(getent ahostsv6 \"$1\" 2>/dev/null) || mino_v6=''",
        "  mino_add iptables \"$2\" \"$mino_v4\"",
        "  mino_add ip6tables \"$2\" \"$mino_v6\"",
        "  if [ \"$mino_found\" = 0 ]; then",
        "    printf 'mino: cannot resolve %s\\n' \"$1\" >&2",
        "    exit 4",
        "  fi",
        "}",
        "");

    private static final String VERIFY = String.join("\n",
        "mino_verify() {",
        "  mino_listing=$(\"$1\" -S OUTPUT) || {",
        "    printf 'mino: %s -S OUTPUT failed\\n' \"$1\" >&2",
        "    exit 5",
        "  }",
        "  mino_drop=no",
        "  mino_count=0",
        "  while read -r mino_a mino_b mino_c mino_rest; do",
        "    case \"$mino_a $mino_b $mino_c\" in",
        "      '-P OUTPUT DROP') mino_drop=yes ;;",
        "      '-A OUTPUT '*) mino_count=$((mino_count + 1)) ;;",
        "    esac",
        "  done <<EOF",
        "$mino_listing",
        "EOF",
        "  if [ \"$mino_drop\" != yes ] || [ \"$mino_count\" != \"$2\" ]; then",
        "    printf 'mino: the %s rules are not in place (policy DROP: %s; rules: %s, expected %s)\\n' \\",
        "      \"$1\" \"$mino_drop\" \"$mino_count\" \"$2\" >&2",
        "    exit 5",
        "  fi",
        "}",
        "");

    private static String verify(int ipv4Rules, int ipv6Rules) {
        return VERIFY
            + "mino_verify iptables \"$((" + ipv4Rules + " + ${mino_added_iptables:-0}))\"\n"
            + "mino_verify ip6tables \"$((" + ipv6Rules + " + ${mino_added_ip6tables:-0}))\"\n";
    }

    private static final String READY = "printf '%s\\n' 'mino-firewall-ready'\n";

    @Test
    void literalsGoOnlyToTheirOwnFamilyAndNeedNoResolver() {
        FirewallScript script = FirewallScript.of(NetworkRule.parseAll(List.of("10.0.0.5:8080", "[2001:db8::1]:443")));
        assertEquals(CHECKS + BASE_RULES
                + "iptables -A OUTPUT -d '10.0.0.5' -p tcp --dport 8080 -j ACCEPT\n"
                + "ip6tables -A OUTPUT -d '2001:db8::1' -p tcp --dport 443 -j ACCEPT\n"
                + verify(5, 5) + READY,
            script.text());
    }

    @Test
    void namesAreResolvedInTheScriptInTheOrderGiven() {
        FirewallScript script = FirewallScript.of(NetworkRule.parseAll(
            List.of("github.com:443", "10.0.0.5:80", "*.example.org:22", "::1:8080")));
        assertEquals(CHECKS + GETENT_CHECK + BASE_RULES + FUNCTIONS
                + "mino_allow_name 'github.com' 443\n"
                + "iptables -A OUTPUT -d '10.0.0.5' -p tcp --dport 80 -j ACCEPT\n"
                + "mino_allow_name '*.example.org' 22\n"
                + "ip6tables -A OUTPUT -d '::1' -p tcp --dport 8080 -j ACCEPT\n"
                + verify(5, 5) + READY,
            script.text());
    }

    @Test
    void thePolicyComesFirstAndTheReadyMarkerLast() {
        String text = FirewallScript.of(NetworkPolicy.allow("github.com:443")).text();
        List<String> lines = List.of(text.split("\n"));
        assertEquals("set -eu", lines.get(0));
        assertTrue(text.indexOf("iptables -P OUTPUT DROP") < text.indexOf("--dport 53"));
        assertTrue(text.indexOf("--dport 53") < text.indexOf("mino_allow_name 'github.com'"));
        assertEquals("printf '%s\\n' 'mino-firewall-ready'", lines.get(lines.size() - 1));
        assertEquals("mino-firewall-ready", FirewallScript.READY_MARKER);
    }

    @Test
    void noNameMeansNoResolverCheckAndNoFunctions() {
        String text = FirewallScript.of(NetworkPolicy.allow("10.0.0.5:80")).text();
        assertFalse(text.contains("getent"));
        assertFalse(text.contains("mino_allow_name"));
    }

    @Test
    void quotesEveryWordSafely() {
        assertEquals("'github.com'", FirewallScript.quote("github.com"));
        assertEquals("''", FirewallScript.quote(""));
        assertEquals("'it'\\''s'", FirewallScript.quote("it's"));
        assertEquals("''\\'''\\'''", FirewallScript.quote("''"));
        assertEquals("'$(id) `id` ; \"x\" \\'", FirewallScript.quote("$(id) `id` ; \"x\" \\"));
    }

    @Test
    void aHostWithAQuoteNeverReachesTheScript() {
        assertThrows(NetworkPolicyException.class, () -> NetworkRule.parse("it's.example:443"));
        assertThrows(NetworkPolicyException.class, () -> new NetworkRule("a'b", 443));
    }

    @Test
    void onlyAnAllowlistHasAFirewall() {
        for (NetworkPolicy policy : List.of(NetworkPolicy.bridge(), NetworkPolicy.host(), NetworkPolicy.none())) {
            assertThrows(IllegalArgumentException.class, () -> FirewallScript.of(policy));
        }
    }

    @Test
    void runsUnderShWithTheScriptAsOneArgument() {
        FirewallScript script = FirewallScript.of(NetworkPolicy.allow("10.0.0.5:80"));
        assertEquals(List.of("/bin/sh", "-c", script.text()), script.command());
        assertEquals(NetworkRule.parseAll(List.of("10.0.0.5:80")), script.rules());
    }
}
