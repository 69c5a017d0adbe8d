package dev.mino.core.config;

import static dev.mino.core.config.ConfigLoaderTest.realPath;
import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;


import dev.mino.core.MinoEvent;
import dev.mino.core.WarningCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustGateTest {

    private static final String SENSITIVE = "[container]\nimage = \"evil:latest\"\nvolumes = [\"/:/host\"]\n"
        + "read_only = true\n";

    @TempDir
    Path temp;

    private ConfigTestSupport files;
    private Path local;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
        local = realPath(write(files.localFile(), SENSITIVE));
    }

    @Test
    void sensitiveLocalIsSkippedWithAWarningWhenNonInteractive() {
        write(files.globalFile(), "[container]\nimage = \"ubuntu:24.04\"\n");

        LoadedConfig loaded = files.load();

        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, loaded.localStatus());
        assertTrue(loaded.localSkipped());
        assertEquals(List.of(new MinoEvent.Warning(WarningCodes.CONFIG_LOCAL_NOT_TRUSTED, "Skipping untrusted local "
            + "config " + local + " (nobody to ask, sensitive fields: [container.volumes, container.image]) - answer "
            + "through a trust decider, or trust local config always")), loaded.codedWarnings());
        assertEquals("ubuntu:24.04", loaded.config().container().image());
        assertFalse(loaded.config().container().readOnly(), "no key of a skipped file applies");
        assertEquals(List.of(files.globalFile()), loaded.filesUsed());
        assertEquals(List.of(
            new SensitiveField("container.volumes", "[\"/:/host\"]"),
            new SensitiveField("container.image", "\"evil:latest\"")), loaded.sensitiveFields());
    }

    @Test
    void trustedThroughThePromptAndSilentlyTrustedNextTime() throws IOException {
        List<List<SensitiveField>> asked = new ArrayList<>();
        TrustPrompt yes = (file, fields) -> {
            assertEquals(local, file);
            asked.add(fields);
            return true;
        };

        LoadedConfig first = MinoConfig.load(files.options().trustPrompt(yes).build());

        assertEquals(LocalConfigStatus.LOADED_CONFIRMED, first.localStatus());
        assertEquals("evil:latest", first.config().container().image());
        assertEquals(List.of(), first.warnings());
        assertEquals(1, asked.size());
        assertEquals(List.of("container.volumes", "container.image"),
            asked.get(0).stream().map(SensitiveField::name).toList());

        LoadedConfig second = MinoConfig.load(files.options()
            .trustPrompt((file, fields) -> fail("must not ask again")).build());
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, second.localStatus());
        assertEquals(List.of(), second.warnings());

        LoadedConfig nonInteractive = files.load();
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, nonInteractive.localStatus());

        Path store = files.stateDir.resolve("trusted_configs.json");
        assertTrue(Files.isRegularFile(store));
        if (store.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.stateDir)));
        }
    }

    @Test
    void aOneByteChangeAsksAgain() {
        MinoConfig.load(files.options().trustPrompt((file, fields) -> true).build());
        write(files.localFile(), SENSITIVE + " ");
        int[] asked = {0};

        LoadedConfig loaded = MinoConfig.load(files.options().trustPrompt((file, fields) -> {
            asked[0]++;
            return false;
        }).build());

        assertEquals(1, asked[0]);
        assertEquals(LocalConfigStatus.SKIPPED_DECLINED, loaded.localStatus());
        assertEquals(List.of(new MinoEvent.Warning(WarningCodes.CONFIG_LOCAL_DECLINED,
            "Local config " + local + " skipped: not trusted")), loaded.codedWarnings());
        assertEquals(MinoConfig.DEFAULT_IMAGE, loaded.config().container().image());
    }

    @Test
    void declinedFilesAreNotRemembered() {
        MinoConfig.load(files.options().trustPrompt((file, fields) -> false).build());

        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, files.load().localStatus());
        assertFalse(Files.exists(files.stateDir.resolve("trusted_configs.json")));
    }

    @Test
    void trustLocalLoadsWithAWarningAndWithoutAsking() {
        LoadedConfig loaded = MinoConfig.load(files.options().trustLocal(true)
            .trustPrompt((file, fields) -> fail("must not ask")).build());

        assertEquals(LocalConfigStatus.LOADED_FORCED, loaded.localStatus());
        assertEquals("evil:latest", loaded.config().container().image());
        assertEquals(List.of(new MinoEvent.Warning(WarningCodes.CONFIG_LOCAL_FORCED, "Loading untrusted local config "
            + local + " with sensitive fields (local config is trusted always): [container.volumes, container.image]")),
            loaded.codedWarnings());
        assertFalse(Files.exists(files.stateDir.resolve("trusted_configs.json")), "forcing is not remembering");
    }

    @Test
    void trustLocalVariableForcesToo() {
        LoadedConfig loaded = MinoConfig.load(files.options()
            .environment(Map.of("MINO_TRUST_LOCAL", "on")).build());

        assertEquals(LocalConfigStatus.LOADED_FORCED, loaded.localStatus());
    }

    @Test
    void nonSensitiveLocalLoadsSilently() {
        write(files.localFile(), "[container]\nread_only = true\n[general]\naudit_log = true\nupdate_check = false\n"
            + "[session]\nshell = \"/bin/zsh\"\n[cache]\ngc_days = 1\n[home]\nenabled = false\n");

        LoadedConfig loaded = files.load();

        assertEquals(LocalConfigStatus.LOADED, loaded.localStatus());
        assertEquals(List.of(), loaded.warnings());
        assertEquals(List.of(), loaded.sensitiveFields());
        assertTrue(loaded.config().container().readOnly());
        assertFalse(loaded.config().home().enabled());
    }

    @Test
    void untrustedLocalCannotTurnTheAuditLogOff() {
        write(files.localFile(), "[general]\naudit_log = false\n");

        LoadedConfig loaded = files.load();

        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, loaded.localStatus());
        assertTrue(loaded.config().general().auditLog());
        assertEquals(List.of(new SensitiveField("general.audit_log", "false")), loaded.sensitiveFields());
    }

    @Test
    void everySensitiveFieldIsListedInOrderWithSummaries() {
        write(files.localFile(), "[general]\naudit_log = false\n"
            + "[vm]\ndistro = \"arch\"\nname = \"x\"\n"
            + "[container]\nworkdir = \"/w\"\nlayers = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]\n"
            + "image = \"i\"\nnetwork_preset = \"dev\"\nnetwork_allow = []\nnetwork = \"host\"\n"
            + "base_image = \"b\"\nvolumes = [\"/v:/v\"]\nread_only = false\n"
            + "[container.env]\nA = \"1\"\n"
            + "[credentials.aws]\nenabled = true\n[credentials.gcp]\nenabled = true\n");
        List<SensitiveField> shown = new ArrayList<>();

        MinoConfig.load(files.options().trustPrompt((file, fields) -> shown.addAll(fields) && false).build());

        // Upstream's fields in upstream's order, then the port's in schema order; every value whole.
        assertEquals(List.of(
            "container.volumes = [\"/v:/v\"]",
            "container.env = { A = \"1\" }",
            "container.network = \"host\"",
            "container.network_allow = []",
            "container.network_preset = \"dev\"",
            "container.image = \"i\"",
            "container.layers = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]",
            "container.workdir = \"/w\"",
            "vm.name = \"x\"",
            "vm.distro = \"arch\"",
            "[credentials] = { aws = { enabled = true }, gcp = { enabled = true } }",
            "general.audit_log = false",
            "container.read_only = false",
            "container.base_image = \"b\""), shown.stream().map(SensitiveField::displayLine).toList());
    }

    @Test
    void controlCharactersInValuesAreEscapedForThePrompt() {
        write(files.localFile(), "[container]\nimage = \"x\\u001b[31mred\"\n");
        List<SensitiveField> shown = new ArrayList<>();

        MinoConfig.load(files.options().trustPrompt((file, fields) -> shown.addAll(fields) && false).build());

        assertEquals("container.image = \"x\\u001B[31mred\"", shown.get(0).displayLine());
    }

    @Test
    void corruptTrustStoreIsEmptyWithAWarning() {
        Path store = write(files.stateDir.resolve("trusted_configs.json"), "{ not json");
        int[] asked = {0};

        LoadedConfig loaded = MinoConfig.load(files.options().trustPrompt((file, fields) -> {
            asked[0]++;
            return true;
        }).build());

        assertEquals(1, asked[0]);
        assertEquals(LocalConfigStatus.LOADED_CONFIRMED, loaded.localStatus());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).startsWith("Corrupt trust store at " + store + ", treating as empty: "),
            loaded.warnings().get(0));
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, files.load().localStatus(), "the store was rewritten");
    }

    @Test
    void unknownKeysOfASkippedFileAreNotReported() {
        write(files.localFile(), SENSITIVE + "typo = 1\n");

        LoadedConfig loaded = files.load();

        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).startsWith("Skipping untrusted local config"));
    }

    @Test
    void unknownKeysOfATrustedFileAreReportedAgainstIt() {
        write(files.localFile(), "[container]\nread_onl = true\n");

        LoadedConfig loaded = files.load();

        assertEquals(List.of("Unknown config key container.read_onl in " + local), loaded.warnings());
    }

    @Test
    void symlinkedWorkingDirectoryFindsTheSameTrustEntry() throws IOException {
        Path link = temp.resolve("link");
        try {
            Files.createSymbolicLink(link, files.project);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not supported");
        }
        MinoConfig.load(files.options().trustPrompt((file, fields) -> true).build());

        LoadedConfig viaLink = MinoConfig.load(files.options().workingDirectory(link).build());

        assertEquals(LocalConfigStatus.LOADED_TRUSTED, viaLink.localStatus());
    }
}
