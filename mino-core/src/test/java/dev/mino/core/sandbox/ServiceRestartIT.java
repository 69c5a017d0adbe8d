package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * meanwhile, and close() cleans up once the service is back; what a JVM killed while the service
 * was down left behind, the next start on that service sweeps. Each test runs a second service of
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

    /** The test service's user and a fresh socket beside its own, for a second service. */
    private record SecondService(String user, long uid, Path socket) {
        static SecondService beside(EngineAddress testService) throws IOException {
            Prerequisites.requireRoot("starting a service as the test user needs root");
            Prerequisites.require(testService instanceof EngineAddress.Unix, "the test service on a Unix socket");
            Path testSocket = ((EngineAddress.Unix) testService).socket();
            return new SecondService(Files.getOwner(testSocket.getParent()).getName(),
                ((Number) Files.getAttribute(testSocket.getParent(), "unix:uid")).longValue(),
                testSocket.resolveSibling("mino-it-" + UUID.randomUUID().toString().substring(0, 8) + ".sock"));
        }

        Process start() throws IOException, InterruptedException {
            return startService(user, uid, socket);
        }

        String engine() {
            return "unix://" + socket;
        }
    }

    @Test
    void aStoppedServiceIsAClearErrorAndCloseCleansUpOnceItIsBack() throws Exception {
        SecondService second = SecondService.beside(TestPodman.address());
        String user = second.user();
        long uid = second.uid();
        Path socket = second.socket();
        String engine = second.engine();

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
            assertEquals("stopped", sessionStatus(state, sb.sessionName()));
        } finally {
            stopService(service, socket);
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }

    /**
     * The command ends while the service is down; once the service is back, the handle still
     * learns its exit code (the watcher keeps looking through the outage instead of giving up).
     */
    @Test
    void anExitDuringAnOutageIsReportedOnceTheServiceIsBack() throws Exception {
        SecondService second = SecondService.beside(TestPodman.address());
        Path project = TestDirectories.create("mino-it-project");
        Path state = TestDirectories.create("mino-it-state");
        Process service = startService(second.user(), second.uid(), second.socket());
        try (Sandbox sb = Sandbox.builder().engine(second.engine()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).command("sh", "-c", "sleep 4; exit 7").start()) {
            try {
                stopService(service, second.socket());
                // Longer than the command has left: it exits while nothing answers.
                Thread.sleep(6000);
                assertTrue(sb.exitCode().isEmpty(), "no exit code can be known while the service is down");
            } finally {
                service = startService(second.user(), second.uid(), second.socket());
            }
            assertEquals(7, sb.awaitExit(Duration.ofSeconds(60)));
        } finally {
            stopService(service, second.socket());
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }

    /**
     * A JVM whose sandbox runs on the second service is SIGKILLed while that service is down, so
     * nothing of its could be cleaned; once the service is back, this JVM's first start on it (and
     * on the same state directory) removes the dead JVM's container and secret and fails its session.
     */
    @Test
    void aStartAfterTheServiceIsBackSweepsWhatAJvmKilledWhileItWasDownLeft() throws Exception {
        SecondService second = SecondService.beside(TestPodman.address());
        Path project = TestDirectories.create("mino-it-project");
        Path state = TestDirectories.create("mino-it-state");
        String session = "svcdown" + Long.toHexString(System.nanoTime());
        Process service = second.start();
        Process owner = null;
        try (PodmanClient podman = TestPodman.newClient()) {
            // The child's sandbox asks for a credential, so that Podman holds a secret of the dead JVM's.
            owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OwnerProcessMain.class.getName(), "wait", second.engine(),
                TestPodman.BUSYBOX_IMAGE, project.toString(), state.toString(), session,
                "DOWN-SECRET-" + UUID.randomUUID(), "sleep", "600")
                .redirectError(state.resolve("owner-stderr.txt").toFile()).start();
            String line = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
            assertTrue(line != null && line.startsWith("STARTED "), "child said: " + line + "\n"
                + Files.readString(state.resolve("owner-stderr.txt")));
            String containerId = line.substring("STARTED ".length());
            assertEquals(1, secretsOf(podman, session).size(), "the credential's secret exists");

            stopService(service, second.socket());
            owner.destroyForcibly();
            assertTrue(owner.waitFor(30, TimeUnit.SECONDS), "the killed JVM ended");
            assertEquals(128 + 9, owner.exitValue(), "the JVM died of SIGKILL, so no shutdown hook ran");
            // The test service shares the second one's storage: what the dead JVM left is still there.
            assertTrue(podman.containers().exists(containerId), "nothing could remove the container");
            assertEquals(1, secretsOf(podman, session).size(), "nothing could remove the secret");
            assertEquals("running", sessionStatus(state, session));

            service = second.start();
            try (Sandbox next = Sandbox.builder().engine(second.engine()).image(TestPodman.BUSYBOX_IMAGE)
                .project(project).stateDirectory(state).command("true").start()) {
                assertEquals(0, next.awaitExit(Duration.ofSeconds(60)));
            }
            assertFalse(podman.containers().exists(containerId), "the start swept the dead JVM's container");
            assertEquals(List.of(), secretsOf(podman, session), "the start swept the dead JVM's secret");
            JsonNode record = new ObjectMapper().readTree(state.resolve("sessions").resolve(session + ".json")
                .toFile());
            assertEquals("failed", record.get("status").asText(), record.toString());
            assertTrue(record.get("error").asText().contains("owner process " + owner.pid()
                + " ended without closing it"), record.toString());
        } finally {
            if (owner != null) {
                owner.destroyForcibly();
            }
            try (PodmanClient podman = TestPodman.newClient()) {
                podman.containers().list(new Filters().label("dev.mino.session", session), true)
                    .forEach(c -> podman.containers().remove(c.id(), true));
                secretsOf(podman, session).forEach(n -> podman.secrets().remove(n));
            }
            stopService(service, second.socket());
            TestDirectories.delete(project);
            TestDirectories.delete(state);
        }
    }

    private static String sessionStatus(Path state, String session) throws IOException {
        return new ObjectMapper().readTree(state.resolve("sessions").resolve(session + ".json").toFile())
            .get("status").asText();
    }

    /** The secrets labelled as {@code session}'s (Podman 4.3 lists no labels: each is inspected). */
    private static List<String> secretsOf(PodmanClient podman, String session) {
        return podman.secrets().list(null).stream().map(SecretsApi.Secret::name)
            .filter(n -> n != null && n.startsWith("mino-"))
            .filter(n -> podman.secrets().inspect(n).map(s -> session.equals(s.labels().get("dev.mino.session")))
                .orElse(false))
            .toList();
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
