package dev.mino.cli;

import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.LocalConfigStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Whether {@code run} may use layers from the project's own {@code .mino/layers}: their install
 * scripts run during an image build, so a cloned repository must not get them in by itself (SPEC
 * 16 item 12). They are allowed with {@code --trust-local}, or when the user trusted the project's
 * local configuration (said yes to the prompt, or trusted these exact bytes before). A local file
 * that was loaded only because it holds nothing sensitive was never looked at by anyone, so it
 * does not count; nor does a trusted file of some other folder than the project's, judged by the
 * file's real path, nor a local file that is a symbolic link.
 */
final class ProjectTrust {
    private static final Set<LocalConfigStatus> TRUSTED = Set.of(LocalConfigStatus.LOADED_TRUSTED,
        LocalConfigStatus.LOADED_FORCED, LocalConfigStatus.LOADED_CONFIRMED);

    private ProjectTrust() {
    }

    static boolean projectLayersTrusted(boolean trustLocalFlag, LoadedConfig loaded, Path project) {
        if (trustLocalFlag) {
            return true;
        }
        if (!TRUSTED.contains(loaded.localStatus()) || loaded.localFile().isEmpty()) {
            return false;
        }
        // A link named .mino.toml would lend another folder's trust to this one (the library
        // refuses to load one; this holds even for a LoadedConfig made elsewhere).
        Path local = loaded.localFile().get();
        if (Files.isSymbolicLink(local)) {
            return false;
        }
        Path folder = real(local).getParent();
        return folder != null && real(project).startsWith(folder);
    }

    private static Path real(Path path) {
        if (path == null) {
            return null;
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
