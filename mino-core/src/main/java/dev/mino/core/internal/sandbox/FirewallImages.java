package dev.mino.core.internal.sandbox;

import dev.mino.core.ErrorCodes;
import dev.mino.core.FirewallImage;
import dev.mino.core.ImageBuildException;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanConflictException;
import dev.mino.core.PodmanNotFoundException;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.events.BuildLines;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.FirewallImagePins;
import dev.mino.layers.FirewallImageRecipe;
import dev.mino.network.NetworkMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds, pins and finds mino's own firewall image ({@link FirewallImage}) on an engine. The pin
 * (in the state directory) is what counts, never the tag: a start runs the firewall from the
 * pinned id, and refuses before it creates anything when that id is not there.
 */
public final class FirewallImages {
    private static final System.Logger LOG = System.getLogger(FirewallImages.class.getName());
    /** One build at a time in this JVM: two sandboxes' setups share the result. */
    private static final Object BUILD_LOCK = new Object();

    private FirewallImages() {
    }

    /** See {@link FirewallImage#ensure(String)}. */
    public static FirewallImage.Pinned ensure(PodmanClient client, FirewallImagePins pins, String baseImage,
                                              SandboxListener listener) {
        String engine = client.address().uri();
        synchronized (BUILD_LOCK) {
            ImagesApi.ImageIdentity base = base(client, baseImage, engine);
            Optional<FirewallImage.Pinned> current = current(client, pins)
                .filter(pinned -> pinned.baseImageId().equals(base.id()));
            if (current.isPresent()) {
                StepTimer.instant(listener, MinoEvent.Step.FIREWALL_IMAGE,
                    "Using mino's firewall image " + describe(current.get()));
                return current.get();
            }
            StepTimer step = StepTimer.begin(listener, MinoEvent.Step.FIREWALL_IMAGE,
                "Building mino's firewall image " + FirewallImage.REFERENCE + " from " + baseImage);
            try {
                String id = build(client, FirewallImageRecipe.on(base.id()), baseImage, listener);
                FirewallImage.Pinned pinned = new FirewallImage.Pinned(FirewallImage.REFERENCE, id,
                    FirewallImage.RECIPE, baseImage, base.id());
                Optional<FirewallImage.Pinned> previous = pins.find(engine);
                try {
                    pins.pin(engine, pinned);
                } catch (RuntimeException e) {
                    removeQuietly(client, id);
                    throw e;
                }
                previous.filter(old -> !old.id().equals(id)).ifPresent(old -> removeQuietly(client, old.id()));
                step.update("Pinned mino's firewall image " + describe(pinned) + " in " + pins.file());
                step.finish();
                return pinned;
            } finally {
                step.fail();
            }
        }
    }

    /** See {@link FirewallImage#pinned()}. */
    public static Optional<FirewallImage.Pinned> current(PodmanClient client, FirewallImagePins pins) {
        return pins.find(client.address().uri()).filter(pinned -> problem(client, pinned).isEmpty());
    }

    /** See {@link FirewallImage#requirePinned()}. */
    public static FirewallImage.Pinned require(PodmanClient client, FirewallImagePins pins) {
        String engine = client.address().uri();
        Optional<FirewallImage.Pinned> pinned = pins.find(engine);
        String hint = "run 'mino setup'; a program embedding mino calls FirewallImage.at(<state directory>)"
            + ".ensure(<base image>) with a Debian, Ubuntu or Fedora image the engine has, or names an image with "
            + "firewallImage(...)";
        if (pinned.isEmpty()) {
            throw new MinoException("an allowlist needs mino's firewall image, and none is pinned for the engine at "
                + engine + " (in " + pins.file() + ")", hint);
        }
        Optional<String> problem = problem(client, pinned.get());
        if (problem.isPresent()) {
            throw new MinoException("mino's firewall image " + describe(pinned.get()) + ", pinned for the engine at "
                + engine + ", " + problem.get(), hint);
        }
        return pinned.get();
    }

    /**
     * The spec to start: with an allowlist and no firewall image of the caller's, the pinned
     * firewall image's id; any other spec unchanged.
     *
     * @throws MinoException when the allowlist needs the pinned image and the engine has none
     */
    static SandboxSpec resolve(PodmanClient client, SandboxSpec spec) {
        if (spec.network().mode() != NetworkMode.ALLOWLIST || spec.firewallImage() != null) {
            return spec;
        }
        return spec.withFirewallImage(require(client, FirewallImagePins.at(spec.stateDirectory())).id());
    }

