package dev.mino.core;

import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.MinoRuntime;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The images on a Podman service, for a program that wants a sandbox's image there before it
 * starts one: whether an image is there, and pulling one with its progress. A sandbox's start
 * pulls only the base image of a composition; a plain image must be on the engine already, and a
 * program can use this to pull it first, showing the progress in its own way.
 *
 * <pre>{@code
 * EngineImages images = EngineImages.discover();
 * if (!images.exists(spec.image())) {
 *     images.pull(spec.image(), line -> System.err.println(line));
 * }
 * }</pre>
 *
 * <p>Immutable; each call asks the engine afresh. {@link Mino#images()} gives those of a Mino's
 * engine, through its connections.
 */
public final class EngineImages {
    private final MinoRuntime runtime;
    private final String engine;

    EngineImages(MinoRuntime runtime, String engine) {
        this.runtime = runtime;
        this.engine = engine;
    }

    /** The images of the Podman service a sandbox without an engine set would use (discovered as for sandboxes). */
    public static EngineImages discover() {
        return new EngineImages(MinoRuntime.shared(), null);
    }

    /**
     * The images of the Podman service at {@code containerHost}, as {@link SandboxSpec#engine()}
     * names it; null discovers one as for sandboxes.
     */
    public static EngineImages at(String containerHost) {
        return new EngineImages(MinoRuntime.shared(), containerHost);
    }

    /**
     * Whether the engine has the image: a name with tag, an id, or a short name such as
     * {@code busybox} that the engine resolves to a local image.
     *
     * @throws PodmanConnectionException when no engine answers
     */
    public boolean exists(String reference) {
        return client().images().exists(Objects.requireNonNull(reference, "reference"));
    }

    /**
     * Pulls the image unless the engine has it already, and blocks until the pull ends. The
     * engine pulls it, from its own network and with its own registry settings.
     *
     * @param progress receives each line the engine reports while it pulls, without its line break
     *     (for example {@code Trying to pull ...}, {@code Copying blob sha256:...})
     * @return the image id, 64 hex digits
     * @throws PodmanException when the pull fails (no registry answers, no such image); the
     *     message carries the engine's reason
     */
    public String pull(String reference, Consumer<String> progress) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(progress, "progress");
        return client().images().pull(reference, progress).replaceFirst("^sha256:", "");
    }

    private PodmanClient client() {
        return runtime.client(engine);
    }
}
