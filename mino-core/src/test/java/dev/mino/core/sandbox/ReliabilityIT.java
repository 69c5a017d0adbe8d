package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.CacheGcResult;
import dev.mino.core.Caches;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.internal.podman.VolumesApi;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The promises under load and against the host: no leaks, no secrets in files, no way out. */
@RequiresPodman
@Timeout(600)
class ReliabilityIT extends SandboxFolders {
    private static PodmanClient podman;
    /** Volumes a failed test may have left: removed after each test, so that others' runs are not bothered. */
    private final List<String> volumesToRemove = new ArrayList<>();

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @AfterEach
    void removeFolders() {
        volumesToRemove.forEach(v -> podman.volumes().remove(v, true));
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * A credential with an expiry, as the cloud providers issue them: it is cached in
     * {@code <state>/credentials}, so the scan below sees every file the library writes for it.
     */
    private static final class ExpiringProvider implements CredentialProvider {
        private final String cacheKey;
        private final Map<String, String> secrets;

        ExpiringProvider(String cacheKey, Map<String, String> secrets) {
            this.cacheKey = cacheKey;
            this.secrets = secrets;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public String cacheKey() {
            return cacheKey;
        }

        @Override
        public IssuedCredential issue() {
            return new IssuedCredential("fixed", secrets, Map.of(), Instant.now().plus(Duration.ofHours(1)));
        }
    }

    /** The first 12 hex digits of the SHA-256 of {@code bytes}, as cache and home volume names use them. */
    private static String hash12(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
    }

    /** The containers of this run's sessions (sandboxes and firewalls), running or not. */
    private static List<ContainerSummary> containersOfRun(String prefix) {
        return podman.containers().list(new Filters().label("dev.mino.managed", "true"), true).stream()
            .filter(c -> c.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)).toList();
    }

    /** The secrets of this run's sessions (Podman 4.3 lists no labels: each is inspected). */
    private static List<String> secretsOfRun(String prefix) {
        return podman.secrets().list(null).stream().map(SecretsApi.Secret::name)
            .filter(n -> n != null && n.startsWith("mino-")).filter(n -> podman.secrets().inspect(n)
                .map(s -> s.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)).orElse(false))
            .toList();
    }

    /** Mino's volumes of this run: those {@code named}, and any home volume of its project (by its label). */
    private List<String> volumesOfRun(Set<String> named) {
        return podman.volumes().list(new Filters().label("dev.mino.managed", "true")).stream()
            .filter(v -> named.contains(v.name()) || project.toString().equals(v.labels().get("io.mino.home.project")))
            .map(VolumesApi.Volume::name).sorted().toList();
    }

