package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Podman service stops while a sandbox runs and comes back: the handle reports a clear error
 * meanwhile, and close() cleans up once the service is back. Needs the service this project's
 * scripts/test-podman.sh manages (as in CI, where the tests run as root).
 */
@RequiresPodman
@Timeout(300)
class ServiceRestartIT {

    private static Path script() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/test-podman.sh"))) {
            dir = dir.getParent();
        }
        return dir == null ? null : dir.resolve("scripts/test-podman.sh");
    }

    private static void runScript(Path script, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", script.toString()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(240, TimeUnit.SECONDS), "test-podman.sh finished");
        assertEquals(0, process.exitValue(), "test-podman.sh " + String.join(" ", args));
    }

    @Test
    void aStoppedServiceIsAClearErrorAndCloseCleansUpOnceItIsBack() throws Exception {
        Path script = script();
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(script != null && root, "needs root and scripts/test-podman.sh, which manage the test service");
        Path project = TestDirectories.create("mino-it-project");
        Path state = TestDirectories.create("mino-it-state");
        Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("sleep", "300").start();
        String id = sb.containerId();
        try {
            runScript(script, "--stop");
            waitUntil(false);
            PodmanConnectionException down = assertThrows(PodmanConnectionException.class, () -> sb.exec("true"));
            assertTrue(down.getMessage().contains(TestPodman.address().uri()), down.getMessage());
            assertThrows(MinoException.class, sb::close, "close cannot clean up without Podman");
        } finally {
            runScript(script);
            waitUntil(true);
        }
        sb.close();
        try (PodmanClient podman = TestPodman.newClient()) {
            assertFalse(podman.containers().exists(id), "close removed the container once Podman was back");
        }
        sb.close();
        assertEquals("stopped", new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(state.resolve("sessions").resolve(sb.sessionName() + ".json").toFile()).get("status").asText());
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    private static void waitUntil(boolean answering) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (PodmanClient client = PodmanClient.create(TestPodman.address(), Duration.ofSeconds(2))) {
                client.ping();
                if (answering) {
                    return;
                }
            } catch (MinoException e) {
                if (!answering) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Podman did not become " + (answering ? "reachable" : "unreachable"));
    }
}
