package dev.mino.core.internal.sandbox;

import dev.mino.core.ImageBuildException;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.Layer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Builds a composed image through Podman's build endpoint unless an image of that tag exists
 * already: the tag hashes everything that goes into the image, so an existing one is current.
 */
final class ImageComposer {
    /** One build per tag at a time in this JVM: concurrent sandboxes of one project share the result. */
    private static final Map<String, Object> BUILD_LOCKS = new ConcurrentHashMap<>();

    private ImageComposer() {
    }

    static void ensureBuilt(PodmanClient client, CompositionPlan plan, SandboxListener listener) {
        String tag = plan.tag();
        synchronized (BUILD_LOCKS.computeIfAbsent(tag, t -> new Object())) {
            if (client.images().exists(tag)) {
                listener.onProgress("Using composed image " + tag);
                return;
            }
            String names = plan.layers().stream().map(Layer::name).collect(Collectors.joining(", "));
            listener.onProgress("Building " + tag + " (" + names + ")");
            ByteArrayOutputStream context = new ByteArrayOutputStream();
            try {
                plan.writeBuildContextTar(context);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the build context of " + tag, e);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Labels.MANAGED, "true");
            labels.put("dev.mino.layers", names);
            labels.put("dev.mino.base-image", plan.baseImage());
            try {
                client.images().build(new ByteArrayInputStream(context.toByteArray()), tag, labels,
                    listener::onBuildOutput);
            } catch (ImageBuildException e) {
                String output = String.join("\n", e.lastOutput());
                String hint = output.contains("subuid") || output.contains("subgid") || output.contains("insufficient UIDs")
                    ? "Rootless Podman not configured. Run: mino setup"
                    : "Check the build output above; run with -v for details";
                throw new ImageBuildException("Image build failed for '" + tag + "': " + output, hint, e.lastOutput());
            }
        }
    }
}
