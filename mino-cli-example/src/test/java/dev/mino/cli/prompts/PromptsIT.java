package dev.mino.cli.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code mino run}'s questions on a real terminal (a tmux pane), answered with keys: the layers
 * chosen and the network mode land in the files chosen (comments kept), the sandbox runs with the
 * answer, and the next run asks neither question nor stops at the trust gate for the file mino
 * wrote (SPEC 1.3.3, 16 item 8).
 */
@RequiresPodman
@Timeout(300)
class PromptsIT {
    private static final String DOWN = "Down";

    @Test
    void answersAreSavedWhereChosenAndNotAskedAgain() throws Exception {
        Prerequisites.requireExecutable("/usr/bin/tmux", "tmux makes the real terminal");
        Path work = TestDirectories.create("mino-cli-prompts");
        Path project = Files.createDirectories(work.resolve("project"));
        Path configDir = Files.createDirectories(work.resolve("config/mino"));
        Path global = configDir.resolve("config.toml");
        // The base image is the test's, so that "Base only" and layers without a build run here; the
        // layer installs only per user (at bootstrap, which the test image has not), so none is built.
        Files.writeString(global, "# test settings\n[container]\nbase_image = \"" + TestPodman.BUSYBOX_IMAGE
            + "\" # the test's base\n");
        Path layer = Files.createDirectories(configDir.resolve("layers/hello"));
        Files.writeString(layer.resolve("layer.toml"), "[layer]\nname = \"hello\"\ndescription = \"says hello\"\n"
            + "version = \"1\"\n\n[env]\nHELLO = \"world\"\n\n[user_install]\nruntime = \"uv\"\n");
        String socket = "mino-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path script = work.resolve("session.sh");
        String launcher = "'" + Launcher.find() + "'";
        Files.writeString(script, String.join("\n",
            "cd '" + project + "'",
            launcher + " run --no-cache --no-home -- sh -c 'echo \"ran-$HELLO\"'",
            "echo \"exit=$?\" > '" + work.resolve("exit") + "'",
            "clear",
            launcher + " run --no-cache --no-home -- sh -c 'echo \"again-$HELLO\"' 2> '" + work.resolve("second.err")
                + "'",
            "echo \"exit=$?\" > '" + work.resolve("exit2") + "'",
            "sleep 120", ""));
        String environment = Tmux.environment(work);
        try {
            Tmux.run(socket, "new-session", "-d", "-s", "mino", "-x", "120", "-y", "40", environment + " sh '" + script + "'");

            String layers = Tmux.awaitScreen(socket, s -> s.contains(LayerPrompt.TITLE) && s.contains("python"),
                "the layer question");
            assertTrue(layers.contains("Base only") && layers.contains("says hello"), layers);
            Tmux.type(socket, DOWN, "Space", "Enter");
            Tmux.awaitScreen(socket, s -> s.contains(LayerPrompt.SAVE_TITLE), "where to save the layers");
            Tmux.type(socket, "Enter");
            String network = Tmux.awaitScreen(socket, s -> s.contains(NetworkPrompt.TITLE) && s.contains("air-gapped"),
                "the network question");
            assertTrue(network.contains("Saved to " + project.toRealPath().resolve(".mino.toml")), network);
            Tmux.type(socket, "Enter");
            Tmux.awaitScreen(socket, s -> s.contains(NetworkPrompt.SAVE_TITLE), "where to save the network");
            Tmux.type(socket, DOWN, "Enter");
            Tmux.awaitScreen(socket, s -> s.contains("again-world"), "the second run's output");
            String second = Tmux.screen(socket);
            for (int i = 0; i < 300 && !Files.exists(work.resolve("exit2")); i++) {
                Thread.sleep(200);
            }

            assertEquals("exit=0", Files.readString(work.resolve("exit")).strip(), "the first run");
            assertEquals("exit=0", Files.readString(work.resolve("exit2")).strip(), "the second run");
            assertEquals("[container]\nlayers = [\"hello\"]\n", Files.readString(project.resolve(".mino.toml")));
            assertEquals("# test settings\n[container]\nbase_image = \"" + TestPodman.BUSYBOX_IMAGE
                + "\" # the test's base\nnetwork = \"bridge\"\n", Files.readString(global),
                "the saved Bridge is in the global file, its comments kept");
            assertFalse(second.contains(LayerPrompt.TITLE) || second.contains(NetworkPrompt.TITLE),
                "nothing is asked again:\n" + second);
            String secondErr = Files.readString(work.resolve("second.err"));
            assertFalse(secondErr.contains("ntrusted") || secondErr.contains("Trust this config"),
                "the file mino wrote does not trip the trust gate:\n" + secondErr);
        } finally {
            Tmux.run(socket, "kill-server");
            TestDirectories.delete(work);
        }
    }
}
