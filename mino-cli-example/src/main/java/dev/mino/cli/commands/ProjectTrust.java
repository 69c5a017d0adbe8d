package dev.mino.cli.commands;

import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.config.TrustStore;
import dev.mino.layers.ProjectLayers;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Whether {@code run} may use the project's own layers ({@code .mino/layers}): their install
 * scripts run during an image build, so a cloned repository, or a sandbox that wrote into the
 * project, must not get them in by itself (SPEC 16 item 12). They are trusted by their exact
 * content, never through the project's {@code .mino.toml}: {@link #decideLayers} asks about them
 * (showing what changed) and pins the run to the content that was trusted.
 */
public final class ProjectTrust {
    private ProjectTrust() {
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
    public static Optional<ProjectLayers> decideLayers(ProjectLayerTrust.Check check, boolean trustLocal, boolean needed,
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
