package dev.mino.network;

import java.util.List;
import java.util.Objects;

/**
 * The POSIX {@code sh} script that sets up the egress firewall of an allowlist.
 *
 * <p>It runs in a short-lived firewall container that holds {@code NET_ADMIN} and shares the
 * sandbox's network namespace; the sandbox itself never gets {@code NET_ADMIN}, so its command
 * cannot undo the rules. The script sets the rules and prints {@link #READY_MARKER}; it starts
 * nothing else.
 *
 * <p>In order: {@code set -eu}; a check that {@code iptables} and {@code ip6tables} (and, when a
 * rule names a host, {@code getent}) exist, else a message on stderr and exit
 * {@value #EXIT_MISSING_TOOL}; policy DROP on the OUTPUT chain of IPv4 and IPv6; ACCEPT on
 * loopback; ACCEPT for established and related connections and DNS (UDP and TCP port 53) in each
 * family; then for each rule in order, an IPv4 address to iptables only, an IPv6 address to
 * ip6tables only, and a name resolved with {@code getent ahostsv4} and {@code getent ahostsv6} with
 * one rule per distinct address in its own family (a name without IPv6 addresses is fine; a name
 * with no address at all stops the script with exit {@value #EXIT_UNRESOLVABLE}); then
 * a read-back of both OUTPUT chains ({@code iptables -S OUTPUT}): unless each has policy DROP and
 * exactly the rules set, exit {@value #EXIT_RULES_NOT_IN_PLACE}; finally the line
 * {@link #READY_MARKER} on stdout. Only OUTPUT is touched, DNS to any server stays open, and names
 * are resolved once, when the script runs.
 *
 * <p>The DROP policy comes first, so a script that stops part-way leaves the network closed, not
 * open; the caller treats any exit without the marker as a failed start.
 */
public final class FirewallScript {
    /** The line the script prints on stdout once every rule is in place. */
    public static final String READY_MARKER = "mino-firewall-ready";

    /** The exit status when the image lacks iptables, ip6tables or getent. */
    public static final int EXIT_MISSING_TOOL = 3;

    /** The exit status when a host name resolves to no address at all. */
    public static final int EXIT_UNRESOLVABLE = 4;

    /** The exit status when the rules read back are not the ones the script set. */
    public static final int EXIT_RULES_NOT_IN_PLACE = 5;

    /**
     * Adds one rule per distinct address of getent's output ($3) to the table of $1, for port $2.
     * glibc's ahostsv6 answers a name without AAAA records with IPv4-mapped addresses
     * (::ffff:a.b.c.d); those are IPv4 traffic, already covered by ahostsv4, so they are skipped.
     * A here-document rather than a pipe keeps mino_found in this shell.
     */
    private static final String ADD_FUNCTION = String.join("\n",
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
        "}");

    /** Allows host name $1 on port $2 in both families, or stops when it has no address. */
    private static final String ALLOW_NAME_FUNCTION = String.join("\n",
        "mino_allow_name() {",
        "  mino_found=0",
        "  mino_v4=$(getent ahostsv4 \"$1\" 2>/dev/null) || mino_v4=''",
        "  mino_v6=$(getent ahostsv6 \"$1\" 2>/dev/null) || mino_v6=''",
        "  mino_add iptables \"$2\" \"$mino_v4\"",
        "  mino_add ip6tables \"$2\" \"$mino_v6\"",
        "  if [ \"$mino_found\" = 0 ]; then",
        "    printf 'mino: cannot resolve %s\\n' \"$1\" >&2",
        "    exit " + EXIT_UNRESOLVABLE,
        "  fi",
        "}");

    /**
     * Reads back the OUTPUT chain of the table tool $1 and stops with
     * {@value #EXIT_RULES_NOT_IN_PLACE} unless its policy is DROP and it holds exactly $2 rules:
     * an iptables that did nothing (a no-op, or a backend that does not reach this namespace)
     * must not let the sandbox start unguarded.
     */
    private static final String VERIFY_FUNCTION = String.join("\n",
        "mino_verify() {",
        "  mino_listing=$(\"$1\" -S OUTPUT) || {",
        "    printf 'mino: %s -S OUTPUT failed\\n' \"$1\" >&2",
        "    exit " + EXIT_RULES_NOT_IN_PLACE,
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
        "    exit " + EXIT_RULES_NOT_IN_PLACE,
        "  fi",
        "}");

    private final List<NetworkRule> rules;
    private final String text;

    private FirewallScript(List<NetworkRule> rules) {
        this.rules = rules;
        this.text = build(rules);
    }

