package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A project's {@code .mino/layers} is written by the sandbox (the project is mounted read-write),
 * so a hostile command plants layers for the next run. These tests play that command: a layer
 * file linked to a host file must not get that file into an image (that a layer which disables
 * iptables does not disable the firewall is shown in {@link NetworkIT}).
 */
@RequiresPodman
@Timeout(300)
class ProjectLayersIT {
    private static PodmanClient podman;

    private Path project;
    private Path state;
    private Path outside;
    private final List<String> builtTags = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void folders() throws IOException {
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
        outside = TestDirectories.create("mino-it-outside");
        Files.writeString(outside.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY----- host secret\n");
    }

    @AfterEach
    void cleanUp() {
        builtTags.forEach(tag -> podman.images().remove(tag, true));
        TestDirectories.delete(project);
        TestDirectories.delete(state);
        TestDirectories.delete(outside);
    }

    private Path writeLayer(String name, String installScript) throws IOException {
        Path dir = Files.createDirectories(project.resolve(".mino/layers/" + name));
        Files.writeString(dir.resolve("layer.toml"), String.join("\n",
            "[layer]", "name = \"" + name + "\"", "description = \"test layer\"", "version = \"1\"", ""));
        Files.writeString(dir.resolve("install.sh"), installScript);
        return dir;
    }

    private SandboxBuilder builder(String baseImage, List<String> buildOutput) {
        return Sandbox.builder().engine(TestPodman.address().uri()).project(project).stateDirectory(state)
            .baseImage(baseImage).trustProjectLayers(true)
            .listener(new SandboxListener() {
                @Override
                public void onBuildOutput(String line) {
                    buildOutput.add(line);
                }
            });
    }

    @Test
    void linkedLayerFilesAndFoldersAreRefusedBeforeAnyBuild() throws IOException {
        Path dir = writeLayer("linked", "#!/bin/sh\ntrue\n");
        Files.delete(dir.resolve("install.sh"));
        Files.createSymbolicLink(dir.resolve("install.sh"), outside.resolve("id_ed25519"));
        assertRefusedWithoutBuild("linked", dir.resolve("install.sh"));

        Files.delete(dir.resolve("install.sh"));
        Files.writeString(dir.resolve("install.sh"), "#!/bin/sh\ntrue\n");
        Files.move(dir.resolve("layer.toml"), outside.resolve("layer.toml"));
        Files.createSymbolicLink(dir.resolve("layer.toml"), outside.resolve("layer.toml"));
        assertRefusedWithoutBuild("linked", dir.resolve("layer.toml"));

        TestDirectories.delete(project.resolve(".mino"));
        Path elsewhere = Files.createDirectories(outside.resolve("layers/linked"));
        Files.writeString(elsewhere.resolve("layer.toml"), String.join("\n",
            "[layer]", "name = \"linked\"", "description = \"test layer\"", "version = \"1\"", ""));
        Files.writeString(elsewhere.resolve("install.sh"), "#!/bin/sh\ncat /etc/hostname\n");
        Files.createDirectories(project.resolve(".mino/layers"));
        Files.createSymbolicLink(project.resolve(".mino/layers/linked"), elsewhere);
        assertRefusedWithoutBuild("linked", project.resolve(".mino/layers/linked"));

        Files.delete(project.resolve(".mino/layers/linked"));
        Files.delete(project.resolve(".mino/layers"));
        Files.createSymbolicLink(project.resolve(".mino/layers"), outside.resolve("layers"));
        assertRefusedWithoutBuild("linked", project.resolve(".mino/layers"));

        Files.delete(project.resolve(".mino/layers"));
        Files.delete(project.resolve(".mino"));
        Files.createSymbolicLink(project.resolve(".mino"), outside);
        assertRefusedWithoutBuild("linked", project.resolve(".mino"));
    }

    private void assertRefusedWithoutBuild(String layer, Path link) {
        List<String> heard = new CopyOnWriteArrayList<>();
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> builder(TestPodman.BUSYBOX_IMAGE, heard).layers(layer).command("true").start());
        assertTrue(e.getMessage().contains(link + ": it is a symbolic link"), e.getMessage());
        assertTrue(e.hint().startsWith("Replace the link with a regular file"), e.hint());
        assertEquals(List.of(), heard, "refused before any build");
    }

    @Test
    void aRegularProjectLayerStillComposes() throws IOException {
        String run = UUID.randomUUID().toString();
        writeLayer("regular", "#!/bin/sh\necho regular-" + run + " > /regular\n");
        List<String> heard = new CopyOnWriteArrayList<>();
        try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE, heard).layers("regular").command("cat", "/regular")
            .start()) {
            builtTags.add(sb.spec().image());
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            assertEquals("regular-" + run + "\n", sb.logs().stdout());
        }
        assertTrue(heard.stream().anyMatch(l -> l.startsWith("STEP 1/")), heard.toString());
    }
}
