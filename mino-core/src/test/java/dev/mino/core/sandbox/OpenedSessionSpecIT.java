package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.FirewallImage;
import dev.mino.core.ResourceLimits;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxSpec;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestFirewallImage;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkMode;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Sandbox#spec()} of a handle opened on a running session ({@link Sessions#open}) is the
 * spec the sandbox was started with: env, mounts, network, limits, labels, user, read-only root.
 */
@RequiresPodman
@Timeout(240)
class OpenedSessionSpecIT extends SandboxFolders {

    private SandboxBuilder builder(String name) {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).sshAgent(false).name(name).command("sleep", "120");
    }

    private Sandbox open(String name) {
        return Sessions.at(state).engine(TestPodman.address().uri()).open(name);
    }

    @Test
    void anOpenedSessionTellsTheSpecItWasStartedWithAndItsRecordHoldsNoEnvValue() throws IOException {
        String secret = "sk-" + UUID.randomUUID();
        Path data = TestDirectories.create("mino-it-opened-data");
        String name = "opened-" + UUID.randomUUID().toString().substring(0, 8);
        try (Sandbox started = builder(name).env("API_KEY", secret).env("MODE", "test")
            .readOnlyVolume(data.toString(), "/data").readOnly(true).network(NetworkPolicy.none())
            .memoryLimit("256m").cpus(1.5).pidsLimit(200).label("team", "a").user("1000:1000").start()) {
            SandboxSpec asStarted = started.spec();
            // The control: the spec holds what an engine-blind guess would miss, so equality means something.
            assertEquals(secret, asStarted.env().get("API_KEY"));
            assertEquals(NetworkMode.NONE, asStarted.network().mode());
            assertEquals(new ResourceLimits(256L * 1024 * 1024, 1.5, 200), asStarted.limits());
            assertEquals(1, asStarted.mounts().size());

            SandboxSpec opened = open(name).spec();
            assertEquals(asStarted, opened, "started: " + asStarted + "\nopened:  " + opened);
            assertEquals(secret, opened.env().get("API_KEY"), "the value read from the container");

            // The session record names the variable but never keeps its value.
            try (Stream<Path> files = Files.walk(state)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(secret),
                        file + " holds the env value");
                }
            }
            assertTrue(Files.readString(state.resolve("sessions").resolve(name + ".json")).contains("API_KEY"));
        } finally {
            TestDirectories.delete(data);
        }
    }

    @Test
    void anAllowlistIsToldWithItsRulesAlsoFromARecordThatKeptNoSpec() throws IOException {
        FirewallImage.Pinned pinned = TestFirewallImage.pin(state);
        String name = "opened-" + UUID.randomUUID().toString().substring(0, 8);
        NetworkPolicy allowlist = NetworkPolicy.allow("example.com:443", "10.9.8.0/24:8080");
        try (Sandbox started = builder(name).network(allowlist).env("MODE", "allow").start()) {
            assertEquals(started.spec(), open(name).spec());
            assertEquals(allowlist, open(name).spec().network());

            // A record written before specs were kept: the rules are read from the running egress guard.
            Path record = state.resolve("sessions").resolve(name + ".json");
            ObjectMapper json = new ObjectMapper();
            ObjectNode object = (ObjectNode) json.readTree(record.toFile());
            assertTrue(object.has("sandbox"), object.toString());
            object.remove("sandbox");
            Files.writeString(record, json.writerWithDefaultPrettyPrinter().writeValueAsString(object));
            SandboxSpec guessed = open(name).spec();
            assertEquals(allowlist.rules(), guessed.network().rules());
            assertEquals("allow", guessed.env().get("MODE"), "the container's env, the image's too");
            assertNotEquals(started.spec(), guessed, "the control: without the record less is known");
        } finally {
            try (PodmanClient podman = TestPodman.newClient()) {
                TestFirewallImage.remove(podman, pinned);
            }
        }
    }
}