    /**
     * The script for these rules.
     *
     * @param rules the allowed destinations, in order
     * @return the script
     */
    public static FirewallScript of(List<NetworkRule> rules) {
        return new FirewallScript(List.copyOf(rules));
    }

    /**
     * The script for an allowlist policy.
     *
     * @param policy a policy of mode {@link NetworkMode#ALLOWLIST}
     * @return the script
     * @throws IllegalArgumentException if the policy is not an allowlist, which needs no firewall
     */
    public static FirewallScript of(NetworkPolicy policy) {
        if (policy.mode() != NetworkMode.ALLOWLIST) {
            throw new IllegalArgumentException("Only an allowlist needs a firewall, not " + policy.describe());
        }
        return of(policy.rules());
    }

    /**
     * The rules the script allows.
     *
     * @return the rules in order, unmodifiable
     */
    public List<NetworkRule> rules() {
        return rules;
    }

    /**
     * The script: one statement per line, ending with a newline.
     *
     * @return the script text
     */
    public String text() {
        return text;
    }

    /**
     * The command that runs the script in the firewall container.
     *
     * @return {@code /bin/sh}, {@code -c} and the script text
     */
    public List<String> command() {
        return List.of("/bin/sh", "-c", text);
    }

    /**
     * Quotes a word for a POSIX shell: wrapped in single quotes, each {@code '} written as
     * {@code '\''}. Inside single quotes the shell expands nothing, so the word stays one argument
     * whatever it holds.
     *
     * @param word any text
     * @return the quoted word
     */
    public static String quote(String word) {
        Objects.requireNonNull(word, "word");
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String build(List<NetworkRule> rules) {
        boolean names = rules.stream().anyMatch(r -> r.hostKind() == HostKind.NAME);
        StringBuilder script = new StringBuilder();
        line(script, "set -eu");
        requireTool(script, "iptables");
        requireTool(script, "ip6tables");
        if (names) {
            requireTool(script, "getent");
        }
        // DROP first: until the ACCEPT rules are in, nothing leaves, so no gap lets traffic out.
        line(script, "iptables -P OUTPUT DROP");
        line(script, "ip6tables -P OUTPUT DROP");
        line(script, "iptables -A OUTPUT -o lo -j ACCEPT");
        line(script, "ip6tables -A OUTPUT -o lo -j ACCEPT");
        // DNS precedes the rules for names, so getent can resolve them under the DROP policy.
        for (String tool : List.of("iptables", "ip6tables")) {
            line(script, tool + " -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT");
            line(script, tool + " -A OUTPUT -p udp --dport 53 -j ACCEPT");
            line(script, tool + " -A OUTPUT -p tcp --dport 53 -j ACCEPT");
        }
        if (names) {
            line(script, ADD_FUNCTION);
            line(script, ALLOW_NAME_FUNCTION);
        }
        // Rules each family holds once the literal addresses are in: loopback, conntrack, DNS x2.
        int ipv4Rules = 4;
        int ipv6Rules = 4;
        for (NetworkRule rule : rules) {
            switch (rule.hostKind()) {
                case IPV4:
                    line(script, accept("iptables", rule));
                    ipv4Rules++;
                    break;
                case IPV6:
                    line(script, accept("ip6tables", rule));
                    ipv6Rules++;
                    break;
                default:
                    line(script, "mino_allow_name " + quote(rule.host()) + " " + rule.port());
                    break;
            }
        }
        line(script, VERIFY_FUNCTION);
        line(script, "mino_verify iptables \"$((" + ipv4Rules + " + ${mino_added_iptables:-0}))\"");
        line(script, "mino_verify ip6tables \"$((" + ipv6Rules + " + ${mino_added_ip6tables:-0}))\"");
        line(script, "printf '%s\\n' " + quote(READY_MARKER));
        return script.toString();
    }

    private static void requireTool(StringBuilder script, String tool) {
        String message = "mino: the firewall image lacks " + tool
            + "; use an image with iptables (for example Debian with the iptables package)";
        line(script, "command -v " + tool + " >/dev/null 2>&1 || { printf '%s\\n' " + quote(message)
            + " >&2; exit " + EXIT_MISSING_TOOL + "; }");
    }

    private static String accept(String tool, NetworkRule rule) {
        return tool + " -A OUTPUT -d " + quote(rule.host()) + " -p tcp --dport " + rule.port() + " -j ACCEPT";
    }

    private static void line(StringBuilder script, String statement) {
        script.append(statement).append('\n');
    }
}
