package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mino.core.MinoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinoPathsTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void linuxWithoutXdgVariablesUsesTheHomeDirectory() {
        MinoPaths paths = MinoPaths.of(Map.of(), "Linux", HOME);
        assertEquals(Path.of("/home/ada/.config/mino"), paths.configDir());
        assertEquals(Path.of("/home/ada/.local/state/mino"), paths.stateDir());
        assertEquals(Path.of("/home/ada/.local/share/mino"), paths.dataDir());
    }

    @Test
    void linuxHonoursAbsoluteXdgVariables() {
        Map<String, String> env = Map.of(
            "XDG_CONFIG_HOME", "/cfg",
            "XDG_STATE_HOME", "/st",
            "XDG_DATA_HOME", "/dat");
        MinoPaths paths = MinoPaths.of(env, "Linux", HOME);
        assertEquals(new MinoPaths(Path.of("/cfg/mino"), Path.of("/st/mino"), Path.of("/dat/mino")), paths);
    }

    @Test
    void linuxIgnoresRelativeAndEmptyXdgVariables() {
        Map<String, String> env = Map.of(
            "XDG_CONFIG_HOME", "relative/config",
            "XDG_STATE_HOME", "",
            "XDG_DATA_HOME", "./data");
        MinoPaths paths = MinoPaths.of(env, "Linux", HOME);
        assertEquals(Path.of("/home/ada/.config/mino"), paths.configDir());
        assertEquals(Path.of("/home/ada/.local/state/mino"), paths.stateDir());
        assertEquals(Path.of("/home/ada/.local/share/mino"), paths.dataDir());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mac OS X", "macOS", "Darwin"})
    void macOsKeepsEverythingInApplicationSupportAndIgnoresXdg(String osName) {
        MinoPaths paths = MinoPaths.of(Map.of("XDG_STATE_HOME", "/st"), osName, Path.of("/Users/ada"));
        Path dir = Path.of("/Users/ada/Library/Application Support/mino");
        assertEquals(new MinoPaths(dir, dir, dir), paths);
    }

    @Test
    void linuxNeedsNoHomeWhenEveryXdgVariableIsSet() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/c", "XDG_STATE_HOME", "/s", "XDG_DATA_HOME", "/d");
        assertEquals(Path.of("/s/mino"), MinoPaths.of(env, "Linux", null).stateDir());
    }

    @Test
    void aMissingHomeIsAnErrorWithAHint() {
        MinoException e = assertThrows(MinoException.class, () -> MinoPaths.of(Map.of(), "Linux", null));
        assertTrue(e.getMessage().contains("home directory"), e.getMessage());
        assertFalse(e.hint().isEmpty());
        assertThrows(MinoException.class, () -> MinoPaths.of(Map.of(), "Mac OS X", Path.of("relative")));
    }

    @Test
    void derivedPathsLiveUnderTheStateDirectory() {
        MinoPaths paths = MinoPaths.under(Path.of("/r"));
        assertEquals(Path.of("/r/config"), paths.configDir());
        assertEquals(Path.of("/r/data"), paths.dataDir());
        assertEquals(Path.of("/r/state/sessions"), paths.sessionsDir());
        assertEquals(Path.of("/r/state/audit.log"), paths.auditLog());
        assertEquals(Path.of("/r/state/credentials"), paths.credentialsDir());
        assertEquals(Path.of("/r/state/cache"), paths.cacheDir());
    }

    @Test
    void defaultsResolveForThisMachine() {
        MinoPaths paths = MinoPaths.defaults();
        assertTrue(paths.stateDir().endsWith("mino"), paths.toString());
    }

    @Test
    void ensureStateDirectoriesCreatesOwnerOnlyDirectories(@TempDir Path root) throws Exception {
        MinoPaths paths = MinoPaths.under(root.resolve("nested"));
        paths.ensureStateDirectories();
        paths.ensureStateDirectories();
        for (Path dir : new Path[] {paths.stateDir(), paths.sessionsDir(), paths.credentialsDir(), paths.cacheDir()}) {
            assertTrue(Files.isDirectory(dir), dir.toString());
            if (PrivateFiles.supportsPosix(dir)) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
            }
        }
    }

    @Test
    void ensureStateDirectoriesNarrowsExistingDirectories(@TempDir Path root) throws Exception {
        assumeTrue(PrivateFiles.supportsPosix(root));
        MinoPaths paths = MinoPaths.under(root);
        Files.createDirectories(paths.credentialsDir(), PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(paths.credentialsDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        paths.ensureStateDirectories();
        assertEquals("rwx------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.credentialsDir())));
    }

    @Test
    void ensureStateDirectoriesReportsAFileInTheWay(@TempDir Path root) throws Exception {
        MinoPaths paths = MinoPaths.under(root);
        Files.writeString(paths.stateDir(), "not a directory");
        MinoException e = assertThrows(MinoException.class, paths::ensureStateDirectories);
        assertTrue(e.getMessage().contains(paths.stateDir().toString()), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    @Test
    void theRuntimeFolderNeedsAnAbsoluteExistingRuntimeDirectory(@TempDir Path root) throws Exception {
        assertEquals(java.util.Optional.empty(), MinoPaths.runtimeDir(Map.of()));
        assertEquals(java.util.Optional.empty(), MinoPaths.runtimeDir(Map.of("XDG_RUNTIME_DIR", "relative/run")));
        assertEquals(java.util.Optional.empty(), MinoPaths.runtimeDir(Map.of("XDG_RUNTIME_DIR",
            root.resolve("missing").toString())));
        Path run = Files.createDirectories(root.resolve("run"));
        assertEquals(java.util.Optional.of(run.resolve("mino")),
            MinoPaths.runtimeDir(Map.of("XDG_RUNTIME_DIR", run.toString())));
    }
}
