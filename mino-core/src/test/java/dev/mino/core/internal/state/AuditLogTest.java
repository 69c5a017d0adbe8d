package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final Pattern TIMESTAMP =
        Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,9}\\+00:00");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneSortedJsonLinePerEvent(@TempDir Path root) throws Exception {
        Path log = root.resolve("state").resolve("audit.log");
        Clock clock = Clock.fixed(Instant.parse("2026-03-24T09:15:02.25Z"), ZoneOffset.UTC);
        AuditLog audit = new AuditLog(log, true, clock);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("project_dir", "/work/app");
        data.put("name", "demo");
        data.put("home_volume", null);
        data.put("command", List.of("claude"));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("zeta", 1);
        nested.put("alpha", true);
        data.put("extra", nested);
        audit.record(AuditLog.SESSION_CREATED, data);
        audit.record(AuditLog.SESSION_STOPPED, Map.of("name", "demo", "exit_code", 0));

        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size());
        assertEquals("{\"data\":{\"command\":[\"claude\"],\"extra\":{\"alpha\":true,\"zeta\":1},"
            + "\"home_volume\":null,\"name\":\"demo\",\"project_dir\":\"/work/app\"},"
            + "\"event\":\"session.created\",\"timestamp\":\"2026-03-24T09:15:02.250+00:00\"}", lines.get(0));
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals(List.of("data", "event", "timestamp"), fieldNames(second));
        assertEquals(List.of("exit_code", "name"), fieldNames(second.get("data")));
        assertEquals("session.stopped", second.get("event").asText());
    }

    @Test
    void usesTheCurrentTimeByDefaultAndCreatesPrivateFiles(@TempDir Path root) throws Exception {
        MinoPaths paths = MinoPaths.under(root.resolve("deep"));
        AuditLog audit = AuditLog.at(paths, true);
        audit.record(AuditLog.SESSION_STARTED, Map.of("name", "demo", "container_id", "abc"));

        JsonNode line = JSON.readTree(Files.readAllLines(paths.auditLog()).get(0));
        assertTrue(TIMESTAMP.matcher(line.get("timestamp").asText()).matches(), line.toString());
        if (PrivateFiles.supportsPosix(root)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.auditLog())));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.stateDir())));
        }
    }

    @Test
    void aDisabledLogWritesNothing(@TempDir Path root) {
        AuditLog audit = new AuditLog(root.resolve("audit.log"), false);
        audit.record(AuditLog.SESSION_FAILED, Map.of("name", "demo", "error", "boom"));
        assertFalse(Files.exists(audit.path()));
        assertFalse(audit.isEnabled());
    }

    @Test
    void failuresAreLoggedAndNeverThrown(@TempDir Path root) throws Exception {
        Path directory = Files.createDirectory(root.resolve("audit.log"));
        List<String> warnings = LogCapture.warnings(AuditLog.class, () -> {
            AuditLog audit = new AuditLog(directory, true);
            audit.record(AuditLog.SESSION_CREATED, Map.of("name", "demo"));
            audit.record(null, Map.of());
            Map<String, Object> nullKey = new HashMap<>();
            nullKey.put(null, "x");
            audit.record(AuditLog.SESSION_CREATED, nullKey);
        });
        assertEquals(3, warnings.size());
        for (String warning : warnings) {
            assertTrue(warning.startsWith("Failed to write audit log: "), warning);
        }
        assertTrue(Files.isDirectory(directory));
    }

    @Test
    void concurrentEventsNeverInterleave(@TempDir Path root) throws Exception {
        AuditLog audit = new AuditLog(root.resolve("audit.log"), true);
        String padding = "x".repeat(2000);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        audit.record(AuditLog.CREDENTIALS_INJECTED,
                            Map.of("session_name", thread + "-" + i, "providers", List.of(padding)));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(audit.path());
        assertEquals(800, lines.size());
        Set<String> sessions = new HashSet<>();
        for (String line : lines) {
            sessions.add(JSON.readTree(line).get("data").get("session_name").asText());
        }
        assertEquals(800, sessions.size());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
