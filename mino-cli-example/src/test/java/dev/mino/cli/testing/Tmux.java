package dev.mino.cli.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for tests: a tmux server of its own ({@code -L socket}) whose session
 * {@code mino} is read with {@code capture-pane} and typed into with {@code send-keys}.
 */
public final class Tmux {
    private static final String SESSION = "mino";

    private Tmux() {
    }

    /**
     * The {@code env -i ...} prefix of a pane's command: a clean environment (a CI variable would
     * make mino non-interactive on purpose) with the test Podman and mino's folders under {@code work}.
     */
    public static String environment(Path work) {
        return "env -i PATH='" + System.getenv("PATH") + "' HOME='" + System.getProperty("user.home")
            + "' TERM=xterm CONTAINER_HOST='" + TestPodman.address().uri()
            + "' XDG_STATE_HOME='" + work.resolve("state") + "' XDG_CONFIG_HOME='" + work.resolve("config")
            + "' XDG_DATA_HOME='" + work.resolve("data") + "'"
            + (System.getenv("JAVA_HOME") == null ? "" : " JAVA_HOME='" + System.getenv("JAVA_HOME") + "'");
    }

    /** Runs a tmux command against the test's own server and returns what it printed. */
    public static String run(String socket, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return output;
    }

    /** What the pane shows now. */
    public static String screen(String socket) throws IOException, InterruptedException {
        return run(socket, "capture-pane", "-p", "-t", SESSION);
    }

    /** Waits up to two minutes for the pane to show what {@code condition} wants, and returns it. */
    public static String awaitScreen(String socket, Predicate<String> condition, String what) throws Exception {
        String screen = "";
        for (int i = 0; i < 600; i++) {
            screen = screen(socket);
            if (condition.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited for " + what + "; the screen shows:\n" + screen);
    }

    /** Sends one tmux key or text, as {@code send-keys} takes it. */
    public static void send(String socket, String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        run(socket, args.toArray(String[]::new));
    }

    /** Sends the keys one at a time, as a person types: each is read and drawn before the next. */
    public static void type(String socket, String... keys) throws Exception {
        for (String key : keys) {
            send(socket, key);
            Thread.sleep(150);
        }
    }
}
