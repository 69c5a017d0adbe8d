package dev.mino.core.config;

import dev.mino.core.InvalidSpecException;
import dev.mino.layers.LayerException;
import dev.mino.layers.LayerFingerprint;
import dev.mino.layers.ProjectLayers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the user trusts a project's own layers ({@code <project>/.mino/layers}), judged by
 * their exact content.
 *
 * <p>A project layer's install script runs as root while mino builds an image, and the project
 * folder is writable by the sandbox: a sandboxed command can plant or change a layer for the next
 * run. So trusting the project's {@code .mino.toml} does not let its layers in; the user approves
 * the layer tree itself, file by file, and any added, removed or changed file makes it untrusted
 * again. A caller that can ask shows {@link Check#changes()} (and the new content), and on yes
 * calls {@link #trust(Check, TrustStore)}; either way it hands {@link Check#fingerprint()} to
 * {@link dev.mino.core.SandboxBuilder#trustProjectLayers(LayerFingerprint)}, which uses the layers
 * only while they still hold exactly those bytes.
 *
 * <p>Typical use:
 * <pre>{@code
 * ProjectLayerTrust.Check check = ProjectLayerTrust.check(project, store);
 * if (check.hasLayers() && (check.trusted() || askUser(check.changes()))) {
 *     if (!check.trusted()) {
 *         ProjectLayerTrust.trust(check, store);
 *     }
 *     builder.trustProjectLayers(check.fingerprint());
 * }
 * }</pre>
 */
public final class ProjectLayerTrust {

    private ProjectLayerTrust() {
    }

    /**
     * Reads the project's layer tree (without following links, see {@link ProjectLayers}) and
     * compares it with what the store says was trusted.
     *
     * @param projectDir the project folder
     * @param store the trust store
     * @return the outcome
     * @throws InvalidSpecException if the tree holds a symbolic link, something other than
     *     folders and regular files, or is too large
     */
    public static Check check(Path projectDir, TrustStore store) {
        Objects.requireNonNull(store, "store");
        ProjectLayers layers;
        try {
            layers = ProjectLayers.read(realPath(Objects.requireNonNull(projectDir, "projectDir")));
        } catch (LayerException e) {
            throw new InvalidSpecException(e.getMessage(), e.hint());
        }
        return new Check(layers, store.isTrusted(layers), store.trustedLayers(layers.directory()));
    }

    /**
     * Records the content the check read as trusted.
     *
     * @param check the check the user approved
     * @param store the trust store
     * @throws ConfigException when the store cannot be saved
     */
    public static void trust(Check check, TrustStore store) {
        store.trust(check.layers());
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * A project's layer tree and whether it is trusted.
     *
     * @param layers the tree as read, file by file
     * @param trusted true if exactly this content was trusted before
     * @param earlier what was trusted before, if anything
     */
    public record Check(ProjectLayers layers, boolean trusted, Optional<LayerFingerprint> earlier) {

        /**
         * Checks that every field is present.
         *
         * @param layers the tree
         * @param trusted whether it is trusted
         * @param earlier what was trusted before
         */
        public Check {
            Objects.requireNonNull(layers, "layers");
            Objects.requireNonNull(earlier, "earlier");
        }

        /**
         * Tells whether the project has any layer file; without one there is nothing to trust.
         *
         * @return {@code true} if {@code .mino/layers} holds a file
         */
        public boolean hasLayers() {
            return !layers.isEmpty();
        }

        /**
         * Returns the fingerprint of the tree as read, to approve with
         * {@link dev.mino.core.SandboxBuilder#trustProjectLayers(LayerFingerprint)}.
         *
         * @return the fingerprint
         */
        public LayerFingerprint fingerprint() {
            return layers.fingerprint();
        }

        /**
         * Returns what changed since the tree was last trusted; for a tree never trusted, every
         * file is added.
         *
         * @return the changes
         */
        public LayerFingerprint.Changes changes() {
            return layers.fingerprint().changesSince(earlier.orElse(LayerFingerprint.EMPTY));
        }
    }
}
