package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The promises under load and against the host: no leaks, no secrets in files, no way out. */
@RequiresPodman
@Timeout(600)
class ReliabilityIT {
    private static PodmanClient podman;
    private Path project;
    private Path state;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void folders() {
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static final class FixedProvider implements CredentialProvider {
        private final Map<String, String> secrets;

        FixedProvider(Map<String, String> secrets) {
            this.secrets = secrets;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public String cacheKey() {
            return UUID.randomUUID().toString();
        }

        @Override
        public IssuedCredential issue() {
            // No expiry: never cached, so no file of the library's holds the value.
            return new IssuedCredential("fixed", secrets, Map.of(), null);
        }
    }

    @Test
    void thirtyTwoConcurrentSandboxesThreeTimesLeakNothing() throws Exception {
        String prefix = "load" + Long.toHexString(System.nanoTime());
        String secret = "LOAD-SECRET-" + UUID.randomUUID();
        long fdsBefore = 0;
        for (int round = 0; round < 3; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    String name = prefix + "-" + round + "-" + i;
                    runs.add(pool.submit(() -> {
                        try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri())
                            .image(TestPodman.BUSYBOX_IMAGE).project(project).stateDirectory(state).name(name)
                            .credentials(new FixedProvider(Map.of("LOAD_TOKEN", secret)))
                            .command("sleep", "300").start()) {
                            ExecResult r = sb.exec("sh", "-c", "test \"$LOAD_TOKEN\" = '" + secret + "' && echo ok");
                            assertEquals("ok\n", r.stdout(), r.stderr());
                            return r.exitCode();
                        }
                    }));
                }
                for (Future<Integer> run : runs) {
                    assertEquals(0, run.get(300, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            }
            List<ContainerSummary> left = podman.containers().list(new Filters().label("dev.mino.managed", "true"), true)
                .stream().filter(c -> c.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)).toList();
            assertEquals(List.of(), left, "round " + round + " left containers");
            List<String> secretsLeft = podman.secrets().list(null).stream().map(SecretsApi.Secret::name)
                .filter(n -> n != null && n.startsWith("mino-")).filter(n -> podman.secrets().inspect(n)
                    .map(s -> s.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)).orElse(false))
                .toList();
            assertEquals(List.of(), secretsLeft, "round " + round + " left secrets");
            if (round == 0) {
                fdsBefore = openFileDescriptors();
            } else {
                long fds = openFileDescriptors();
                assertTrue(fds <= fdsBefore + 16, "file descriptors grew from " + fdsBefore + " to " + fds);
            }
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> records = Files.list(state.resolve("sessions"))) {
            List<Path> all = records.toList();
            assertEquals(96, all.size(), "one record per session, no temp files left");
            for (Path record : all) {
                assertEquals("stopped", json.readTree(record.toFile()).get("status").asText(), record.toString());
            }
        }
        assertNoFileContains(state, secret);
    }

    private static void assertNoFileContains(Path root, String value) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains(value), file + " holds a credential value");
            }
        }
    }

    @Test
    void theSandboxCannotReachThePodmanSocketTheHostsHomeOrTheStateDirectory() throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        Path marker = home.resolve(".mino-it-marker-" + UUID.randomUUID());
        Files.writeString(marker, "host-only");
        try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("sleep", "300").start()) {
            String socket = ((dev.mino.core.internal.podman.EngineAddress.Unix) TestPodman.address()).socket()
                .toString();
            ExecResult check = sb.exec("sh", "-c", "ls -d " + socket + " " + socket.replace("/podman.sock", "")
                + " /run/podman/podman.sock " + state + " " + marker + " 2>&1; "
                + "find / -xdev -name '" + marker.getFileName() + "' 2>/dev/null; "
                + "grep -c ' " + home + " ' /proc/mounts");
            assertFalse(check.stdout().contains("host-only"));
            for (String line : check.stdout().strip().split("\n")) {
                if (line.startsWith("ls:")) {
                    assertTrue(line.contains("No such file or directory"), line);
                } else {
                    assertEquals("0", line.strip(), "nothing of the host's is visible: " + check.stdout());
                }
            }
            assertNotEquals(0, sb.exec("cat", marker.toString()).exitCode());
            assertNotEquals(0, sb.exec("ls", state.toString()).exitCode());
        } finally {
            Files.deleteIfExists(marker);
        }
    }
}
