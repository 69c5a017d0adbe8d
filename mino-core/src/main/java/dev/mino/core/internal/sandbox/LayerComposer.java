package dev.mino.core.internal.sandbox;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.LayerException;
import dev.mino.layers.LayerResolution;
import dev.mino.layers.LayerResolver;
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

    /** Resolves the layers of {@code spec}; a spec without layers comes back unchanged. */
    public static Composition compose(SandboxSpec spec) {
        if (spec.layers().isEmpty()) {
            return new Composition(spec, Optional.empty(), List.of());
        }
        try {
            LayerResolver resolver = LayerResolver.builder()
                .project(spec.project(), spec.trustProjectLayers())
                .userConfigDir(userConfigDir())
                .build();
            LayerResolution resolution = resolver.resolve(spec.layers());
            CompositionPlan plan = CompositionPlan.builder().layers(resolution.layers()).baseImage(spec.baseImage())
                .build();
            SandboxSpec resolved = spec.withComposedImage(plan.image(), plan.runtimeEnv());
            return new Composition(resolved, plan.composeNeeded() ? Optional.of(plan) : Optional.empty(),
                resolution.warnings());
        } catch (LayerException e) {
            throw new InvalidSpecException(e.getMessage(), e.hint());
        }
    }

    private static java.nio.file.Path userConfigDir() {
        try {
            return MinoPaths.defaults().configDir();
        } catch (RuntimeException e) {
            // No home directory (a locked-down CI user): there are no user layers then.
            return null;
        }
    }
}
