package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mino.cli.testing.Launcher;
import dev.mino.cli.testing.Tmux;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mino run} on a real pseudo-terminal (a tmux pane): the sandbox's shell answers a typed
 * command, a window resize reaches it, and the host terminal's settings after exit equal those
 * before.
 */
@RequiresPodman
@Timeout(240)
class TerminalIT {

    @Test
    void anInteractiveShellAnswersFollowsResizesAndRestoresTheTerminal() throws Exception {
        Prerequisites.requireExecutable("/usr/bin/tmux", "tmux makes the real terminal");
        Path work = TestDirectories.create("mino-cli-tty");
        String socket = "mino-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path script = work.resolve("session.sh");
        Files.writeString(script, String.join("\n",
            "stty -g > '" + work.resolve("before") + "'",
            // --network: with nothing choosing it, run would ask (PromptsIT covers the questions).
            "'" + Launcher.find() + "' run --image " + TestPodman.BUSYBOX_IMAGE + " --network bridge -p '" + work
                + "' -- sh",
            "echo \"exit=$?\" > '" + work.resolve("exit") + "'",
            "stty -g > '" + work.resolve("after") + "'",
            "sleep 120", ""));
        // A clean environment: a CI variable would make mino non-interactive on purpose.
        String environment = "env -i PATH='" + System.getenv("PATH") + "' HOME='" + System.getProperty("user.home")
            + "' TERM=xterm CONTAINER_HOST='" + TestPodman.address().uri() + "' XDG_STATE_HOME='" + work.resolve("state")
            + "' XDG_CONFIG_HOME='" + work.resolve("config") + "'"
            + (System.getenv("JAVA_HOME") == null ? "" : " JAVA_HOME='" + System.getenv("JAVA_HOME") + "'");
        try {
            Tmux.run(socket, "new-session", "-d", "-s", "mino", "-x", "100", "-y", "30", environment + " sh '" + script + "'");
            Tmux.awaitScreen(socket, s -> s.lines().anyMatch(l -> l.strip().endsWith(" #")),
                "the sandbox shell's prompt");

            Tmux.send(socket, "echo hi-$((40+2))", "Enter");
            Tmux.awaitScreen(socket, s -> s.contains("hi-42"), "the answer to a typed command");

            Tmux.run(socket, "resize-window", "-t", "mino", "-x", "120", "-y", "40");
            Thread.sleep(500);
            Tmux.send(socket, "stty size", "Enter");
            Tmux.awaitScreen(socket, s -> s.contains("40 120"), "the new size inside the sandbox");

            Tmux.send(socket, "exit 3", "Enter");
            for (int i = 0; i < 300 && !Files.exists(work.resolve("after")); i++) {
                Thread.sleep(200);
            }
            assertEquals("exit=3", Files.readString(work.resolve("exit")).strip(), "mino exits with the shell's code");
            assertEquals(Files.readString(work.resolve("before")), Files.readString(work.resolve("after")),
                "the terminal's settings are restored");
        } finally {
            Tmux.run(socket, "kill-server");
            TestDirectories.delete(work);
        }
    }
}
