package dev.mino.core.testing;

import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.internal.sandbox.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * What Podman holds of one session, found by the session's label: for tests that check that a
 * sandbox left nothing behind, and for their clean-up, which must remove only what the test made
 * (other tests share the engine).
 */
public final class SessionObjects {
    private SessionObjects() {
    }

    /** The session's containers, running or not (the sandbox, and an allowlist's firewall). */
    public static List<ContainerSummary> containers(PodmanClient podman, String session) {
        return podman.containers().list(new Filters().label(Labels.SESSION, session), true);
    }

    /**
     * The names of the session's secrets. Podman 4.3 lists secrets without their labels and has no
     * label filter for them, so each of mino's is inspected.
     */
    public static List<String> secrets(PodmanClient podman, String session) {
        return podman.secrets().list(null).stream().map(SecretsApi.Secret::name)
            .filter(n -> n != null && n.startsWith("mino-"))
            .filter(n -> podman.secrets().inspect(n).map(s -> session.equals(s.labels().get(Labels.SESSION)))
                .orElse(false))
            .toList();
    }

    /** Everything of the session, in words ({@code container [...]}, {@code secret ...}, {@code volume ...}); empty when none. */
    public static List<String> left(PodmanClient podman, String session) {
        List<String> left = new ArrayList<>();
        containers(podman, session).forEach(c -> left.add("container " + c.names()));
        secrets(podman, session).forEach(n -> left.add("secret " + n));
        podman.volumes().list(new Filters().label(Labels.SESSION, session))
            .forEach(v -> left.add("volume " + v.name()));
        return left;
    }

    /** Removes the session's containers, forcibly. */
    public static void removeContainers(PodmanClient podman, String session) {
        containers(podman, session).forEach(c -> podman.containers().remove(c.id(), true));
    }

    /** Removes the session's containers, then its secrets (Podman keeps a secret a container refers to). */
    public static void remove(PodmanClient podman, String session) {
        removeContainers(podman, session);
        secrets(podman, session).forEach(n -> podman.secrets().remove(n));
    }
}
