package dev.mino.core;

import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.FirewallImages;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.state.FirewallImagePins;
import dev.mino.layers.FirewallImageRecipe;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Mino's own firewall image: the image of the container that enforces a sandbox's egress
 * allowlist. It is never the sandbox's image, a composed image, or anything a project or a layer
 * can change: it is built on the engine from a base image the caller names (a distribution's
 * image with {@code apt-get} or {@code dnf}, or one that has {@code nft} and {@code python3}
 * already, which then needs no network), tagged {@link #REFERENCE}, and pinned by its image id
 * in the state directory, which no sandbox ever sees. An allowlisted sandbox without
 * {@link SandboxBuilder#firewallImage(String)} runs its firewall from that id; without a pin it
 * does not start.
 *
 * <pre>{@code
 * FirewallImage.Pinned image = FirewallImage.inDefaultLocation()
 *     .listener(listener)
 *     .ensure("localhost/mino-local:latest");
 * }</pre>
 *
 * <p>Immutable; each call looks at the engine afresh. {@code mino setup} does the same.
 * {@link Mino#firewallImage()} gives that of a Mino's state directory and engine.
 */
public final class FirewallImage {
    /** The tag mino's firewall image gets on the engine (the recipe is part of it). */
    public static final String REFERENCE = FirewallImageRecipe.TAG;
    /** The recipe this version of mino builds; an image pinned from an older one is not used. */
    public static final int RECIPE = FirewallImageRecipe.RECIPE;

    private final MinoRuntime runtime;
    private final Path stateDirectory;
    private final String engine;
    private final SandboxListener listener;

    FirewallImage(MinoRuntime runtime, Path stateDirectory, String engine, SandboxListener listener) {
        this.runtime = runtime;
        this.stateDirectory = stateDirectory;
        this.engine = engine;
        this.listener = listener;
    }

    /** The firewall image pinned in the platform's state directory (where sandboxes look by default). */
    public static FirewallImage inDefaultLocation() {
        return new FirewallImage(MinoRuntime.shared(), null, null, SandboxListener.NONE);
    }

    /**
     * The firewall image pinned in {@code stateDirectory}: the one sandboxes with
     * {@link SandboxBuilder#stateDirectory(Path) this state directory} use.
     *
     * @throws InvalidSpecException if the path is relative
     */
    public static FirewallImage at(Path stateDirectory) {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (!stateDirectory.isAbsolute()) {
            throw new InvalidSpecException("state directory '" + stateDirectory + "' is relative",
                "pass an absolute path");
        }
        return new FirewallImage(MinoRuntime.shared(), stateDirectory, null, SandboxListener.NONE);
    }

    /** The same on this Podman service ({@code CONTAINER_HOST} form) instead of a discovered one. */
    public FirewallImage engine(String containerHost) {
        return new FirewallImage(runtime, stateDirectory, Objects.requireNonNull(containerHost, "containerHost"),
            listener);
    }

    /** The same, telling {@code value} the steps and each line of build output. */
    public FirewallImage listener(SandboxListener value) {
        return new FirewallImage(runtime, stateDirectory, engine, Objects.requireNonNull(value, "listener"));
    }

    /**
     * Makes sure the engine has mino's firewall image built on {@code baseImage} as the engine has
     * it now, and pins it: when the pinned image is still there, of the current recipe and built on
     * that same base image, nothing is built. Otherwise it is built (its {@code RUN} step installs
     * {@code nftables} and {@code python3} with the base's package manager unless both are there,
     * which needs the distribution's mirrors then), pinned by id, and the image pinned before is
     * removed unless a container uses it. Blocks while it builds.
     *
     * @param baseImage a local image (it is not pulled): Debian or Ubuntu with {@code apt-get},
     *     Fedora with {@code dnf}, or any image with {@code nft} and {@code python3}; never one
     *     composed from layers
     * @return the pinned image
     * @throws MinoException when the base image is missing or composed from layers
     * @throws ImageBuildException when the build fails (no package manager, no mirror); nothing is
     *     left behind then
     */
    public Pinned ensure(String baseImage) {
        Objects.requireNonNull(baseImage, "baseImage");
        return FirewallImages.ensure(client(), pins(), baseImage, listener);
    }

    /**
     * The pinned firewall image, when the engine still has it and it is of the current recipe:
     * what an allowlisted sandbox without {@link SandboxBuilder#firewallImage(String)} runs.
     */
    public Optional<Pinned> pinned() {
        return FirewallImages.current(client(), pins());
    }

    /**
     * The pinned firewall image, as {@link #pinned()}, or the exception an allowlisted sandbox's
     * start throws without it: it says what is missing and how to build it.
     *
     * @throws MinoException when there is no usable pinned image on the engine
     */
    public Pinned requirePinned() {
        return FirewallImages.require(client(), pins());
    }

    private PodmanClient client() {
        return runtime.client(engine);
    }

    private FirewallImagePins pins() {
        return FirewallImagePins.at(stateDirectory);
    }

    /**
     * A firewall image mino built and pinned.
     *
     * @param reference the tag it was built under ({@link #REFERENCE} at the time); informative
     *     only, since a tag can move: sandboxes use the id
     * @param id the image id, 64 hex digits
     * @param recipe the recipe it was built with
     * @param baseImage the base image as the caller named it
     * @param baseImageId the id the base image had when this image was built
     */
    public record Pinned(String reference, String id, int recipe, String baseImage, String baseImageId) {
        /** Checks that the ids are image ids. */
        public Pinned {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(baseImage, "baseImage");
            if (id == null || !id.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not an image id: " + id);
            }
            if (baseImageId == null || !baseImageId.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not an image id: " + baseImageId);
            }
        }

        /** The first 12 hex digits of the id, as {@code podman images} shows it. */
        public String shortId() {
            return id.substring(0, 12);
        }
    }
}