    /**
     * Every sandbox has a cache volume (the project has a lockfile), a home volume and a
     * credential with an expiry; one per round also has an allowlist, so a firewall container.
     * While each sandbox exists, {@code podman inspect} of every container of its session is
     * taken. Caches and home volumes are made to outlive sandboxes: after each round exactly the
     * project's one cache and one home volume exist, and the public gc removes them at the end.
     */
    @Test
    void thirtyTwoConcurrentSandboxesThreeTimesLeakNothing() throws Exception {
        String prefix = "load" + Long.toHexString(System.nanoTime());
        String secret = "LOAD-SECRET-" + UUID.randomUUID();
        byte[] lockfile = ("{\"lockfileVersion\":3,\"name\":\"" + prefix + "\"}").getBytes(StandardCharsets.UTF_8);
        Files.write(project.resolve("package-lock.json"), lockfile);
        String cacheVolume = "mino-cache-npm-" + hash12(lockfile) + "-"
            + hash12(project.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
        String homeVolume = "mino-home-" + hash12(project.toString().getBytes(StandardCharsets.UTF_8));
        Set<String> expectedVolumes = Set.of(cacheVolume, homeVolume);
        volumesToRemove.addAll(expectedVolumes);
        Set<String> mounted = ConcurrentHashMap.newKeySet();
        Map<String, String> inspected = new ConcurrentHashMap<>();
        long fdsBefore = 0;
        for (int round = 0; round < 3; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    String name = prefix + "-" + round + "-" + i;
                    boolean firewalled = i == 0;
                    runs.add(pool.submit(() -> {
                        SandboxBuilder builder = Sandbox.builder().engine(TestPodman.address().uri())
                            .image(TestPodman.BUSYBOX_IMAGE).project(project).stateDirectory(state).name(name)
                            .home(true).credentials(new ExpiringProvider(prefix, Map.of("LOAD_TOKEN", secret)))
                            .command("sleep", "300");
                        if (firewalled) {
                            // A documentation address: allowed, never contacted.
                            builder.firewallImage(TestPodman.DEBIAN_IMAGE).network(NetworkPolicy.allow("192.0.2.7:443"));
                        }
                        try (Sandbox sb = builder.start()) {
                            ExecResult r = sb.exec("sh", "-c", "test \"$LOAD_TOKEN\" = '" + secret + "' && echo ok");
                            assertEquals("ok\n", r.stdout(), r.stderr());
                            for (ContainerSummary c : podman.containers().list(new Filters()
                                .label("dev.mino.session", name), true)) {
                                JsonNode raw = podman.containers().inspect(c.id()).orElseThrow().raw();
                                inspected.put(c.id(), c.labels().getOrDefault("dev.mino.role", "sandbox") + " "
                                    + raw);
                                raw.path("Mounts").forEach(m -> {
                                    if ("volume".equals(m.path("Type").asText())) {
                                        mounted.add(m.path("Name").asText());
                                    }
                                });
                            }
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
            assertEquals(List.of(), containersOfRun(prefix), "round " + round + " left containers");
            assertEquals(List.of(), secretsOfRun(prefix), "round " + round + " left secrets");
            assertEquals(expectedVolumes, mounted, "the sandboxes mount the project's cache and home and nothing else");
            assertEquals(expectedVolumes.stream().sorted().toList(), volumesOfRun(expectedVolumes),
                "round " + round + ": exactly the project's cache and home volume are kept, once each");
            if (round == 0) {
                fdsBefore = openFileDescriptors();
            } else {
                long fds = openFileDescriptors();
                assertTrue(fds <= fdsBefore + 16, "file descriptors grew from " + fdsBefore + " to " + fds);
            }
        }
        assertEquals(3 * 33, inspected.size(), "every container of the run, 96 sandboxes and 3 firewalls, inspected");
        assertEquals(3, inspected.values().stream().filter(v -> v.startsWith("firewall ")).count());
        inspected.forEach((id, inspect) -> assertFalse(inspect.contains(secret),
            "podman inspect of " + inspect.substring(0, inspect.indexOf(' ')) + " container " + id
                + " shows the credential"));

        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> records = Files.list(state.resolve("sessions"))) {
            List<Path> all = records.toList();
            assertEquals(96, all.size(), "one record per session, no temp files left");
            for (Path record : all) {
                assertEquals("stopped", json.readTree(record.toFile()).get("status").asText(), record.toString());
            }
        }
        assertTrue(Files.isRegularFile(state.resolve("audit.log")), "the audit log is part of the scan");
        assertTrue(Files.isRegularFile(state.resolve("cache").resolve(cacheVolume + ".json")),
            "the cache's sidecar is part of the scan");
        assertNoFileHolds(secret);

        // The project is gone: its cache and home volume are orphans, which gc removes. Not clear():
        // it removes every cache and home volume on the engine, also those of others' tests.
        TestDirectories.delete(project);
        CacheGcResult gc = Caches.at(state).engine(TestPodman.address().uri()).gc(Duration.ZERO, 0, false);
        assertTrue(gc.caches().stream().anyMatch(r -> r.volume().equals(cacheVolume) && r.reason() == dev.mino.core.CacheGcResult.Reason.ORPHANED),
            gc.toString());
        assertTrue(gc.homeVolumes().contains(homeVolume), gc.toString());
        assertEquals(List.of(), volumesOfRun(expectedVolumes), "no volume of the run is left");
        assertEquals(List.of(), podman.volumes().list(new Filters().label("io.mino.home.project", project.toString())),
            "label count 0: no home volume of the project");
        assertEquals(List.of(), podman.volumes().list(new Filters().label("io.mino.cache.hash", hash12(lockfile))),
            "label count 0: no cache volume of the lockfile");
        assertFalse(Files.exists(state.resolve("cache").resolve(cacheVolume + ".json")), "gc removed the sidecar");
    }

    /**
     * No file the library wrote under the state directory (session records, audit log, cache
     * sidecars, credential cache) holds the credential: the credential cache keeps the minted
     * token sealed with a key kept elsewhere, and is readable by its owner only besides.
     */
    private void assertNoFileHolds(String secret) throws IOException {
        Path credentials = state.resolve("credentials");
        List<Path> scanned;
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(state)) {
            scanned = files.filter(Files::isRegularFile).toList();
        }
        for (Path file : scanned) {
            if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret)) {
                holding.add(file);
            }
        }
        assertTrue(scanned.size() > 96, "records, audit log, sidecar and credential cache scanned: " + scanned);
        List<Path> cached;
        try (Stream<Path> files = Files.list(credentials)) {
            cached = files.toList();
        }
        assertEquals(1, cached.size(), "one credential, cached once: " + cached);
        assertEquals(List.of(), holding, "no file holds the credential");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(credentials));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(cached.get(0)));
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
