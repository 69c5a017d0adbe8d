package dev.mino.cli.commands;

import dev.mino.cli.images.ImageAvailability;
import dev.mino.cli.images.RegistryProbe;
import dev.mino.cli.terminal.ProgressListener;
import dev.mino.cli.terminal.PullProgress;
import dev.mino.core.EngineImages;
import dev.mino.core.MinoEvent;
import dev.mino.core.PodmanException;
import dev.mino.core.SandboxSpec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Makes sure, before {@code run} starts anything, that the engine has the image the sandbox needs
 * (the image itself, or the base image its layers are composed on): a missing one is pulled,
 * with its progress shown, when its registry answers; otherwise the run stops with an error that
 * says what to run, before any container, volume or session record exists. A sandbox's start
 * would otherwise fail only at the container's creation, with Podman's "image not known".
 */
final class RunImage {
    private final EngineImages images;
    private final ImageAvailability availability;
    private final Map<String, ImageAvailability.Source> known = new HashMap<>();

    /**
     * @param images the engine's images
     * @param availability decides where a missing image can come from
     */
    RunImage(EngineImages images, ImageAvailability availability) {
        this.images = images;
        this.availability = availability;
    }

    /** The pre-flight for a run on {@code engine} (null: the discovered one), with mino's registry probe. */
    static RunImage forEngine(String engine, RegistryProbe probe) {
        EngineImages images = EngineImages.at(engine);
        return new RunImage(images, new ImageAvailability(images::exists, probe::answers));
    }

    /**
     * Whether the pre-flight applies to a run on {@code engine}: an OrbStack VM (named, or the
     * default on macOS) is made ready by the start itself, with the configured VM's settings.
     */
    static boolean applies(String engine) {
        if (engine != null) {
            return !engine.startsWith("orbstack");
        }
        return !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac");
    }

    /** Where {@code image} can come from, asked once per image. */
    ImageAvailability.Source sourceOf(String image) {
        return known.computeIfAbsent(image, availability::of);
    }

    /**
     * Where the image {@code spec} runs can come from, asked once per image.
     *
     * @param layersCheck resolves the spec's layers, throwing what a start would: run before an
     *     error about a missing base image, since a layer that does not exist is the problem to fix first
     * @throws dev.mino.core.MinoException when it is missing and cannot be had
     */
    ImageAvailability.Source check(SandboxSpec spec, Runnable layersCheck) {
        String image = spec.image();
        ImageAvailability.Source source = sourceOf(image);
        if (source != ImageAvailability.Source.LOCAL && !spec.layers().isEmpty()) {
            layersCheck.run();
        }
        if (!source.usable()) {
            throw ImageAvailability.missing(what(spec), image, source, null);
        }
        return source;
    }

    /**
     * The image {@code spec} runs, on the engine, pulled when missing.
     *
     * @param layersCheck as for {@link #check}
     * @throws dev.mino.core.MinoException when it is missing and cannot be pulled
     */
    void ensure(SandboxSpec spec, Runnable layersCheck, ProgressListener listener) {
        if (check(spec, layersCheck) == ImageAvailability.Source.LOCAL) {
            return;
        }
        String image = spec.image();
        PullProgress progress = new PullProgress(image);
        listener.step(MinoEvent.Step.PULL_IMAGE, "Pulling " + image);
        try {
            images.pull(image, line -> listener.onPullOutput(progress, line));
        } catch (PodmanException e) {
            listener.clear();
            String cause = e.podmanCause();
            String reason = cause == null || cause.isBlank() ? e.getMessage() : cause;
            throw ImageAvailability.missing(what(spec), image, progress.tried(), null, reason.strip());
        }
        known.put(image, ImageAvailability.Source.LOCAL);
    }

    private static String what(SandboxSpec spec) {
        return spec.layers().isEmpty() ? "Image " + spec.image()
            : "The base image " + spec.image() + " of the layers " + String.join(", ", spec.layers());
    }
}
