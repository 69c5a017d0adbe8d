package dev.mino.cli;

import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.LocalConfigStatus;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.config.TrustStore;
import dev.mino.layers.ProjectLayers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Whether {@code run} may trust the project's files beyond its {@code .mino.toml} (its
 * {@code .npmrc}, which adds registry hosts to a preset): a cloned repository must not get them in
 * by itself (SPEC 16 item 12). They are allowed with {@code --trust-local}, or when the user trusted the project's
 * local configuration (said yes to the prompt, or trusted these exact bytes before). A local file
 * that was loaded only because it holds nothing sensitive was never looked at by anyone, so it
 * does not count; nor does a trusted file of some other folder than the project's.
 *
 * <p>The project's layers themselves are trusted by their content, not through the config:
 * {@link #decideLayers} asks about them (showing what changed) and pins the run to the content
 * that was trusted.
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
        Path folder = real(loaded.localFile().get().toAbsolutePath().getParent());
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

    /**
     * Whether {@code run} may use the project's own layers, judged by their exact content: trusted
     * before, forced with {@code --trust-local}, or approved now at the terminal, where
     * {@code ask} shows what changed. Questions are asked only when the run uses project layers
     * ({@code needed}). The builder is pinned to the content that was judged, so a file changed
     * afterwards does not get in.
     *
     * @param check the project's layer tree and what the trust store says of it
     * @param trustLocal {@code --trust-local} or {@code MINO_TRUST_LOCAL}
     * @param needed whether the run asks for a project layer or offers them in the layer menu
     * @param ask shows the changes and asks, or null when nobody can be asked
     * @param store where an approval is recorded
     * @param builder receives the approved content
     * @param warnings receives what the user should know
     * @return the layers the run may use, for the menu; empty when none
     */
    static Optional<ProjectLayers> decideLayers(ProjectLayerTrust.Check check, boolean trustLocal, boolean needed,
                                                Predicate<ProjectLayerTrust.Check> ask, TrustStore store,
                                                SandboxBuilder builder, Consumer<String> warnings) {
        if (!check.hasLayers()) {
            return Optional.empty();
        }
        if (!check.trusted()) {
            if (trustLocal) {
                warnings.accept("Using the project's layers in " + check.layers().directory()
                    + " without asking (--trust-local)");
            } else if (!needed) {
                return Optional.empty();
            } else if (ask == null) {
                // The library skips them and says so where it matters: a layer it cannot find.
                return Optional.empty();
            } else if (ask.test(check)) {
                ProjectLayerTrust.trust(check, store);
            } else {
                warnings.accept("Project layers skipped - Use --trust-local to always trust");
                return Optional.empty();
            }
        }
        builder.trustProjectLayers(check.fingerprint());
        return Optional.of(check.layers());
    }
}