    /**
     * The id of the firewall image {@code image}, after checking that no layer built it: an image
     * composed from layers is refused, since a project's layer could have replaced nft or the
     * guard's interpreter in it.
     *
     * @throws MinoException when the image was composed from layers
     * @throws PodmanNotFoundException when the engine does not have it
     */
    static String idOf(PodmanClient client, String image) {
        ImagesApi.ImageIdentity identity = client.images().identity(image);
        if (identity.labels().containsKey(Labels.COMPOSED_LAYERS)) {
            throw new MinoException("the firewall image " + image + " was composed from layers ("
                + identity.labels().get(Labels.COMPOSED_LAYERS) + "); the firewall never runs from an image that "
                + "layers could change", "use an image with python3 and nft that no layer built (mino's firewall image), "
                + "through firewallImage(...)", null, ErrorCodes.FIREWALL_IMAGE_COMPOSED);
        }
        return identity.id();
    }

    /** The base image's identity, refused when missing or composed from layers. */
    private static ImagesApi.ImageIdentity base(PodmanClient client, String baseImage, String engine) {
        ImagesApi.ImageIdentity base;
        try {
            base = client.images().identity(baseImage);
        } catch (PodmanNotFoundException e) {
            throw new MinoException("the base image " + baseImage + " for mino's firewall image is not on the "
                + "engine at " + engine, "pull or build it first (it is not pulled for you), or name an image the engine has", e);
        }
        if (base.labels().containsKey(Labels.COMPOSED_LAYERS)) {
            throw new MinoException("the base image " + baseImage + " was composed from layers ("
                + base.labels().get(Labels.COMPOSED_LAYERS) + "); mino's firewall image is never built on what a "
                + "layer could change", "name a distribution's own image, for example a Debian, Ubuntu or Fedora one");
        }
        return base;
    }

    private static String build(PodmanClient client, FirewallImageRecipe recipe, String baseImage,
                                SandboxListener listener) {
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        try {
            recipe.writeBuildContextTar(context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context of mino's firewall image", e);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.FIREWALL_IMAGE_RECIPE, String.valueOf(FirewallImage.RECIPE));
        labels.put(Labels.BASE_IMAGE, baseImage);
        labels.put(Labels.BASE_IMAGE_ID, recipe.baseImageId());
        try {
            // Only the final image is kept, so that a failed build leaves nothing behind.
            return client.images().buildFinalImageOnly(new ByteArrayInputStream(context.toByteArray()),
                FirewallImage.REFERENCE, labels, BuildLines.to(listener));
        } catch (ImageBuildException e) {
            throw failure(e, baseImage);
        }
    }

    /** The build's failure, with the recipe's own explanation where it gave one. */
    private static ImageBuildException failure(ImageBuildException e, String baseImage) {
        List<String> output = e.lastOutput();
        Optional<String> reason = output.stream().filter(line -> line.startsWith(FirewallImageRecipe.MESSAGE_PREFIX))
            .reduce((first, second) -> second).map(line -> line.substring(FirewallImageRecipe.MESSAGE_PREFIX.length()));
        String hint = reason.isPresent()
            ? "name a base image with apt-get (Debian, Ubuntu) or dnf (Fedora), or one that has nft and python3"
            : "the base image's package manager could not install nftables and python3; check that the engine "
                + "reaches the distribution's mirrors (see the build output), or name a base image that has both";
        return new ImageBuildException("building mino's firewall image on " + baseImage + " failed: "
            + reason.orElse(e.getMessage()), hint, output);
    }

    /**
     * Why the pinned image cannot be used, if it cannot: of another recipe, gone from the engine,
     * or not an image mino built as its firewall image. An image composed on the firewall image
     * inherits its labels, so the composition's own label is checked as well.
     */
    private static Optional<String> problem(PodmanClient client, FirewallImage.Pinned pinned) {
        if (pinned.recipe() != FirewallImage.RECIPE) {
            return Optional.of("is of recipe " + pinned.recipe() + "; this mino needs recipe " + FirewallImage.RECIPE);
        }
        Map<String, String> labels;
        try {
            labels = client.images().identity(pinned.id()).labels();
        } catch (PodmanNotFoundException e) {
            return Optional.of("is no longer there");
        }
        if (!String.valueOf(FirewallImage.RECIPE).equals(labels.get(Labels.FIREWALL_IMAGE_RECIPE))
            || !"true".equals(labels.get(Labels.MANAGED)) || labels.containsKey(Labels.COMPOSED_LAYERS)) {
            return Optional.of("is not an image mino built as its firewall image");
        }
        return Optional.empty();
    }

    private static String describe(FirewallImage.Pinned pinned) {
        return pinned.reference() + " (" + pinned.shortId() + ")";
    }

    /** Removes an image mino no longer pins; one a container still uses stays. */
    private static void removeQuietly(PodmanClient client, String id) {
        try {
            client.images().remove(id, false);
        } catch (PodmanConflictException e) {
            LOG.log(System.Logger.Level.DEBUG, "firewall image " + id + " is still in use: kept");
        } catch (MinoException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove firewall image " + id + ": " + e.describe());
        }
    }
}
