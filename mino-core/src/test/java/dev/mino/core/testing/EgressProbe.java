package dev.mino.core.testing;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Network probes run inside a container with python3 (the Debian test image): resolve a name,
 * fetch from a web server, send one DNS query straight to a server over UDP or TCP, bind a port,
 * mark a socket, list processes. Each answers one line, so that a test can tell "blocked"
 * ({@code error ...}) from "answered" and compare the same probe with and without a policy. See
 * {@code egress-probe.py} beside this class for the commands.
 */
public final class EgressProbe {
    private static final String SOURCE = load();

    private EgressProbe() {
    }

    /** The command line that runs the probe with these arguments, e.g. {@code "http", "10.0.0.2", "8080"}. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-I", "-c", SOURCE));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the probe in the sandbox and returns its answer, stripped; fails on a bad probe. */
    public static String run(Sandbox sandbox, String... args) {
        ExecResult result = sandbox.exec(command(args).toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("the probe " + String.join(" ", args) + " failed (exit " + result.exitCode()
                + "): " + result.stdout() + result.stderr());
        }
        return result.stdout().strip();
    }

    /** Runs the probe in a container of a test network and returns its answer, stripped. */
    public static String run(TestNetwork network, String containerId, String... args) {
        TestNetwork.Output result = network.exec(containerId, command(args));
        if (result.exitCode() != 0) {
            throw new AssertionError("the probe " + String.join(" ", args) + " failed (exit " + result.exitCode()
                + "): " + result.stdout() + result.stderr());
        }
        return result.stdout().strip();
    }

    private static String load() {
        try (InputStream in = EgressProbe.class.getResourceAsStream("egress-probe.py")) {
            if (in == null) {
                throw new IllegalStateException("egress-probe.py is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
