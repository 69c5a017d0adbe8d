package dev.mino.core.config;

import static dev.mino.core.config.ConfigLoaderTest.realPath;
import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .mino.toml} written by someone who wants more than the user agreed to, typically the
 * sandboxed command of an earlier run (it can write the project): it links to another folder's
 * trusted file, hides what it sets from the prompt, loosens the container with keys upstream does
 * not count as sensitive, or is too large to read.
 */
class HostileLocalConfigTest {

    private static final String SENSITIVE = "[container]\nimage = \"evil:latest\"\n";

    @TempDir
    Path temp;

    private ConfigTestSupport files;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
    }

    private List<SensitiveField> asked(String localText) {
        write(files.localFile(), localText);
        List<SensitiveField> shown = new ArrayList<>();
        MinoConfig.load(files.options().trustPrompt((file, fields) -> shown.addAll(fields) && false).build());
        return shown;
    }

    // --- a link borrows another folder's trust

    @Test
    void aLinkToAnotherFoldersTrustedFileIsRefused() throws IOException {
        Path other = Files.createDirectories(temp.resolve("other"));
        Path trusted = write(other.resolve(".mino.toml"), SENSITIVE);
        LoadedConfig inOther = MinoConfig.load(files.options().workingDirectory(other)
            .trustPrompt((file, fields) -> true).build());
        assertEquals(LocalConfigStatus.LOADED_CONFIRMED, inOther.localStatus());
        Files.createSymbolicLink(files.localFile(), Path.of("../other/.mino.toml"));

        ConfigException e = assertThrows(ConfigException.class, () -> MinoConfig.load(files.options()
            .trustPrompt((file, fields) -> fail("a link is refused, not asked about")).build()));

        assertEquals("Refusing local config " + realPath(files.project).resolve(".mino.toml")
            + ": it is a symbolic link to ../other/.mino.toml", e.getMessage());
        assertTrue(e.hint().contains("replace the link with a copy of the file, or turn local config off"), e.hint());
        assertEquals(java.util.Optional.of(dev.mino.core.ErrorCodes.CONFIG_LOCAL_LINK), e.code());
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, MinoConfig.load(files.options().workingDirectory(other).build())
            .localStatus(), "the folder's own file keeps its trust");
        assertEquals(LocalConfigStatus.DISABLED, MinoConfig.load(files.options().noLocal(true).build()).localStatus(),
            "--no-local gets past it");

        Files.delete(files.localFile());
        Files.copy(trusted, files.localFile());
        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, files.load().localStatus(),
            "the same bytes in another folder are that folder's file, which nobody trusted");
    }

    @Test
    void aDanglingLinkIsRefusedRatherThanPassedOverForAParentsFile() throws IOException {
        write(temp.resolve(".mino.toml"), "[container]\nread_only = true\n");
        Files.createSymbolicLink(files.localFile(), temp.resolve("nowhere"));

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertTrue(e.getMessage().endsWith(": it is a symbolic link to " + temp.resolve("nowhere")), e.getMessage());
        Files.delete(files.localFile());
        assertEquals(LocalConfigStatus.LOADED, files.load().localStatus(), "without the link the parent's file is used");
    }

    @Test
    void theTrustKeyOfALinkIsItsOwnFolders() throws IOException {
        Path other = Files.createDirectories(temp.resolve("other"));
        Path target = write(other.resolve(".mino.toml"), SENSITIVE);
        Files.createSymbolicLink(files.localFile(), target);
        TrustStore store = new TrustStore(temp.resolve("store.json"));
        store.trust(target, SENSITIVE.getBytes(StandardCharsets.UTF_8));

        assertEquals(realPath(files.project).resolve(".mino.toml").toString(), TrustStore.trustKey(files.localFile()));
        assertFalse(store.isTrusted(files.localFile(), SENSITIVE.getBytes(StandardCharsets.UTF_8)));
        assertTrue(store.isTrusted(target, SENSITIVE.getBytes(StandardCharsets.UTF_8)), "the target itself is trusted");
    }

    @Test
    void configSetRefusesToWriteThroughALinkedLocalFile() throws IOException {
        Path other = Files.createDirectories(temp.resolve("other"));
        Path target = write(other.resolve(".mino.toml"), SENSITIVE);
        Files.createSymbolicLink(files.localFile(), target);
        ConfigEditor editor = new ConfigEditor(new TrustStore(temp.resolve("store.json")));

        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.localFile(), "container.network", "host"));

        assertTrue(e.getMessage().startsWith("Refusing local config "), e.getMessage());
        assertEquals(SENSITIVE, Files.readString(target), "the other folder's file is unchanged");
        assertThrows(ConfigException.class, () -> editor.writeTemplate(files.localFile(), true));
        assertEquals(SENSITIVE, Files.readString(target));
        editor.set(target, "container.network", "host");
        assertTrue(Files.readString(target).contains("network = \"host\""), "the file itself can be edited");
    }

    // --- the prompt shows everything it asks about

    @Test
    void thePromptShowsEveryEntryAndEveryValue() {
        List<SensitiveField> shown = asked("[container]\n"
            + "volumes = [\"/1:/1\", \"/2:/2\", \"/3:/3\", \"/4:/4\", \"/5:/5\", \"/home/me/.ssh:/s\"]\n"
            + "[container.env]\nA = \"1\"\nB = \"2\"\nC = \"3\"\nD = \"4\"\nE = \"5\"\nTOKEN = \"sixth\"\n"
            + "[credentials.aws]\nenabled = true\nrole_arn = \"arn:aws:iam::1:role/admin\"\n");

        assertEquals(List.of(
            "container.volumes = [\"/1:/1\", \"/2:/2\", \"/3:/3\", \"/4:/4\", \"/5:/5\", \"/home/me/.ssh:/s\"]",
            "container.env = { A = \"1\", B = \"2\", C = \"3\", D = \"4\", E = \"5\", TOKEN = \"sixth\" }",
            "[credentials] = { aws = { enabled = true, role_arn = \"arn:aws:iam::1:role/admin\" } }"),
            shown.stream().map(SensitiveField::displayLine).toList());
    }

    @Test
    void controlAndFormatCharactersAreEscapedInValuesKeysAndThePath() {
        List<SensitiveField> shown = asked("[container]\n"
            + "image = \"a\\u009B31mb\\u202Ec\\u2066d\\u200Be\\uFEFFf\\u007Fg\\u2028h\\U000E0041i\"\n"
            + "[container.env]\n\"X\\u202E\" = \"\\u001B]52;c;aGk=\\u0007\"\n");

        assertEquals(List.of(
            "container.env = { \"X\\u202E\" = \"\\u001B]52;c;aGk=\\u0007\" }",
            "container.image = \"a\\u009B31mb\\u202Ec\\u2066d\\u200Be\\uFEFFf\\u007Fg\\u2028h\\U000E0041i\""),
            shown.stream().map(SensitiveField::displayLine).toList());
        String body = TrustPrompt.noteBody(shown);
        assertTrue(body.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'), body);
        assertEquals("Untrusted local config: /tmp/a\\u202Eb\\u009B/.mino.toml",
            TrustPrompt.warning(Path.of("/tmp/a\u202Eb\u009B/.mino.toml")));
    }

    @Test
    void aFolderNameCannotSmuggleControlsIntoTheWarnings() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("repo\u001b]0;pwned\u0007\u202e"));
        write(folder.resolve(".mino.toml"), SENSITIVE);

        LoadedConfig loaded = MinoConfig.load(files.options().workingDirectory(folder).build());

        assertEquals(1, loaded.warnings().size());
        String warning = loaded.warnings().get(0);
        assertTrue(warning.startsWith("Skipping untrusted local config " + realPath(temp)
            + "/repo\\u001B]0;pwned\\u0007\\u202E/.mino.toml (nobody to ask"), warning);
    }

    @Test
    void ordinaryTextIsShownAsItIs() {
        List<SensitiveField> shown = asked("[container]\nimage = \"café/日本:1 ✓ 🐳 \\\\ tab\\tend\"\n");

        assertEquals("container.image = \"café/日本:1 ✓ 🐳 \\\\ tab\\tend\"", shown.get(0).displayLine());
        assertEquals("Untrusted local config: /tmp/café/.mino.toml", TrustPrompt.warning(Path.of("/tmp/café/.mino.toml")));
    }

    // --- keys that loosen the sandbox need trust

    @Test
    void untrustedLocalCannotLoosenTheContainer() {
        write(files.globalFile(), "[container]\nread_only = true\n[cache]\nenabled = false\n[home]\nenabled = false\n");
        write(files.localFile(), "[container]\nread_only = false\n[cache]\nenabled = true\n[home]\nenabled = true\n");

        LoadedConfig loaded = files.load();

        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, loaded.localStatus());
        assertEquals(List.of("container.read_only", "cache.enabled", "home.enabled"),
            loaded.sensitiveFields().stream().map(SensitiveField::name).toList());
        assertTrue(loaded.config().container().readOnly());
        assertFalse(loaded.config().cache().enabled());
        assertFalse(loaded.config().home().enabled());

        LoadedConfig forced = MinoConfig.load(files.options().trustLocal(true).build());
        assertFalse(forced.config().container().readOnly(), "the keys do take effect once trusted");
        assertTrue(forced.config().cache().enabled());
        assertTrue(forced.config().home().enabled());
    }

    @Test
    void tighteningAndHarmlessKeysLoadWithoutAsking() {
        write(files.globalFile(), "[container]\nread_only = false\n");
        write(files.localFile(), "[general]\nverbose = true\nlog_format = \"json\"\nupdate_check = true\n"
            + "audit_log = true\n[container]\nread_only = true\n[session]\nshell = \"/bin/zsh\"\n"
            + "auto_cleanup_hours = 1\n[cache]\nenabled = false\ngc_days = 3\nmax_total_gb = 9\n"
            + "[home]\nenabled = false\n");

        LoadedConfig loaded = files.load();

        assertEquals(LocalConfigStatus.LOADED, loaded.localStatus());
        assertTrue(loaded.config().container().readOnly());
        assertFalse(loaded.config().cache().enabled());
    }

    // --- size

    @Test
    void aLocalFileOverOneMebibyteIsRefusedBeforeItIsRead() throws IOException {
        Path local = files.localFile();
        write(local, "");
        try (RandomAccessFile file = new RandomAccessFile(local.toFile(), "rw")) {
            file.setLength(3L << 30);
        }

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Config file too large: " + realPath(local) + " holds more than 1 MiB", e.getMessage());
        assertTrue(e.hint().contains("a few kilobytes"), e.hint());
    }

    @Test
    void oneByteOverTheLimitIsTooLargeAndTheLimitItselfIsNot() {
        write(files.globalFile(), padded((1 << 20) + 1));
        ConfigException e = assertThrows(ConfigException.class, files::load);
        assertEquals("Config file too large: " + files.globalFile() + " holds more than 1 MiB", e.getMessage());

        write(files.globalFile(), padded(1 << 20));
        assertTrue(files.load().config().container().readOnly(), "a file of exactly 1 MiB loads");
        write(files.globalFile(), padded(1000));
        assertTrue(files.load().config().container().readOnly(), "an ordinary 1000-byte file loads");
    }

    /** A config of exactly {@code size} bytes (ASCII): one setting and a long comment. */
    private static String padded(int size) {
        String setting = "[container]\nread_only = true\n";
        return setting + "#".repeat(size - setting.length() - 1) + "\n";
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoInPlaceOfTheGlobalFileIsAnErrorNotAHang() throws Exception {
        Files.createDirectories(files.configDir);
        Process mkfifo = new ProcessBuilder("mkfifo", files.globalFile().toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("IO error: reading config from " + files.globalFile(), e.getMessage());
    }

    @Test
    void anOversizedTrustStoreIsAnErrorNotAnEmptyStore() throws IOException {
        write(files.localFile(), SENSITIVE);
        Path store = write(files.stateDir.resolve(TrustStore.FILE_NAME), "{\"entries\": {}}" + " ".repeat(4 << 20));

        ConfigException e = assertThrows(ConfigException.class, () -> MinoConfig.load(files.options()
            .trustPrompt((file, fields) -> true).build()));

        assertEquals("Trust store too large: " + store + " holds more than 4 MiB", e.getMessage());
        assertEquals((4 << 20) + 15, Files.size(store), "the store is left as it was");
        Files.writeString(store, "{\"entries\": {}}");
        assertEquals(LocalConfigStatus.LOADED_CONFIRMED, MinoConfig.load(files.options()
            .trustPrompt((file, fields) -> true).build()).localStatus());
    }
}
