package dev.mino.core;

import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkRule;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * A running sandbox: a hardened container running one command, with the project mounted. Made by
 * {@code mino.sandbox()...start()} ({@link Mino#sandbox()}) or {@code Sandbox.builder()...start()}.
 * {@link #close()} stops and removes the container and everything made for it; it is idempotent.
 * Thread-safe.
 *
 * <pre>{@code
 * try (Sandbox sb = Sandbox.builder()
 *         .project(Path.of("/home/me/app"))
 *         .image("localhost/tools:1.0")
 *         .command("sleep", "infinity")
 *         .start()) {
 *     ExecResult r = sb.exec("make", "test");
 * }
 * }</pre>
 */
public interface Sandbox extends AutoCloseable {

    /**
     * A builder for a new sandbox of the JVM's default {@link Mino}: the process's environment,
     * the platform's state directory unless set, connections and threads shared by every such
     * sandbox and never released, sandboxes removed when the JVM exits. A program that must let go
     * of everything (a plugin that can be unloaded) uses its own {@link Mino#sandbox()} instead.
     */
    static SandboxBuilder builder() {
        return new SandboxBuilder(MinoRuntime.shared());
    }

    /** The session name, unique among this user's sandboxes. */
    String sessionName();

    /** The Podman container id. */
    String containerId();

    /**
     * The spec this sandbox was made from, as the start completed it: a composed image in place of
     * the layers, the SSH agent relay's socket among the mounts, the firewall image pinned.
     * A handle from {@link Sessions#open(String)} tells the same spec, from the session's record
     * (which keeps the spec, env variables by name only) and the container (which has the env's
     * values), with these differences: {@code attach} is false and the terminal size 0 (they are
     * the handle's, which has no streams of the command), the engine and the state directory are
     * those the handle uses (a start may have left them to discovery), and the credential
     * providers are known by name only (they cannot issue anything). A session recorded before records kept the spec
     * tells what the container shows: its whole env (the image's too), its mounts and labels, and
     * an allowlist's rules as the egress guard runs them.
     */
    SandboxSpec spec();

    /**
     * Warnings given while the sandbox started: Podman's about the container (for example that a
     * rootless cgroup v1 engine ignores the resource limits), and Mino's own (for example that a
     * detached sandbox has no SSH agent). Each sandbox lists its own, every time; the listener
     * hears those about the host (with a {@link WarningCodes code}, such as the unenforced limits)
     * once per {@link Mino} only, and each other one as it comes.
     */
    List<String> warnings();

    /**
     * Waits for the command to end and returns its exit code (0-255; 128 + n for signal n).
     *
     * @throws SandboxTimeoutException when it has not ended within {@code timeout}
     */
    int awaitExit(Duration timeout);

    /** Waits, however long it takes, for the command to end and returns its exit code. */
    default int awaitExit() {
        return awaitExit(Duration.ofMillis(Long.MAX_VALUE));
    }

    /** The exit code if the command has ended, without waiting. */
    OptionalInt exitCode();

    /** Runs another command in the sandbox (which must be running) and collects its output. */
    ExecResult exec(String... command);

    /**
     * Runs another command in the sandbox, streaming: {@code stdin} (may be null) is copied to it
     * and then closed (this method takes ownership of it), its output written to {@code stdout}
     * and {@code stderr}, which are left open.
     *
     * @return its exit code
     */
    int exec(List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr);

    /**
     * Starts another command in the sandbox with its streams connected (for example an interactive
     * shell), with a terminal when {@code tty}.
     */
    ExecProcess startProcess(List<String> command, boolean tty);

    /**
     * Like {@link #startProcess(List, boolean)} with a terminal of {@code rows} x {@code columns}
     * from the first byte (no resize race with the first output).
     */
    ExecProcess startProcess(List<String> command, int rows, int columns);

    /** The command's stdin; closing it signals end of input. Needs {@link SandboxBuilder#attach}. */
    OutputStream stdin();

    /** The command's stdout (with a TTY, all of its output). Needs {@link SandboxBuilder#attach}. */
    InputStream stdout();

    /** The command's stderr (empty with a TTY). Needs {@link SandboxBuilder#attach}. */
    InputStream stderr();

    /** The output the command has written so far, from the container's log. */
    CapturedOutput logs();

    /**
     * Copies the container's log to the streams; with {@code follow}, keeps copying until the
     * command ends.
     */
    void logs(OutputStream stdout, OutputStream stderr, boolean follow);

    /**
     * Copies the last {@code lines} lines of the container's log (counted across stdout and stderr)
     * to the streams; with {@code follow}, keeps copying until the command ends.
     */
    void logs(OutputStream stdout, OutputStream stderr, boolean follow, int lines);

    /**
     * Sets the size of the command's terminal, for example after the user's window changed. Only for
     * sandboxes with {@link SandboxBuilder#tty(boolean) a TTY}.
     */
    void resizeTerminal(int rows, int columns);

    /** Asks the command to stop (SIGTERM) and kills it after {@code timeout}. */
    void stop(Duration timeout);

    /** Kills the command at once (SIGKILL). */
    void kill();

    /**
     * What the egress guard of an allowlisted sandbox has reported so far: names it refused,
     * connections it blocked and destinations opened while the sandbox runs, oldest first; at most
     * the latest 1000. The same events reach the listener as they happen, as {@link MinoEvent.Egress}.
     * A handle from {@link Sessions#open(String)} reads them from the firewall's log when asked.
     * Empty for a sandbox without an allowlist.
     *
     * @return a snapshot, unmodifiable
     */
    List<EgressEvent> egressEvents();

    /**
     * Opens one more destination of an allowlisted sandbox while it runs, for example after the
     * user said "allow once" to a blocked connection. Returns once the destination is open: a name
     * or wildcard is answered by the sandbox's resolver from then on (connections need a new lookup),
     * an address or range is admitted at once. Written to the audit log ({@code network.allowed})
     * and told to the listener. The destination stays open until the sandbox ends.
     *
     * @param rule the destination, as in an allowlist: {@code host:port}, {@code *.domain:port},
     *     {@code [ipv6]:port} or {@code cidr:port}
     * @return the event that reports it
     * @throws InvalidSpecException when the rule is malformed
     * @throws MinoException when the sandbox has no allowlist, is closed, or its firewall does not
     *     run any more
     */
    EgressEvent.DestinationAllowed allowEgress(String rule);

    /**
     * Like {@link #allowEgress(String)} for a rule already made.
     *
     * @param rule the destination
     * @return the event that reports it
     */
    EgressEvent.DestinationAllowed allowEgress(NetworkRule rule);

    /** Stops and removes the container and everything made for it. Idempotent. */
    @Override
    void close();
}
