package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.internal.podman.PodmanClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network namespace a build with project layers runs in for a bridge session: a namespace of
 * its own with egress, like the session's (slirp4netns on a rootless engine, Podman's bridge on
 * a rootful one), held open by an idle container while the build joins it. Without it the build
 * would run in the engine's own namespace, which on a rootless engine is the host's: the install
 * script of a layer the sandbox wrote could reach every service on the host's loopback and its
 * abstract sockets, which the sandbox itself cannot. A build given a namespace of its own by
 * Podman 4.3 is no better: its slirp4netns lets {@code 10.0.2.2} reach the host's loopback.
 *
 * <p>The container runs the build's base image (which has a shell, since layers install with
 * one), with no capabilities, and carries Mino's owner labels, so that a sweep removes it when
 * the JVM died during the build.
 */
final class BuildNetworkHolder implements AutoCloseable {
    private static final String IDLE = "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done";

    private final PodmanClient client;
    private final String id;
    private final String namespace;

    private BuildNetworkHolder(PodmanClient client, String id, String namespace) {
        this.client = client;
        this.id = id;
        this.namespace = namespace;
    }

    /** Starts a holder from {@code image} for a build by {@code owner}. */
    static BuildNetworkHolder start(PodmanClient client, String image, Owner owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.ROLE, Labels.ROLE_BUILD_NETWORK);
        owner.addTo(labels);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", image);
        body.put("entrypoint", List.of("/bin/sh", "-c"));
        body.put("command", List.of(IDLE));
        body.put("labels", labels);
        body.put("cap_drop", List.of("ALL"));
        body.put("no_new_privileges", true);
        body.put("netns", Map.of("nsmode", "private"));
        String id = client.containers().create(body).id();
        try {
            client.containers().start(id);
            long pid = client.containers().inspect(id)
                .map(state -> state.raw().path("State").path("Pid").asLong(0)).orElse(0L);
            if (pid <= 0) {
                throw new MinoException("the network for the image build could not be set up: its holder "
                    + "container from " + image + " is not running",
                    "check that the base image has /bin/sh and sleep, or build in a session with network none");
            }
            return new BuildNetworkHolder(client, id, "/proc/" + pid + "/ns/net");
        } catch (RuntimeException e) {
            FirewallStarter.removeQuietly(client, id);
            throw e;
        }
    }

    /** The namespace's path, as the engine sees it. */
    String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        FirewallStarter.removeQuietly(client, id);
    }
}
