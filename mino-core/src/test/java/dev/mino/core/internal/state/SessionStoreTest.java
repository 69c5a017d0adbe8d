package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.MinoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-24T09:00:00Z");

    @TempDir
    Path root;

    private MinoPaths paths;
    private SessionStore store;

    @BeforeEach
    void setUp() {
        paths = MinoPaths.under(root);
        store = new SessionStore(paths);
    }

    private static SessionRecord session(String name, Instant createdAt) {
        return SessionRecord.starting(name, Path.of("/work/project"), List.of("claude"), "mino-base", null, false,
            createdAt);
    }

    @Test
    void createsAPrivateFileThatReadsBack() throws Exception {
        SessionRecord record = store.create(session("demo", T0));
        Path file = paths.sessionsDir().resolve("demo.json");
        assertEquals(file, store.fileOf("demo"));
        assertTrue(Files.isRegularFile(file));
        assertEquals(record, store.find("demo").orElseThrow());
        assertEquals(List.of("demo.json"), fileNames());
        if (PrivateFiles.supportsPosix(root)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.sessionsDir())));
        }
    }

    @Test
    void secondCreateOfTheSameNameFails() throws Exception {
        SessionRecord first = store.create(session("demo", T0));
        MinoException e = assertThrows(MinoException.class, () -> store.create(session("demo", T0)));
        assertEquals("Session already exists: demo", e.getMessage());
        assertFalse(e.hint().isEmpty());
        assertEquals(first, store.find("demo").orElseThrow());
        assertEquals(List.of("demo.json"), fileNames());
    }

    @Test
    void createRejectsInvalidNamesAndRelativeProjects() {
        SessionRecord valid = session("demo", T0);
        SessionRecord badName = new SessionRecord(valid.id(), "a.b", valid.projectDir(), valid.command(), null,
            valid.status(), T0, T0, List.of(), null, "img", null, "host", 1, null, false, null);
        SessionRecord relative = new SessionRecord(valid.id(), "demo", "project", valid.command(), null,
            valid.status(), T0, T0, List.of(), null, "img", null, "host", 1, null, false, null);
        assertThrows(MinoException.class, () -> store.create(badName));
        MinoException e = assertThrows(MinoException.class, () -> store.create(relative));
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        assertFalse(Files.exists(store.fileOf("demo")));
    }

    @Test
    void everyNameTakingMethodValidatesTheName() {
        assertThrows(MinoException.class, () -> store.find("../etc/passwd"));
        assertThrows(MinoException.class, () -> store.update("a b", r -> r));
        assertThrows(MinoException.class, () -> store.delete(""));
        assertThrows(MinoException.class, () -> store.fileOf("x/y"));
    }

    @Test
    void updateReplacesTheRecordAndKeepsItPrivate() throws Exception {
        store.create(session("demo", T0));
        Instant later = T0.plusSeconds(5);
        SessionRecord updated = store.update("demo",
            r -> r.withContainerId("c0ffee", later).withStatus(SessionStatus.RUNNING, later));
        assertEquals(updated, store.find("demo").orElseThrow());
        assertEquals(SessionStatus.RUNNING, updated.status());
        assertEquals(later, updated.updatedAt());
        assertEquals(List.of("demo.json"), fileNames());
        if (PrivateFiles.supportsPosix(root)) {
            assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(store.fileOf("demo"))));
        }
    }

    @Test
    void updateOfAMissingSessionFails() {
        MinoException e = assertThrows(MinoException.class, () -> store.update("ghost", r -> r));
        assertEquals("Session not found: ghost", e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    @Test
    void updateMustKeepTheName() throws Exception {
        store.create(session("demo", T0));
        SessionRecord other = session("other", T0);
        assertThrows(MinoException.class, () -> store.update("demo", r -> other));
        assertThrows(MinoException.class, () -> store.update("demo", r -> null));
        assertEquals(List.of("demo.json"), fileNames());
    }

    @Test
    void findOfAMissingSessionIsEmptyAndOfACorruptOneIsAJsonError() throws Exception {
        assertTrue(store.find("nothing").isEmpty());
        Files.createDirectories(paths.sessionsDir());
        Files.writeString(store.fileOf("broken"), "{\"id\": ");
        MinoException e = assertThrows(MinoException.class, () -> store.find("broken"));
        assertTrue(e.getMessage().startsWith("JSON error in session file"), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    @Test
    void listIsSortedByCreationAndSkipsCorruptTempAndForeignFiles() throws Exception {
        store.create(session("late", T0.plusSeconds(60)));
        store.create(session("early", T0));
        Path dir = paths.sessionsDir();
        Files.writeString(dir.resolve("corrupt.json"), "{ not json");
        Files.writeString(dir.resolve("empty.json"), "");
        Files.writeString(dir.resolve("null.json"), "null");
        Files.writeString(dir.resolve("bad.name.json"), "{}");
        Files.writeString(dir.resolve(".early.json.123.tmp"), "{ half");
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.write(dir.resolve("impostor.json"), SessionJson.write(session("early", T0)));

        List<String> names = new ArrayList<>();
        List<String> warnings = LogCapture.warnings(SessionStore.class,
            () -> store.list().forEach(record -> names.add(record.name())));
        assertEquals(List.of("early", "late"), names);
        assertEquals(5, warnings.size(), warnings.toString());
        for (String skipped : List.of("corrupt.json", "empty.json", "null.json", "bad.name.json", "impostor.json")) {
            assertTrue(warnings.stream().anyMatch(w -> w.contains(skipped)), skipped + " in " + warnings);
        }
    }

    @Test
    void listOfAMissingDirectoryIsEmpty() {
        assertEquals(List.of(), store.list());
    }

    @Test
    void deleteRemovesTheFile() {
        store.create(session("demo", T0));
        assertTrue(store.delete("demo"));
        assertFalse(store.delete("demo"));
        assertTrue(store.find("demo").isEmpty());
        store.create(session("demo", T0));
        assertTrue(store.find("demo").isPresent());
    }

    @Test
    void cleanupDeletesOnlyOldFinishedSessions() {
        Instant now = T0.plus(Duration.ofHours(48));
        store.create(session("old-stopped", T0));
        store.update("old-stopped", r -> r.withStatus(SessionStatus.STOPPED, T0));
        store.create(session("old-failed", T0));
        store.update("old-failed", r -> r.withStatus(SessionStatus.FAILED, T0));
        store.create(session("old-running", T0));
        store.update("old-running", r -> r.withStatus(SessionStatus.RUNNING, T0));
        store.create(session("new-stopped", T0));
        store.update("new-stopped", r -> r.withStatus(SessionStatus.STOPPED, now.minus(Duration.ofHours(1))));

        List<String> deleted = store.deleteFinishedOlderThan(Duration.ofHours(24), now);

        assertEquals(Set.of("old-stopped", "old-failed"), new HashSet<>(deleted));
        assertEquals(Set.of("old-running", "new-stopped"),
            store.list().stream().map(SessionRecord::name).collect(Collectors.toSet()));
        assertThrows(MinoException.class, () -> store.deleteFinishedOlderThan(Duration.ofHours(-1), now));
    }

    @Test
    void concurrentCreatesOfDifferentSessionsAllLand() throws Exception {
        int sessions = 32;
        List<Callable<SessionRecord>> tasks = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String name = "s-" + i;
            Instant created = T0.plusMillis(i);
            tasks.add(() -> store.create(session(name, created)));
        }
        List<SessionRecord> created = runConcurrently(16, tasks);

        assertEquals(sessions, created.size());
        assertEquals(sessions, store.list().size());
        ObjectMapper json = new ObjectMapper();
        for (SessionRecord record : created) {
            assertEquals(record.id(), json.readTree(store.fileOf(record.name()).toFile()).get("id").asText());
        }
        assertEquals(sessions, fileNames().size(), "no temp files are left: " + fileNames());
    }

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneWin() throws Exception {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tasks.add(() -> {
                try {
                    store.create(session("contested", T0));
                    return true;
                } catch (MinoException e) {
                    assertEquals("Session already exists: contested", e.getMessage());
                    return false;
                }
            });
        }
        List<Boolean> wins = runConcurrently(16, tasks);
        assertEquals(1, wins.stream().filter(Boolean::booleanValue).count());
        assertEquals(List.of("contested.json"), fileNames());
    }

    @Test
    void concurrentUpdatesOfOneSessionLoseNothing() throws Exception {
        store.create(session("shared", T0));
        int threads = 8;
        int perThread = 25;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    String provider = "p" + thread + "-" + i;
                    store.update("shared", r -> {
                        List<String> providers = new ArrayList<>(r.cloudProviders());
                        providers.add(provider);
                        return r.withCloudProviders(providers, Instant.now());
                    });
                    store.find("shared").orElseThrow();
                }
                return null;
            });
        }
        runConcurrently(threads, tasks);

        List<String> providers = store.find("shared").orElseThrow().cloudProviders();
        assertEquals(threads * perThread, providers.size());
        assertEquals(threads * perThread, new HashSet<>(providers).size());
        assertEquals(List.of("shared.json"), fileNames());
    }

    @Test
    void concurrentUpdatesThroughSeparateStoresLoseNothing() throws Exception {
        store.create(session("shared", T0));
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SessionStore own = new SessionStore(paths);
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < 20; i++) {
                    String provider = "q" + thread + "-" + i;
                    own.update("shared", r -> {
                        List<String> providers = new ArrayList<>(r.cloudProviders());
                        providers.add(provider);
                        return r.withCloudProviders(providers, Instant.now());
                    });
                }
                return null;
            });
        }
        runConcurrently(4, tasks);
        assertEquals(80, store.find("shared").orElseThrow().cloudProviders().size());
    }

    private List<String> fileNames() throws Exception {
        try (Stream<Path> files = Files.list(paths.sessionsDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static <T> List<T> runConcurrently(int threads, List<Callable<T>> tasks) throws Exception {
        assumeTrue(threads > 0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
