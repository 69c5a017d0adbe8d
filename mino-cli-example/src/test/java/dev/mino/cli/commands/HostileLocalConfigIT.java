package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.testing.Launcher;
import dev.mino.cli.testing.Tmux;
import dev.mino.core.config.TrustStore;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code .mino.toml} that the sandboxed command of an earlier run wrote into the project (it can
 * write the project), through the launcher against the real Podman: a link to another folder's
 * trusted file, keys that loosen the container, and a trust prompt that must show what it asks
 * about on a real terminal.
 */
@RequiresPodman
class HostileLocalConfigIT {
    private static final String BUSYBOX = TestPodman.BUSYBOX_IMAGE;

    private Path home;
    private Path work;

    @BeforeEach
    void folders() {
        home = TestDirectories.create("mino-hostile-config-home");
        work = TestDirectories.create("mino-hostile-config-work");
    }

    @AfterEach
    void cleanUp() {
        TestDirectories.delete(home);
        TestDirectories.delete(work);
    }

    @Test
    void aLinkToAnotherFoldersTrustedFileRunsNeitherItsSettingsNorThisFoldersLayers() throws Exception {
        Path trustedFolder = Files.createDirectories(work.resolve("b")).toRealPath();
        Path project = Files.createDirectories(work.resolve("a")).toRealPath();
        byte[] trustedBytes = "[container.env]\nFROM_CONFIG = \"trusted-in-b\"\n".getBytes();
        Files.write(trustedFolder.resolve(".mino.toml"), trustedBytes);
        Launcher inB = new Launcher(home, trustedFolder);
        new TrustStore(inB.stateDirectory().resolve(TrustStore.FILE_NAME))
            .trust(trustedFolder.resolve(".mino.toml"), trustedBytes);

        Launcher.Result control = inB.run("run", "--image", BUSYBOX, "--no-github", "--no-cache", "--no-home", "--",
            "sh", "-c", "echo \"env=$FROM_CONFIG\"");
        assertEquals(0, control.exitCode(), control.toString());
        assertEquals("env=trusted-in-b\n", control.stdout(), "the folder's own trusted file applies: " + control);

        String layer = "it-borrowed-" + UUID.randomUUID().toString().substring(0, 8);
        Path layerDir = Files.createDirectories(project.resolve(".mino/layers/" + layer));
        Files.writeString(layerDir.resolve("layer.toml"), "[layer]\nname = \"" + layer + "\"\ndescription = \"planted\"\n"
            + "version = \"1\"\n");
        Files.writeString(layerDir.resolve("install.sh"), "#!/bin/sh\necho planted > /layer-marker\n");
        Files.createSymbolicLink(project.resolve(".mino.toml"), Path.of("../b/.mino.toml"));
        try {
            Launcher.Result borrowed = new Launcher(home, project).run("run", "--base-image", BUSYBOX, "--layers", layer,
                "--no-github", "--no-cache", "--no-home", "--", "sh", "-c",
                "echo \"env=$FROM_CONFIG\"; cat /layer-marker");

            assertEquals(1, borrowed.exitCode(), borrowed.toString());
            assertTrue(borrowed.stderr().startsWith("Error: Refusing local config " + project.resolve(".mino.toml")
                + ": it is a symbolic link to ../b/.mino.toml\nHint: "), borrowed.toString());
            assertFalse(borrowed.stdout().contains("trusted-in-b") || borrowed.stdout().contains("planted"),
                borrowed.toString());
            assertFalse(composedImageExists(layer), "the planted layer was not built");
        } finally {
            RunOptionsIT.removeComposedImages(layer);
        }
    }

