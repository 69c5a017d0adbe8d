package dev.mino.cli.images;

import dev.mino.core.MinoException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where an image can come from before a run uses it: the engine has it, a registry that answers
 * has it, or nothing can provide it. Decided with the engine's own look-up and a
 * {@link RegistryProbe}, both given, so that the decision is tested without either. Only images
 * that can be had are offered, and a missing one gets an error that says what to run.
 */
public final class ImageAvailability {
    /** How an image can be had. */
    public enum Source {
        /** The engine has it. */
        LOCAL,
        /** Its registry answers: a pull can fetch it. */
        REGISTRY,
        /** A short name, resolved by the engine's own registry settings: only a pull can tell. */
        UNKNOWN,
        /** Its registry does not answer. */
        UNREACHABLE,
        /** A {@code localhost/} name: made on a machine, never pulled. */
        NOWHERE;

        /** Whether a run may count on the image: it is there, or a pull may fetch it. */
        public boolean usable() {
            return this != UNREACHABLE && this != NOWHERE;
        }
    }

    private final Predicate<String> exists;
    private final Predicate<String> answers;

    /**
     * @param exists whether the engine has an image
     * @param answers whether a registry (a host, with a port or not) answers
     */
    public ImageAvailability(Predicate<String> exists, Predicate<String> answers) {
        this.exists = exists;
        this.answers = answers;
    }

    /** Where {@code reference} can come from; the registry is asked only when the engine lacks the image. */
    public Source of(String reference) {
        if (exists.test(reference)) {
            return Source.LOCAL;
        }
        Optional<String> registry = RegistryProbe.registryOf(reference);
        if (registry.isEmpty()) {
            return Source.UNKNOWN;
        }
        if (RegistryProbe.isLocal(registry.get())) {
            return Source.NOWHERE;
        }
        return answers.test(registry.get()) ? Source.REGISTRY : Source.UNREACHABLE;
    }

    /**
     * The error for an image that is missing and cannot be had: what is wrong, and what to run.
     *
     * @param what how to name the image, for example {@code "Image ghcr.io/x:1"}
     * @param reference the image
     * @param source why it cannot be had ({@link Source#UNREACHABLE} or {@link Source#NOWHERE}),
     *     or null when a pull was tried and failed
     * @param reason the engine's reason for a failed pull, or null
     */
    public static MinoException missing(String what, String reference, Source source, String reason) {
        return missing(what, reference, reference, source, reason);
    }

    /**
     * {@link #missing(String, String, Source, String)} for a pull that tried {@code tried}: the
     * registry a short name resolved to is the one to wait for.
     */
    public static MinoException missing(String what, String reference, String tried, Source source, String reason) {
        String registry = RegistryProbe.registryOf(tried).orElse("its registry");
        String setup = "run 'mino setup' (where no registry answers, it makes " + LocalImage.NAME
            + " and records it as container.image)";
        if (source == Source.NOWHERE) {
            return new MinoException(what + " is not on the engine, and it cannot be pulled: a localhost/ image is "
                + "made on a machine, not fetched", reference.equals(LocalImage.NAME)
                ? "run 'mino setup' to make it again"
                : "build it again, or " + setup + ", or 'podman pull IMAGE' another image and pass it with --image");
        }
        String why = source == Source.UNREACHABLE ? "it cannot be pulled: " + registry + " does not answer"
            : "pulling it failed: " + reason;
        return new MinoException(what + " is not on the engine, and " + why,
            setup + ", or 'podman pull " + reference + "' once " + registry + " answers");
    }
}
