package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Podman service stops while a sandbox runs and comes back: the handle reports a clear error
 * meanwhile, and close() cleans up once the service is back. The test runs a second service of
 * its own (same user and storage as the test service, another socket), so that stopping it
 * disturbs nothing else; starting it as the test user needs root, as in CI.
 */
@RequiresPodman
@Timeout(300)
class ServiceRestartIT {

    private static Process startService(String user, long uid, Path socket) throws IOException, InterruptedException {
        // A clean environment: with CONTAINER_HOST inherited, podman would act as a remote client.
        Process service = new ProcessBuilder("runuser", "-u", user, "--", "env", "-i", "HOME=" + homeOf(user),
            "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "XDG_RUNTIME_DIR=/run/user/" + uid,
            "podman", "system", "service", "--time=0", "unix://" + socket)
            .directory(new java.io.File("/")).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitUntil(socket, true);
        return service;
    }

    private static String homeOf(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().map(line -> line.split(":"))
            .filter(fields -> fields.length > 5 && fields[0].equals(user)).map(fields -> fields[5]).findFirst()
            .orElse("/home/" + user);
    }

    private static void stopService(Process service, Path socket) throws IOException, InterruptedException {
        service.destroy();
        assertTrue(service.waitFor(30, TimeUnit.SECONDS), "the service stopped");
        Files.deleteIfExists(socket);
        waitUntil(socket, false);
    }

    @Test
    void aStoppedServiceIsAClearErrorAndCloseCleansUpOnceItIsBack() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "starting a service as the test user needs root");
        assumeTrue(TestPodman.address() instanceof EngineAddress.Unix, "the test service is on a Unix socket");
        Path testSocket = ((EngineAddress.Unix) TestPodman.address()).socket();
        String user = Files.getOwner(testSocket.getParent()).getName();
        long uid = ((Number) Files.getAttribute(testSocket.getParent(), "unix:uid")).longValue();
        Path socket = testSocket.resolveSibling("mino-it-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
        String engine = "unix://" + socket;

        Path project = TestDirectories.create("mino-it-project");
        Path state = TestDirectories.create("mino-it-state");
        Process service = startService(user, uid, socket);
        Sandbox sb = Sandbox.builder().engine(engine).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).command("sleep", "300").start();
        String id = sb.containerId();
        try {
            stopService(service, socket);
            PodmanConnectionException down = assertThrows(PodmanConnectionException.class, () -> sb.exec("true"));
            assertTrue(down.getMessage().contains(engine), down.getMessage());
            assertThrows(MinoException.class, sb::close, "close cannot clean up without Podman");
        } finally {
            service = startService(user, uid, socket);
        }
        try {
            sb.close();
            try (PodmanClient podman = TestPodman.newClient()) {
                assertFalse(podman.containers().exists(id), "close removed the container once Podman was back");
            }
            sb.close();
            assertEquals("stopped", new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(state.resolve("sessions").resolve(sb.sessionName() + ".json").toFile()).get("status")
                .asText());
        } finally {
            stopService(service, socket);
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }

    private static void waitUntil(Path socket, boolean answering) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean up;
            try (PodmanClient client = PodmanClient.create(new EngineAddress.Unix(socket), Duration.ofSeconds(2))) {
                client.ping();
                up = true;
            } catch (MinoException e) {
                up = false;
            }
            if (up == answering) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service on " + socket + " did not become " + (answering ? "reachable"
            : "unreachable") + List.of());
    }
}
