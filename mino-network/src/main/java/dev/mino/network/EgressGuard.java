package dev.mino.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The egress guard of an allowlisted sandbox: a small program that runs as PID 1 of a firewall
 * container which holds {@code NET_ADMIN} and owns the sandbox's network namespace (the sandbox
 * joins it and never holds {@code NET_ADMIN} itself).
 *
 * <p>It needs {@code python3} and {@code nft} in the firewall image, and does, in order:
 * <ol>
 * <li>reads the resolvers the engine gave the container ({@code /etc/resolv.conf}) as its
 *     upstream, and points {@code /etc/resolv.conf} (which the sandbox shares) at itself;</li>
 * <li>loads one nftables table ({@code inet mino_egress}) whose output chain has policy drop:
 *     loopback, established connections the sandbox opened (never one a peer opened to it, never
 *     the guard's own: a sandbox that reuses their ports gets no ride), DNS to the upstream only
 *     from the guard's own marked sockets (the sandbox cannot mark packets without
 *     {@code NET_ADMIN}), IPv6 neighbour discovery, the literal addresses and ranges of the rules
 *     on their ports, and the addresses its resolver handed out for allowed names; everything else
 *     is logged and rejected. Its
 *     input chain drops what arrives over loopback from an address that is not local (a sandbox
 *     can forge an IPv6 source without a capability, to pose as the upstream);</li>
 * <li>reads the chain back and probes it (an unmarked packet to port 53 must be refused), and
 *     stops with {@value #EXIT_RULES_NOT_IN_PLACE} unless both hold;</li>
 * <li>answers DNS on 127.0.0.1:53 (UDP and TCP): a name the rules allow (exactly, or below a
 *     {@code *.} wildcard) is forwarded to the upstream and every address in the answer is
 *     admitted on the rule's ports for the answer's TTL, at least {@value #MIN_ADMIT_SECONDS} s;
 *     any other name is answered REFUSED and never leaves the machine;</li>
 * <li>prints {@link #READY_MARKER}, then one {@link #EVENT_PREFIX} line per refused name, blocked
 *     destination (once per destination every 10 s; at most 100 lines every 10 s, then a count of
 *     those left out) and destination allowed at run time ({@link #allowCommand(NetworkRule)});
 *     {@link #parseEvent(String)} reads them.</li>
 * </ol>
 * Whatever goes wrong later, the guard exits, its container stops and the sandbox's network goes
 * with it: nothing falls back to open.
 *
 * <p><b>Interception for the credential proxy</b> ({@link #intercepting(List)}). With intercept
 * targets the guard also: keeps the addresses its resolver hands out for a name matching a target
 * (on the target's ports that the name is allowed on) in the sets {@code intercept4} and
 * {@code intercept6}, for as long as they are admitted; redirects the sandbox's TCP to them, in a
 * nat chain, to its relay on {@code 127.0.0.1} and {@code [::1]} port {@value #RELAY_PORT}; hands
 * each redirected connection to the proxy's socket {@value #PROXY_FOLDER}/{@value #PROXY_SOCKET}
 * after one line {@code MINO-PROXY 1 <ip> <port>} naming where it was going (a connection whose
 * original destination is a loopback address, such as one straight to the relay, is closed; so
 * is every connection while nothing listens on the proxy's socket); and serves
 * {@value #PROXY_FOLDER}/{@value #UPSTREAM_SOCKET}, where the proxy asks {@code CONNECT <ip> <port>}
 * and gets {@code OK} (then a marked TCP connection from the sandbox's network namespace, which
 * is not redirected but passes the same output chain, so only admitted destinations answer) or
 * {@code ERR <reason>}. Neither ever connects to a loopback, link-local, unspecified or multicast
 * address, nor to an address of the namespace itself (where the sandbox may listen). The folder
 * must be mounted into the firewall container (never into the sandbox); each service serves at
 * most {@value #MAX_PROXIED_CONNECTIONS} connections at once. It probes the redirect before it is ready, and stops with
 * {@value #EXIT_RELAY_FAILED} when the folder is missing or a listener cannot start or fails.
 */
public final class EgressGuard {
    /** The line the guard prints on stdout once the rules are in place and the resolver answers. */
    public static final String READY_MARKER = "mino-egress-ready";

    /** The first word of each event line the guard prints on stdout. */
    public static final String EVENT_PREFIX = "mino-egress-event";

    /** The exit status when the firewall image lacks python3 or nft. */
    public static final int EXIT_MISSING_TOOL = 3;

    /** The exit status when the rules read back or probed are not the ones the guard set. */
    public static final int EXIT_RULES_NOT_IN_PLACE = 5;

    /** The exit status when the rules name hosts but the container was given no resolver. */
    public static final int EXIT_NO_UPSTREAM = 6;

    /** The exit status when the guard cannot answer DNS (port 53 taken, or no loopback). */
    public static final int EXIT_RESOLVER_FAILED = 7;

    /** The exit status of {@link #allowCommand(NetworkRule)} when the guard refused or was not there. */
    public static final int EXIT_ALLOW_FAILED = 8;

    /** The exit status when the relay to the credential proxy cannot start or its listeners fail. */
    public static final int EXIT_RELAY_FAILED = 9;

    /** The port on {@code 127.0.0.1} and {@code [::1]} that intercepted connections are redirected to. */
    public static final int RELAY_PORT = 15443;

    /** Where the firewall container has the credential proxy's folder mounted (never the sandbox). */
    public static final String PROXY_FOLDER = "/run/mino-proxy";

    /** The proxy's socket in {@link #PROXY_FOLDER}, which the relay connects to: the JVM listens on it. */
    public static final String PROXY_SOCKET = "proxy.sock";

    /** The guard's socket in {@link #PROXY_FOLDER}, through which the proxy connects upstream. */
    public static final String UPSTREAM_SOCKET = "upstream.sock";

    /**
     * How the line starts that the relay writes first on each connection to {@link #PROXY_SOCKET}:
     * {@code MINO-PROXY 1 <ip> <port>\n}, the address in the compressed text form ({@code 10.0.0.5},
     * {@code fd00::5}).
     */
    public static final String RELAY_LINE_PREFIX = "MINO-PROXY 1";

    /** The first word of the line the proxy writes first on each connection to {@link #UPSTREAM_SOCKET}. */
    public static final String CONNECT_WORD = "CONNECT";

    /** The guard's answer when the upstream connection is open; the bytes that follow are the destination's. */
    public static final String CONNECT_OK = "OK";

    /** The first word of the guard's answer when it could not or would not connect; the reason follows. */
    public static final String CONNECT_ERROR = "ERR";

    /** The longest line (with its end) either side writes on these sockets; ASCII. */
    public static final int MAX_LINE_BYTES = 200;

    /** Connections each of the relay and the upstream service serve at once; more are closed. */
    public static final int MAX_PROXIED_CONNECTIONS = 256;

    /** The shortest time an address handed out for an allowed name stays admitted, in seconds. */
    public static final int MIN_ADMIT_SECONDS = 60;

    private static final String RESOURCE = "egress-guard.py";
    private static final String SOURCE = load();

    private final List<NetworkRule> rules;
    private final List<InterceptTarget> intercepts;

    private EgressGuard(List<NetworkRule> rules, List<InterceptTarget> intercepts) {
        this.rules = rules;
        this.intercepts = intercepts;
    }

    /**
     * The guard for these rules.
     *
     * @param rules the allowed destinations, at least one
     * @return the guard
     */
    public static EgressGuard of(List<NetworkRule> rules) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("an egress guard needs at least one rule");
        }
        return new EgressGuard(List.copyOf(rules), List.of());
    }

    /**
     * The guard for an allowlist policy.
     *
     * @param policy a policy of mode {@link NetworkMode#ALLOWLIST}
     * @return the guard
     * @throws IllegalArgumentException if the policy is not an allowlist, which needs no guard
     */
    public static EgressGuard of(NetworkPolicy policy) {
        if (policy.mode() != NetworkMode.ALLOWLIST) {
            throw new IllegalArgumentException("Only an allowlist needs an egress guard, not " + policy.describe());
        }
        return of(policy.rules());
    }

    /**
     * The rules the guard allows.
     *
     * @return the rules in order, unmodifiable
     */
    public List<NetworkRule> rules() {
        return rules;
    }

    /**
     * This guard, with its connections to {@code targets} handed to mino's credential proxy (see
     * the class description). Each target must overlap an allow rule ({@link
     * InterceptTarget#overlaps(NetworkRule)}): the guard only intercepts what it lets through.
     *
     * @param targets the destinations to intercept, replacing any given before; empty for none
     * @return the guard with these targets
     * @throws NetworkPolicyException if a target is not allowed by any rule
     */
    public EgressGuard intercepting(List<InterceptTarget> targets) {
        List<InterceptTarget> copy = List.copyOf(targets);
        for (InterceptTarget target : copy) {
            if (rules.stream().noneMatch(target::overlaps)) {
                throw new NetworkPolicyException("The intercepted host " + target + " is not allowed by any network "
                    + "rule, so no connection to it could be intercepted",
                    "Allow it (for example with the rule " + target + "), or do not intercept it.");
            }
        }
        return new EgressGuard(rules, copy);
    }

    /**
     * The destinations whose connections go to the credential proxy.
     *
     * @return the targets in order, unmodifiable; empty when the guard intercepts nothing
     */
    public List<InterceptTarget> intercepts() {
        return intercepts;
    }

    /**
     * The entrypoint and command of the firewall container: a {@code /bin/sh} check that
     * {@code python3} and {@code nft} exist (else exit {@value #EXIT_MISSING_TOOL} with a message),
     * then {@code exec python3 -I -c <guard> guard [--intercept <target>]... <rule>...}.
     *
     * @return the full command line, its first element {@code /bin/sh}
     */
    public List<String> command() {
        List<String> command = new ArrayList<>(launcher());
        command.add("guard");
        for (InterceptTarget target : intercepts) {
            command.add("--intercept");
            command.add(target.toString());
        }
        rules.forEach(rule -> command.add(rule.toString()));
        return List.copyOf(command);
    }

    /**
     * The command that, run inside the firewall container (an exec), opens one more destination
     * while the sandbox runs. It exits 0 once the destination is open (a name: once its answers
     * are admitted) and {@value #EXIT_ALLOW_FAILED} when the guard refused or did not answer.
     *
     * @param rule the destination to open
     * @return the command line
     */
    public static List<String> allowCommand(NetworkRule rule) {
        Objects.requireNonNull(rule, "rule");
        List<String> command = new ArrayList<>(launcher());
        command.add("allow");
        command.add(rule.toString());
        return List.copyOf(command);
    }

    /**
     * Reads one line of the guard's standard output.
     *
     * @param line a line, with or without its line end
     * @return the event, or empty when the line is no event line (or one of a kind this version
     *     does not know)
     */
    public static Optional<EgressEvent> parseEvent(String line) {
        String[] f = line.strip().split(" ");
        if (f.length < 3 || !f[0].equals(EVENT_PREFIX)) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = Instant.ofEpochMilli(Long.parseLong(f[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try {
            switch (f[2]) {
                case "refused-name":
                    return f.length == 5 ? Optional.of(new EgressEvent.NameRefused(time, f[4], f[3])) : Optional.empty();
                case "blocked":
                    return f.length == 6
                        ? Optional.of(new EgressEvent.ConnectionBlocked(time, f[3], f[4], Integer.parseInt(f[5])))
                        : Optional.empty();
                case "suppressed":
                    return f.length == 4
                        ? Optional.of(new EgressEvent.DenialsSuppressed(time, Integer.parseInt(f[3])))
                        : Optional.empty();
                case "allowed":
                    return f.length == 4
                        ? Optional.of(new EgressEvent.DestinationAllowed(time, NetworkRule.parse(f[3])))
                        : Optional.empty();
                default:
                    return Optional.empty();
            }
        } catch (NumberFormatException | NetworkPolicyException e) {
            return Optional.empty();
        }
    }

    /**
     * The guard program itself (Python 3, standard library only).
     *
     * @return its source text
     */
    public static String source() {
        return SOURCE;
    }

    private static List<String> launcher() {
        String check = "for t in python3 nft; do command -v \"$t\" >/dev/null 2>&1 || { "
            + "printf 'mino: the firewall image lacks %s; it needs python3 and nft (Debian: python3-minimal "
            + "and nftables)\\n' \"$t\" >&2; exit " + EXIT_MISSING_TOOL + "; }; done; exec python3 -I -c \"$0\" \"$@\"";
        return List.of("/bin/sh", "-c", check, SOURCE);
    }

    private static String load() {
        try (InputStream in = EgressGuard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the egress guard " + RESOURCE + " is missing from mino-network");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the egress guard failed", e);
        }
    }
}
