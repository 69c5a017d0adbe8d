package dev.mino.core.internal.sandbox;

import dev.mino.core.ImageBuildException;
import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.events.BuildLines;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.Layer;
import dev.mino.network.NetworkMode;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Builds a composed image through Podman's build endpoint unless an image of that tag exists
 * already: the tag hashes everything that goes into the image, the base image's id included, so
 * an existing one is current.
 *
 * <p>A build runs the install scripts of its layers. Those of the project's layers are written by
 * whatever runs in the project's sandboxes, so a build with a project layer never gets more
 * network than the session: none for a {@code none} or allowlist session (a build cannot have the
 * allowlist's firewall), and for a bridge session a namespace like the session's, without the
 * host's loopback ({@link BuildNetworkHolder}). Built-in and user layers are not writable by any
 * sandbox; alone they build with the engine's default network, which their package installs need.
 */
final class ImageComposer {
    /** One build per tag at a time in this JVM: concurrent sandboxes of one project share the result. */
    private static final Map<String, Object> BUILD_LOCKS = new ConcurrentHashMap<>();

    private ImageComposer() {
    }

    /** The network the build of {@code plan} may use for a session under {@code policy}. */
    static ImagesApi.BuildNetwork buildNetwork(CompositionPlan plan, NetworkPolicy policy) {
        if (!plan.hasProjectLayers()) {
            return ImagesApi.BuildNetwork.DEFAULT;
        }
        if (policy.mode() == NetworkMode.HOST) {
            return ImagesApi.BuildNetwork.DEFAULT;
        }
        // A bridge session reaches the internet but not the host's loopback; the engine's default does.
        return policy.mode() == NetworkMode.BRIDGE ? ImagesApi.BuildNetwork.JOINED : ImagesApi.BuildNetwork.NONE;
    }

    static void ensureBuilt(PodmanClient client, CompositionPlan plan, NetworkPolicy policy,
                            SandboxListener listener) {
        String tag = plan.tag();
        synchronized (BUILD_LOCKS.computeIfAbsent(tag, t -> new Object())) {
            if (client.images().exists(tag)) {
                StepTimer.instant(listener, MinoEvent.Step.BUILD_IMAGE, "Using composed image " + tag);
                return;
            }
            String names = plan.layers().stream().map(Layer::name).collect(Collectors.joining(", "));
            StepTimer.run(listener, MinoEvent.Step.BUILD_IMAGE, "Building " + tag + " (" + names + ")",
                () -> buildComposed(client, plan, policy, names, listener));
        }
    }

    private static void buildComposed(PodmanClient client, CompositionPlan plan, NetworkPolicy policy, String names,
                                      SandboxListener listener) {
        String tag = plan.tag();
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        try {
            plan.writeBuildContextTar(context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context of " + tag, e);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.COMPOSED_LAYERS, names);
        labels.put(Labels.BASE_IMAGE, plan.baseImage());
        plan.baseImageId().ifPresent(id -> labels.put(Labels.BASE_IMAGE_ID, id));
        ImagesApi.BuildNetwork network = buildNetwork(plan, policy);
        try {
            build(client, plan, context.toByteArray(), labels, network, listener);
        } catch (ImageBuildException e) {
            String output = String.join("\n", e.lastOutput());
            String hint;
            if (output.contains("subuid") || output.contains("subgid") || output.contains("insufficient UIDs")) {
                hint = "Rootless Podman not configured. Run: mino setup";
            } else if (network == ImagesApi.BuildNetwork.NONE) {
                hint = "The build ran without network: it holds a project layer, and the session's network is "
                    + policy.mode().name().toLowerCase(Locale.ROOT) + " (a build cannot be held to an "
                    + "allowlist, so it gets none). Have the project layer install nothing from the network, or "
                    + "build it once in a session with bridge network";
            } else {
                hint = "Check the build output above; run with -v for details";
            }
            throw new ImageBuildException("Image build failed for '" + tag + "': " + output, hint, e.lastOutput());
        }
    }

    private static void build(PodmanClient client, CompositionPlan plan, byte[] context, Map<String, String> labels,
                              ImagesApi.BuildNetwork network, SandboxListener listener) {
        if (network != ImagesApi.BuildNetwork.JOINED) {
            client.images().build(new ByteArrayInputStream(context), plan.tag(), labels, network,
                BuildLines.to(listener));
            return;
        }
        try (BuildNetworkHolder holder = BuildNetworkHolder.start(client,
            plan.baseImageId().orElse(plan.baseImage()), Owner.current())) {
            client.images().build(new ByteArrayInputStream(context), plan.tag(), labels, holder.namespace(),
                BuildLines.to(listener));
        }
    }
}
