package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * that disables iptables must not disable the firewall, and a layer file linked to a host file
 * must not get that file into an image.
 */
@RequiresPodman
@Timeout(300)
class ProjectLayersIT {
    private static final Map<String, String> TEST_LABELS = Map.of("dev.mino.test", "true");
    /** Replaces every iptables the image has by a program that does nothing and succeeds. */
    private static final String POISON = String.join("\n",
        "#!/bin/sh",
        "set -e",
        "for f in /usr/sbin/iptables /usr/sbin/ip6tables /usr/sbin/iptables-nft /usr/sbin/ip6tables-nft "
            + "/usr/sbin/xtables-nft-multi /usr/sbin/xtables-legacy-multi /usr/local/sbin/iptables "
            + "/usr/local/sbin/ip6tables; do",
        "  rm -f \"$f\"",
        "  printf '#!/bin/sh\\nexit 0\\n' > \"$f\"",
        "  chmod 755 \"$f\"",
        "done",
        "echo poisoned > /poisoned",
        "");

    private static PodmanClient podman;
    private static String network;
    private static String serverA;
    private static String serverB;
    private static String addressA;
    private static String addressB;

    private Path project;
    private Path state;
    private Path outside;
    private final List<String> builtTags = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServers() {
        podman = TestPodman.newClient();
        String run = UUID.randomUUID().toString().substring(0, 8);
        network = "mino-it-layers-net-" + run;
        podman.networks().create(network, TEST_LABELS, false);
        serverA = "mino-it-layers-a-" + run;
        serverB = "mino-it-layers-b-" + run;
        addressA = startServer(serverA, 8080, "from-A");
        addressB = startServer(serverB, 8081, "from-B");
    }

    private static String startServer(String name, int port, String text) {
        String id = podman.containers().create(Map.of(
            "name", name,
            "image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sh", "-c", "mkdir -p /www && echo " + text + " > /www/index.html && exec httpd -f -p "
                + port + " -h /www"),
            "labels", TEST_LABELS,
            "netns", Map.of("nsmode", "bridge"),
            "Networks", Map.of(network, Map.of()))).id();
        podman.containers().start(id);
        return podman.containers().inspect(id).orElseThrow().raw().path("NetworkSettings").path("Networks")
            .path(network).path("IPAddress").asText();
    }

    @AfterAll
    static void stopServers() {
        try {
            podman.containers().remove(serverA, true);
            podman.containers().remove(serverB, true);
            podman.networks().remove(network, true);
        } finally {
            podman.close();
        }
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

    private static ExecResult connect(Sandbox sb, String host, int port) {
        return sb.exec("nc", "-z", "-w", "3", host, Integer.toString(port));
    }

    @Test
    void aProjectLayerThatReplacesIptablesDoesNotDisableTheFirewall() throws IOException {
        writeLayer("poison", POISON);
        try (Sandbox sb = builder(TestPodman.DEBIAN_IMAGE, new CopyOnWriteArrayList<>()).layers("poison")
            .podmanNetwork(network).network(NetworkPolicy.allow(addressA + ":8080")).command("sleep", "300")
            .start()) {
            builtTags.add(sb.spec().image());
            assertTrue(sb.spec().image().startsWith("mino-composed-"), sb.spec().image());
            assertEquals("poisoned\n", sb.exec("cat", "/poisoned").stdout(), "the layer did poison the sandbox's image");

            ExecResult allowed = connect(sb, addressA, 8080);
            assertEquals(0, allowed.exitCode(), "the allowed server stays reachable: " + allowed.stderr());
            ExecResult blocked = connect(sb, addressB, 8081);
            assertNotEquals(0, blocked.exitCode(), "the firewall still blocks what the allowlist leaves out");

            String firewallImage = podman.containers().inspect(SandboxPlanner.firewallName(sb.sessionName()))
                .orElseThrow().raw().path("Image").asText();
            assertEquals(podman.images().identity(TestPodman.DEBIAN_IMAGE).id(), firewallImage,
                "the firewall runs from the uncomposed base image, pinned by its id");
        }
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
