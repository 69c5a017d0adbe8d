package dev.mino.core.internal.sandbox;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.LayerException;
import dev.mino.layers.LayerResolution;
import dev.mino.layers.LayerResolver;
import dev.mino.layers.ProjectLayers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a spec's layers into the image to run: either the base image with the layers' runtime
 * env, or a composed image ({@code mino-composed-<hash>}) that may need building first.
 */
public final class LayerComposer {

    /**
     * The outcome: the spec to run (its image and env final) and, when layers need an image build,
     * the composition to build if its tag does not exist yet.
     */
    public record Composition(SandboxSpec spec, Optional<CompositionPlan> build, List<String> warnings) {
        /**
         * This composition with its build pinned to the base image of id {@code baseImageId}: the
         * tag (and so the image the spec runs) names that exact base. Without a build, unchanged.
         */
        public Composition pinnedTo(String baseImageId) {
            if (build.isEmpty()) {
                return this;
            }
            CompositionPlan pinned = build.get().withBaseImageId(baseImageId);
            return new Composition(spec.withComposedImage(pinned.image(), pinned.runtimeEnv()), Optional.of(pinned),
                warnings);
        }
    }

    private LayerComposer() {
    }

    /**
     * Resolves the layers of {@code spec}; a spec without layers comes back unchanged. The user's
     * layers are looked for in the configuration directory of {@code environment} (a Mino's).
     */
    public static Composition compose(SandboxSpec spec, java.util.Map<String, String> environment) {
        if (spec.layers().isEmpty()) {
            return new Composition(spec, Optional.empty(), List.of());
        }
        try {
            List<String> warnings = new ArrayList<>();
            LayerResolver resolver = projectLayers(spec, LayerResolver.builder(), warnings)
                .userConfigDir(userConfigDir(environment))
                .build();
            LayerResolution resolution = resolver.resolve(spec.layers());
            warnings.addAll(resolution.warnings());
            CompositionPlan plan = CompositionPlan.builder().layers(resolution.layers()).baseImage(spec.baseImage())
                .build();
            SandboxSpec resolved = spec.withComposedImage(plan.image(), plan.runtimeEnv());
            return new Composition(resolved, plan.composeNeeded() ? Optional.of(plan) : Optional.empty(),
                List.copyOf(warnings));
        } catch (LayerException e) {
            throw new InvalidSpecException(e.getMessage(), e.hint());
        }
    }

    /**
     * Which project layers may be used: all of them on the caller's explicit opt-in, or the
     * snapshot read now if it is exactly what the user approved, so that the bytes compared are
     * the bytes built; otherwise none.
     */
    private static LayerResolver.Builder projectLayers(SandboxSpec spec, LayerResolver.Builder resolver,
                                                       List<String> warnings) {
        if (spec.trustedLayers() == null) {
            return resolver.project(spec.project(), spec.trustProjectLayers());
        }
        ProjectLayers snapshot = ProjectLayers.read(spec.project());
        if (snapshot.fingerprint().equals(spec.trustedLayers())) {
            return resolver.projectLayers(snapshot);
        }
        warnings.add("The project's layers in " + snapshot.directory() + " changed after they were trusted; "
            + "they are not used");
        return resolver.project(spec.project(), false);
    }

    private static java.nio.file.Path userConfigDir(java.util.Map<String, String> environment) {
        try {
            return MinoPaths.forUser(environment).configDir();
        } catch (RuntimeException e) {
            // No home directory (a locked-down CI user): there are no user layers then.
            return null;
        }
    }
}
