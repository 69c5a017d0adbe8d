package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.LocalConfigStatus;
import dev.mino.core.config.MinoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a project's own layers may be built (SPEC 16 item 12). */
class ProjectTrustTest {
    @TempDir
    Path dir;

    private LoadedConfig loaded(LocalConfigStatus status, Path localFile) {
        return new LoadedConfig(MinoConfig.defaults(), dir.resolve("config.toml"), false, Optional.ofNullable(localFile),
            status, List.of(), List.of());
    }

    @Test
    void onlyATrustedLocalFileOfTheProjectOrTheOptionAllowsThem() throws Exception {
        Path project = Files.createDirectories(dir.resolve("work/app"));
        Path local = dir.resolve("work/.mino.toml");
        Path elsewhere = dir.resolve("other/.mino.toml");
        assertTrue(ProjectTrust.projectLayersTrusted(true, loaded(LocalConfigStatus.NOT_FOUND, null), project));
        assertTrue(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED_CONFIRMED, local), project));
        assertTrue(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED_TRUSTED, local), project));
        assertFalse(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED, local), project),
            "a file nobody looked at (nothing sensitive in it) does not vouch for install scripts");
        assertFalse(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.SKIPPED_DECLINED, local),
            project));
        assertFalse(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED_TRUSTED, elsewhere),
            project), "trusting another folder's file says nothing about this project");
        assertFalse(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.NOT_FOUND, null), project));
    }

    @Test
    void aLinkedLocalFileNeverLendsItsTargetsTrust() throws Exception {
        Path project = Files.createDirectories(dir.resolve("a"));
        Path other = Files.createDirectories(dir.resolve("b"));
        Path target = Files.writeString(other.resolve(".mino.toml"), "[container]\nimage = \"x\"\n");
        Path link = Files.createSymbolicLink(project.resolve(".mino.toml"), Path.of("../b/.mino.toml"));

        assertFalse(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED_TRUSTED, link), project),
            "a's file is a link to b's: trusting b says nothing about a's layers");
        assertTrue(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED_TRUSTED, target), other),
            "b's own file vouches for b");
        Files.delete(link);
        Path copy = Files.copy(target, project.resolve(".mino.toml"));
        assertTrue(ProjectTrust.projectLayersTrusted(false, loaded(LocalConfigStatus.LOADED_TRUSTED, copy), project),
            "a regular file of a's own, once trusted, vouches for a");
    }
}
