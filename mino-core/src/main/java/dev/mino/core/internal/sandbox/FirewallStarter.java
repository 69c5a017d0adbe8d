package dev.mino.core.internal.sandbox;

import dev.mino.core.ErrorCodes;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import dev.mino.network.EgressGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the firewall container of an allowlisted sandbox and waits until its rules are in place
 * (it prints {@link EgressGuard#READY_MARKER}), so that the sandbox never runs a moment without
 * them. A firewall that fails is removed and explained: a missing tool names the images that have it.
 *
 * <p>The plan names the firewall's image by its id, looked up with the facts the plan was made
 * from ({@link FirewallImages#idOf}), so that a tag moved to another image after the check does
 * not change what runs.
 */
final class FirewallStarter {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private FirewallStarter() {
    }

    /** Creates and starts the firewall; returns its container id once the rules are set. */
    static String start(PodmanClient client, SandboxPlan plan, SandboxListener listener) {
        Map<String, Object> body = plan.firewallCreateBody().orElseThrow();
        return StepTimer.run(listener, MinoEvent.Step.FIREWALL,
            "Setting up the egress firewall for " + plan.spec().network().describe(), () -> {
                String id = client.containers().create(body).id();
                try {
                    client.containers().start(id);
                    awaitReady(client, id, plan);
                    return id;
                } catch (RuntimeException | Error e) {
                    removeQuietly(client, id);
                    throw e;
                }
            });
    }

    private static void awaitReady(PodmanClient client, String id, SandboxPlan plan) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            String[] output = logs(client, id);
            if (output[0].contains(EgressGuard.READY_MARKER)) {
                return;
            }
            Optional<ContainerState> state = client.containers().inspect(id);
            if (state.isEmpty() || !state.get().running()) {
                // Read once more: the marker may have come just before the exit.
                output = logs(client, id);
                if (output[0].contains(EgressGuard.READY_MARKER)) {
                    return;
                }
                throw failure(plan, state.map(ContainerState::exitCode).orElse(-1), output[1]);
            }
            if (System.nanoTime() > deadline) {
                throw new MinoException("the egress firewall did not get ready within " + READY_TIMEOUT.toSeconds()
                    + " s; its output: " + output[1].strip(), "check that the firewall image runs /bin/sh, python3 and nft");
            }
            sleep();
        }
    }

    private static MinoException failure(SandboxPlan plan, int exitCode, String stderr) {
        String image = plan.spec().effectiveFirewallImage();
        String detail = stderr.strip();
        if (exitCode == EgressGuard.EXIT_MISSING_TOOL) {
            return new MinoException("the firewall image " + image + " cannot enforce the allowlist: " + detail,
                "use mino's firewall image (it has python3 and nft), or an image with both "
                    + "(Debian: python3-minimal and nftables) through firewallImage(...)", null,
                ErrorCodes.FIREWALL_IMAGE_MISSING_TOOL);
        }
        if (exitCode == EgressGuard.EXIT_NO_UPSTREAM) {
            return new MinoException("the allowlist names hosts, but the sandbox's network has no DNS resolver to "
                + "ask: " + detail, "check that DNS works in Podman's containers on this machine");
        }
        if (exitCode == EgressGuard.EXIT_RESOLVER_FAILED) {
            return new MinoException("the sandbox's resolver could not start: " + detail,
                "run with -v for details; the firewall image is " + image);
        }
        if (exitCode == EgressGuard.EXIT_RULES_NOT_IN_PLACE) {
            return new MinoException("the egress firewall's rules did not take effect: " + detail,
                "the firewall image's nft must work in the sandbox's network namespace (Debian's nftables "
                    + "package does); use such an image through firewallImage(...)", null,
                ErrorCodes.FIREWALL_RULES_NOT_IN_PLACE);
        }
        if (exitCode == EgressGuard.EXIT_RELAY_FAILED) {
            return new MinoException("the egress firewall could not start its relay to the credential proxy: " + detail,
                "run with -v for details; the proxy's folder must be mounted into the firewall and writable by its root");
        }
        return new MinoException("the egress firewall failed (exit " + exitCode + "): " + detail,
            "run with -v for details; the firewall image is " + image);
    }

    private static String[] logs(PodmanClient client, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (InputStream in = client.containers().logs(id, false, -1)) {
            StreamDemultiplexer.copy(in, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the firewall's output failed", e);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    static void removeQuietly(PodmanClient client, String id) {
        try {
            client.containers().remove(id, true);
        } catch (MinoException e) {
            System.getLogger(FirewallStarter.class.getName()).log(System.Logger.Level.WARNING,
                "could not remove firewall container " + id + ": " + e.describe());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MinoException("interrupted while setting up the firewall", "");
        }
    }
}
