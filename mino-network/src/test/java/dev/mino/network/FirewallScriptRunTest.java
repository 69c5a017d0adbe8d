package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated script under real POSIX shells against fake iptables, ip6tables and getent
 * that only log their arguments, so the exact calls can be checked without touching any firewall.
 * PATH holds nothing but the fakes, so no real tool can be reached.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FirewallScriptRunTest {
    @TempDir
    Path dir;

    private Path bin;
    private Path log;
    private Path hosts;

    /** What the fake getent knows; ahostsv6 answers an IPv4-only name with a mapped address, as glibc does. */
    private static final String HOSTS_TABLE = String.join("\n",
        "ahostsv4 both.example 192.0.2.10",
        "ahostsv4 both.example 192.0.2.11",
        "ahostsv6 both.example 2001:db8::10",
        "ahostsv4 v4only.example 192.0.2.20",
        "ahostsv6 v4only.example ::ffff:192.0.2.20",
        "ahostsv6 v6only.example 2001:db8::30",
        "");

    /**
     * Logs each change and keeps the OUTPUT chain in files of its own, which {@code -S OUTPUT}
     * prints the way iptables does (the policy, then the rules); the read-back is not logged.
     * PATH holds no cat, so the files are read with the shell's own read.
     */
    private static final String TABLES = String.join("\n",
        "#!/bin/sh",
        "chain=\"$MINO_TEST_LOG.${0##*/}\"",
        "case $1 in",
        "  -S)",
        "    policy=ACCEPT",
        "    [ -f \"$chain.policy\" ] && read -r policy < \"$chain.policy\"",
        "    printf '%s\\n' \"-P OUTPUT $policy\"",
        "    if [ -f \"$chain.rules\" ]; then",
        "      while IFS= read -r rule; do printf '%s\\n' \"$rule\"; done < \"$chain.rules\"",
        "    fi",
        "    exit 0 ;;",
        "  -P) printf '%s\\n' \"$3\" > \"$chain.policy\" ;;",
        "  -A) printf '%s\\n' \"$*\" >> \"$chain.rules\" ;;",
        "esac",
        "printf '%s\\n' \"${0##*/} $*\" >> \"$MINO_TEST_LOG\"",
        "");

    /** An iptables that answers as if it had worked, and sets nothing (a no-op planted in an image). */
    private static final String NO_OP_TABLES = String.join("\n", "#!/bin/sh", "exit 0", "");

    /** An iptables that sets the rules but not the DROP policy. */
    private static final String NO_POLICY_TABLES = TABLES.replace("  -P) printf", "  -P) : printf");

    /** Prints each address the way getent does: one line each for STREAM, DGRAM and RAW. */
    private static final String GETENT = String.join("\n",
        "#!/bin/sh",
        "printf '%s\\n' \"getent $*\" >> \"$MINO_TEST_LOG\"",
        "status=2",
        "while read -r db name addr; do",
        "  if [ \"$db\" = \"$1\" ] && [ \"$name\" = \"$2\" ]; then",
        "    printf '%-15s STREAM %s\\n%-15s DGRAM  \\n%-15s RAW    \\n' \"$addr\" \"$2\" \"$addr\" \"$addr\"",
        "    status=0",
        "  fi",
        "done < \"$MINO_TEST_HOSTS\"",
        "exit $status",
        "");

    private static final List<String> BASE_CALLS = List.of(
        "iptables -P OUTPUT DROP",
        "ip6tables -P OUTPUT DROP",
        "iptables -A OUTPUT -o lo -j ACCEPT",
        "ip6tables -A OUTPUT -o lo -j ACCEPT",
        "iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "iptables -A OUTPUT -p udp --dport 53 -j ACCEPT",
        "iptables -A OUTPUT -p tcp --dport 53 -j ACCEPT",
        "ip6tables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "ip6tables -A OUTPUT -p udp --dport 53 -j ACCEPT",
        "ip6tables -A OUTPUT -p tcp --dport 53 -j ACCEPT");

    /** The shells to run under: the system's sh, and busybox and bash in POSIX mode when present. */
    static Stream<List<String>> shells() {
        List<List<String>> shells = new ArrayList<>();
        shells.add(List.of("/bin/sh", "-c"));
        if (Files.isExecutable(Path.of("/usr/bin/busybox"))) {
            shells.add(List.of("/usr/bin/busybox", "sh", "-c"));
        }
        if (Files.isExecutable(Path.of("/bin/bash"))) {
            shells.add(List.of("/bin/bash", "--posix", "-c"));
        }
        return shells.stream();
    }

    private record Run(int exit, String stdout, String stderr, List<String> calls) {}

    @BeforeEach
    void fakes() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        log = dir.resolve("calls.log");
        hosts = dir.resolve("hosts.table");
        Files.writeString(hosts, HOSTS_TABLE);
        fake("iptables", TABLES);
        fake("ip6tables", TABLES);
        fake("getent", GETENT);
    }

    private void fake(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(List<String> shell, String... rules) throws IOException, InterruptedException {
        return runText(shell, FirewallScript.of(NetworkRule.parseAll(List.of(rules))).text());
    }

    private Run runText(List<String> shell, String text) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(shell);
        command.add(text);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("MINO_TEST_LOG", log.toString());
        env.put("MINO_TEST_HOSTS", hosts.toString());
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script finishes");
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8), calls);
    }

    private static List<String> calls(String... specific) {
        return Stream.concat(BASE_CALLS.stream(), Stream.of(specific)).collect(Collectors.toList());
    }

    private static void assertReady(Run run) {
        assertEquals("", run.stderr());
        assertEquals(0, run.exit());
        assertEquals(FirewallScript.READY_MARKER + "\n", run.stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aNameWithIpv4AndIpv6AddressesGetsOneRulePerAddressInEachFamily(List<String> shell) throws Exception {
        Run run = run(shell, "both.example:443");
        assertReady(run);
        assertEquals(calls(
                "getent ahostsv4 both.example",
                "getent ahostsv6 both.example",
                "iptables -A OUTPUT -d 192.0.2.10 -p tcp --dport 443 -j ACCEPT",
                "iptables -A OUTPUT -d 192.0.2.11 -p tcp --dport 443 -j ACCEPT",
                "ip6tables -A OUTPUT -d 2001:db8::10 -p tcp --dport 443 -j ACCEPT"),
            run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aNameWithoutIpv6AddressesIsFineAndItsMappedAnswerIsSkipped(List<String> shell) throws Exception {
        Run run = run(shell, "v4only.example:22");
        assertReady(run);
        assertEquals(calls(
                "getent ahostsv4 v4only.example",
                "getent ahostsv6 v4only.example",
                "iptables -A OUTPUT -d 192.0.2.20 -p tcp --dport 22 -j ACCEPT"),
            run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aNameWithOnlyIpv6AddressesIsFine(List<String> shell) throws Exception {
        Run run = run(shell, "v6only.example:443");
        assertReady(run);
        assertEquals(calls(
                "getent ahostsv4 v6only.example",
                "getent ahostsv6 v6only.example",
                "ip6tables -A OUTPUT -d 2001:db8::30 -p tcp --dport 443 -j ACCEPT"),
            run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anIpv4AddressGoesOnlyToIptables(List<String> shell) throws Exception {
        Run run = run(shell, "192.0.2.5:8080");
        assertReady(run);
        assertEquals(calls("iptables -A OUTPUT -d 192.0.2.5 -p tcp --dport 8080 -j ACCEPT"), run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anIpv6AddressGoesOnlyToIp6tables(List<String> shell) throws Exception {
        Run run = run(shell, "[2001:db8::5]:8443");
        assertReady(run);
        assertEquals(calls("ip6tables -A OUTPUT -d 2001:db8::5 -p tcp --dport 8443 -j ACCEPT"), run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void rulesAreAppliedInTheOrderGiven(List<String> shell) throws Exception {
        Run run = run(shell, "[2001:db8::5]:1", "v4only.example:2", "192.0.2.5:3");
        assertReady(run);
        assertEquals(calls(
                "ip6tables -A OUTPUT -d 2001:db8::5 -p tcp --dport 1 -j ACCEPT",
                "getent ahostsv4 v4only.example",
                "getent ahostsv6 v4only.example",
                "iptables -A OUTPUT -d 192.0.2.20 -p tcp --dport 2 -j ACCEPT",
                "iptables -A OUTPUT -d 192.0.2.5 -p tcp --dport 3 -j ACCEPT"),
            run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anUnresolvableNameStopsTheScriptWithExit4AndNoReadyMarker(List<String> shell) throws Exception {
        Run run = run(shell, "v4only.example:443", "nowhere.example:443", "192.0.2.5:80");
        assertEquals(FirewallScript.EXIT_UNRESOLVABLE, run.exit());
        assertEquals("mino: cannot resolve nowhere.example\n", run.stderr());
        assertEquals("", run.stdout());
        assertEquals(calls(
                "getent ahostsv4 v4only.example",
                "getent ahostsv6 v4only.example",
                "iptables -A OUTPUT -d 192.0.2.20 -p tcp --dport 443 -j ACCEPT",
                "getent ahostsv4 nowhere.example",
                "getent ahostsv6 nowhere.example"),
            run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aMissingIp6tablesStopsTheScriptWithExit3BeforeAnyRule(List<String> shell) throws Exception {
        Files.delete(bin.resolve("ip6tables"));
        Run run = run(shell, "192.0.2.5:80");
        assertEquals(FirewallScript.EXIT_MISSING_TOOL, run.exit());
        assertEquals("mino: the firewall image lacks ip6tables; use an image with iptables"
            + " (for example Debian with the iptables package)\n", run.stderr());
        assertEquals("", run.stdout());
        assertEquals(List.of(), run.calls());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aMissingIptablesOrGetentStopsTheScriptWithExit3(List<String> shell) throws Exception {
        Files.delete(bin.resolve("getent"));
        Run noGetent = run(shell, "both.example:443");
        assertEquals(FirewallScript.EXIT_MISSING_TOOL, noGetent.exit());
        assertTrue(noGetent.stderr().startsWith("mino: the firewall image lacks getent;"), noGetent.stderr());
        assertEquals(List.of(), noGetent.calls());

        Files.delete(bin.resolve("iptables"));
        Run noIptables = run(shell, "192.0.2.5:80");
        assertEquals(FirewallScript.EXIT_MISSING_TOOL, noIptables.exit());
        assertTrue(noIptables.stderr().startsWith("mino: the firewall image lacks iptables;"), noIptables.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aFailingIptablesStopsTheScript(List<String> shell) throws Exception {
        fake("iptables", "#!/bin/sh\nexit 1\n");
        Run run = run(shell, "192.0.2.5:80");
        assertEquals(1, run.exit());
        assertEquals("", run.stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aQuotedWordReachesTheCommandUnchanged(List<String> shell) throws Exception {
        String nasty = "it's $(touch pwned) `id` ; \"x\" \\ * \n $HOME '' end";
        Run run = runText(shell, "printf '%s' " + FirewallScript.quote(nasty));
        assertEquals(0, run.exit());
        assertEquals(nasty, run.stdout());
        assertTrue(Files.notExists(dir.resolve("pwned")));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anIptablesThatSetsNothingStopsTheScriptWithExit5AndNoReadyMarker(List<String> shell) throws Exception {
        fake("iptables", NO_OP_TABLES);
        Run run = run(shell, "10.0.0.5:443");
        assertEquals(FirewallScript.EXIT_RULES_NOT_IN_PLACE, run.exit(), run.stderr());
        assertEquals("", run.stdout(), "no ready marker: the sandbox must not start");
        assertTrue(run.stderr().contains("the iptables rules are not in place (policy DROP: no; rules: 0, expected 5)"),
            run.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aPolicyThatStayedAcceptStopsTheScriptWithExit5(List<String> shell) throws Exception {
        fake("ip6tables", NO_POLICY_TABLES);
        Run run = run(shell, "both.example:443");
        assertEquals(FirewallScript.EXIT_RULES_NOT_IN_PLACE, run.exit(), run.stderr());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("the ip6tables rules are not in place (policy DROP: no; rules: 5, expected 5)"),
            run.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theReadBackCountsTheRulesOfNamesInEachFamily(List<String> shell) throws Exception {
        // Control for the two above: the same fakes, with the rules set, let the script get ready.
        Run run = run(shell, "both.example:443", "v4only.example:80", "10.0.0.5:22", "[2001:db8::1]:443");
        assertReady(run);
    }
}
