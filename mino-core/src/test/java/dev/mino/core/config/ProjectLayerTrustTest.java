package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.testing.OfflinePlans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's layers are trusted by their exact content: any added, removed or changed file makes
 * them untrusted again, and the library uses only the content that was approved.
 */
class ProjectLayerTrustTest {

    @TempDir
    Path temp;

    private Path project;
    private TrustStore store;

    @BeforeEach
    void setUp() throws IOException {
        project = Files.createDirectories(temp.resolve("project")).toRealPath();
        store = TrustStore.inStateDirectory(temp.resolve("state"));
        layer("mine", "echo one\n");
    }

    private void layer(String name, String script) {
        write(project.resolve(".mino/layers/" + name + "/layer.toml"),
            "[layer]\nname = \"" + name + "\"\ndescription = \"d\"\nversion = \"1\"\n");
        write(project.resolve(".mino/layers/" + name + "/install.sh"), script);
    }

    @Test
    void aChangedAddedOrRemovedFileMakesTheLayersUntrustedAndSaysWhat() throws IOException {
        ProjectLayerTrust.Check first = ProjectLayerTrust.check(project, store);
        assertTrue(first.hasLayers());
        assertFalse(first.trusted());
        assertEquals(List.of("mine/install.sh", "mine/layer.toml"), first.changes().added(), "never trusted: all new");

        ProjectLayerTrust.trust(first, store);
        ProjectLayerTrust.Check same = ProjectLayerTrust.check(project, store);
        assertTrue(same.trusted(), "the positive control: unchanged layers stay trusted");
        assertTrue(same.changes().isEmpty());

        write(project.resolve(".mino/layers/mine/install.sh"), "echo two\n");
        layer("other", "true\n");
        ProjectLayerTrust.Check changed = ProjectLayerTrust.check(project, store);
        assertFalse(changed.trusted());
        assertEquals(List.of("other/install.sh", "other/layer.toml"), changed.changes().added());
        assertEquals(List.of("mine/install.sh"), changed.changes().modified());
        assertEquals(List.of(), changed.changes().removed());

        ProjectLayerTrust.trust(changed, store);
        Files.delete(project.resolve(".mino/layers/other/install.sh"));
        ProjectLayerTrust.Check removed = ProjectLayerTrust.check(project, store);
        assertFalse(removed.trusted());
        assertEquals(List.of("other/install.sh"), removed.changes().removed());
    }

    @Test
    void layerEntriesKeepUpstreamsShapeAndNeverLookLikeAConfigFile() throws Exception {
        Path config = write(project.resolve(".mino.toml"), "x = 1\n");
        store.trust(config, "x = 1\n".getBytes(StandardCharsets.UTF_8));
        ProjectLayerTrust.trust(ProjectLayerTrust.check(project, store), store);

        JsonNode entries = new ObjectMapper().readTree(store.file().toFile()).get("entries");
        assertEquals(4, entries.size(), entries.toString());
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            assertTrue(entry.getValue().path("content_hash").asText().matches("[0-9a-f]{64}"), entry.toString());
            assertTrue(entry.getValue().path("trusted_at").isTextual(), entry.toString());
            assertTrue(entry.getKey().equals(config.toString()) || entry.getKey().startsWith("layer-"),
                "a layer entry is never a path upstream could look up: " + entry.getKey());
        }
        assertTrue(store.isTrusted(config, "x = 1\n".getBytes(StandardCharsets.UTF_8)), "the config entry stands");
        assertEquals(List.of(), store.warnings());
    }

    @Test
    void aLinkedLayerFileIsRefusedWhenChecked() throws IOException {
        Path secret = write(temp.resolve("id_ed25519"), "secret\n");
        Files.delete(project.resolve(".mino/layers/mine/install.sh"));
        Files.createSymbolicLink(project.resolve(".mino/layers/mine/install.sh"), secret);

        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ProjectLayerTrust.check(project, store));
        assertTrue(e.getMessage().contains("it is a symbolic link"), e.getMessage());
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().project(project).stateDirectory(temp.resolve("state")).layers("mine")
            .baseImage("localhost/base:1").command("true");
    }

    @Test
    void theLibraryUsesProjectLayersOnlyAsApproved() {
        ProjectLayerTrust.Check check = ProjectLayerTrust.check(project, store);

        // Approved content: the layer composes.
        assertTrue(OfflinePlans.of(builder().trustProjectLayers(check.fingerprint())).spec().image()
            .startsWith("mino-composed-"));
        // Neither approved nor opted in: not used.
        assertThrows(InvalidSpecException.class, () -> OfflinePlans.of(builder()));

        // Changed after the approval: not used either, whatever the caller passed before.
        write(project.resolve(".mino/layers/mine/install.sh"), "echo planted\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> OfflinePlans.of(builder().trustProjectLayers(check.fingerprint())));
        assertTrue(e.getMessage().contains("Layer 'mine' not found"), e.getMessage());
        // An explicit opt-in of the caller takes whatever is there.
        assertTrue(OfflinePlans.of(builder().trustProjectLayers(true)).spec().image().startsWith("mino-composed-"));
    }
}