    @Test
    void anUntrustedLocalFileCannotMakeTheRootFileSystemWritable() throws Exception {
        Path project = Files.createDirectories(work.resolve("project"));
        Launcher mino = new Launcher(home, project);
        Files.createDirectories(mino.configDirectory());
        Files.writeString(mino.configDirectory().resolve("config.toml"), "[container]\nread_only = true\n");
        Files.writeString(project.resolve(".mino.toml"), "[container]\nread_only = false\n");
        String[] probe = {"run", "--image", BUSYBOX, "--no-github", "--no-cache", "--no-home", "--", "sh", "-c",
            "if touch /probe 2>/dev/null; then echo writable; else echo read-only; fi"};

        Launcher.Result untrusted = mino.run(probe);

        assertEquals(0, untrusted.exitCode(), untrusted.toString());
        assertEquals("read-only\n", untrusted.stdout(), "the global read_only stands: " + untrusted);
        assertTrue(untrusted.stderr().contains("Skipping untrusted local config " + project.toRealPath()
            .resolve(".mino.toml") + " (non-interactive, sensitive fields: [container.read_only])"), untrusted.toString());

        String[] trusted = new String[probe.length + 1];
        trusted[0] = "--trust-local";
        System.arraycopy(probe, 0, trusted, 1, probe.length);
        Launcher.Result forced = mino.run(trusted);
        assertEquals("writable\n", forced.stdout(), "the key does take effect once the user trusts it: " + forced);
    }

    @Test
    @Timeout(180)
    void theTrustPromptOnARealTerminalShowsEveryEntryAndEscapesWhatWouldHideIt() throws Exception {
        Prerequisites.requireExecutable("/usr/bin/tmux", "tmux makes the real terminal of this test");
        Path project = Files.createDirectories(work.resolve("project"));
        // The right-to-left override would show the image as "...:latest" read backwards; the
        // one-byte CSI (U+009B) would erase the line before it; the sixth volume was "... +1 more".
        Files.writeString(project.resolve(".mino.toml"), "[container]\n"
            + "volumes = [\"/v1:/v1\", \"/v2:/v2\", \"/v3:/v3\", \"/v4:/v4\", \"/v5:/v5\", \"/home:/host-home\"]\n"
            + "image = \"docker.io/library/busybox\\u202Etsetal:\\u009B2K\"\n"
            + "[container.env]\nSEEN = \"the-value\"\n");
        String socket = "mino-it-" + UUID.randomUUID().toString().substring(0, 8);
        String environment = "env -i PATH='" + System.getenv("PATH") + "' HOME='" + System.getProperty("user.home")
            + "' TERM=xterm CONTAINER_HOST='" + TestPodman.address().uri() + "' XDG_STATE_HOME='" + home.resolve("state")
            + "' XDG_CONFIG_HOME='" + home.resolve("config") + "' XDG_DATA_HOME='" + home.resolve("data") + "'"
            + (System.getenv("JAVA_HOME") == null ? "" : " JAVA_HOME='" + System.getenv("JAVA_HOME") + "'");
        Path script = work.resolve("session.sh");
        Files.writeString(script, "cd '" + project + "'\n" + environment + " '" + Launcher.find() + "' config show\n"
            + "echo \"exit=$?\" > '" + work.resolve("exit") + "'\nsleep 120\n");
        try {
            Tmux.run(socket, "new-session", "-d", "-s", "mino", "-x", "200", "-y", "40", "sh '" + script + "'");

            String screen = Tmux.awaitScreen(socket, s -> s.contains("Trust this config and continue?"),
                "the trust prompt");
            assertTrue(screen.contains("container.volumes = [\"/v1:/v1\", \"/v2:/v2\", \"/v3:/v3\", \"/v4:/v4\", "
                + "\"/v5:/v5\", \"/home:/host-home\"]"), "every volume, the sixth too:\n" + screen);
            assertTrue(screen.contains("container.image = \"docker.io/library/busybox\\u202Etsetal:\\u009B2K\""),
                "the override and the CSI are shown as escapes:\n" + screen);
            assertTrue(screen.contains("container.env = { SEEN = \"the-value\" }"), "names and values:\n" + screen);
            Tmux.type(socket, "n", "Enter");
            for (int i = 0; i < 300 && !Files.exists(work.resolve("exit")); i++) {
                Thread.sleep(200);
            }
            assertEquals("exit=0", Files.readString(work.resolve("exit")).strip());
            String history = Tmux.run(socket, "capture-pane", "-p", "-S", "-", "-t", "mino");
            assertTrue(history.contains("Local config skipped"), "declined: not loaded:\n" + history);
        } finally {
            Tmux.run(socket, "kill-server");
        }
    }

    private static boolean composedImageExists(String layer) {
        try (PodmanClient podman = TestPodman.newClient()) {
            return podman.images().list(null).stream().anyMatch(image -> layer.equals(image.labels().get("dev.mino.layers")));
        }
    }
}
