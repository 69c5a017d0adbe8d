package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.ByteSize;
import dev.mino.cli.Cli;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.CacheGcResult;
import dev.mino.core.CacheInfo;
import dev.mino.core.HomeVolumeInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The output of {@code mino cache list} and {@code gc} (SPEC 9.8 and 9.9), without Podman. */
class CacheListingTest {
    private static final Instant CREATED = Instant.parse("2026-11-02T10:15:30Z");
    private static final Renderer PLAIN = new Renderer(new PrintStream(new ByteArrayOutputStream()), false, false);

    private static CacheInfo cache(String name, CacheInfo.State state, long size, boolean orphaned) {
        return CacheInfo.builder().volume(name).ecosystem("npm").hash(name.substring(name.length() - 12)).state(state)
            .sizeBytes(size).createdAt(CREATED).lastUsedAt(CREATED).projects(List.of(Path.of("/home/me/app")))
            .orphaned(orphaned).build();
    }

    private static final List<CacheInfo> CACHES = List.of(
        cache("mino-cache-npm-a1b2c3d4e5f6", CacheInfo.State.COMPLETE, 3L * 1024 * 1024, false),
        cache("mino-cache-npm-0123456789ab", CacheInfo.State.BUILDING, 0, true));
    private static final List<HomeVolumeInfo> HOMES = List.of(HomeVolumeInfo.builder()
        .volume("mino-home-fedcba987654")
        .project(Path.of("/home/me/a-project-with-a-rather-long-name/that-goes-on-and-on")).createdAt(CREATED).build());

    @Test
    void tableHasBothSectionsAndTotals() {
        String table = CacheListing.table(CACHES, HOMES, new CacheUsage(3L * 1024 * 1024, ByteSize.gibibytes(50)),
            PLAIN);
        List<String> lines = table.lines().toList();
        assertEquals("Cache Volumes", lines.get(0));
        assertEquals(String.format("%-43s %-10s %-10s %-10s %s", "VOLUME", "ECOSYSTEM", "STATE", "SIZE", "CREATED"),
            lines.get(2));
        assertTrue(table.contains(String.format("%-43s %-10s %-10s %-10s %s%n", "mino-cache-npm-a1b2c3d4e5f6", "npm",
            "complete", "3.0 MB", "2026-11-02 10:15")), table);
        assertTrue(table.contains(String.format("%-10s %-10s %s", "building", "-", "2026-11-02 10:15")),
            "an unknown size is a dash: " + table);
        assertTrue(table.contains("Total: 3.0 MB / 50.0 GB (0%)\n2 cache(s)\n"), table);
        assertTrue(table.contains("1 orphaned"), table);
        assertTrue(table.contains("Home Volumes"), table);
        assertTrue(table.contains("/home/me/a-project-with-a-rather-long..."), "project cut at 40: " + table);
        assertTrue(table.endsWith("1 home volume(s)\n"), table);
    }

    @Test
    void usageWarnsFromEightyPercent() {
        long gib = ByteSize.gibibytes(1);
        assertEquals("Total: 512.0 MB / 1.0 GB (50%)", new CacheUsage(gib / 2, gib).totalLine());
        assertEquals("! Total: 870.4 MB / 1.0 GB (85%) - consider running: mino cache gc",
            new CacheUsage(gib * 85 / 100, gib).totalLine());
        assertEquals("! Total: 2.0 GB / 1.0 GB (200%) - run: mino cache gc", new CacheUsage(2 * gib, gib).totalLine());
        assertEquals("Total: 2.0 GB (no limit)", new CacheUsage(2 * gib, 0).totalLine());
    }

    @Test
    void jsonHasUpstreamsFieldsAndMore() throws Exception {
        JsonNode json = new ObjectMapper().readTree(CacheListing.json(CACHES, HOMES,
            new CacheUsage(3L * 1024 * 1024, ByteSize.gibibytes(50))));
        assertEquals("mino-cache-npm-a1b2c3d4e5f6", json.path("caches").path(0).path("name").asText());
        assertEquals("2026-11-02T10:15:30+00:00", json.path("caches").path(0).path("created_at").asText());
        assertEquals(3145728, json.path("caches").path(0).path("size_bytes").asLong());
        assertTrue(json.path("caches").path(1).path("orphaned").asBoolean());
        assertEquals("/home/me/app", json.path("caches").path(0).path("projects").path(0).asText());
        assertEquals("mino-home-fedcba987654", json.path("home_volumes").path(0).path("name").asText());
        assertEquals(3145728, json.path("total_size_bytes").asLong());
        assertEquals(ByteSize.gibibytes(50), json.path("limit_bytes").asLong());
        assertTrue(json.has("usage_percent"));
        JsonNode empty = new ObjectMapper().readTree(CacheListing.json(List.of(), List.of(), new CacheUsage(0, 0)));
        assertEquals(0, empty.path("caches").size());
        assertEquals(0, empty.path("home_volumes").size());
    }

    @Test
    void aProjectPathWithTerminalControlsIsShownEscapedInTheTableAndTheJson() throws Exception {
        Path hostile = Path.of("/home/me/\u001b]52;c;cHduZWQ=\u0007x\u202e");
        List<HomeVolumeInfo> homes = List.of(HomeVolumeInfo.builder().volume("mino-home-0a0a0a0a0a0a").project(hostile)
            .createdAt(CREATED).build());
        List<CacheInfo> caches = List.of(cache("mino-cache-npm-a1b2c3d4e5f6", CacheInfo.State.COMPLETE, 0, false)
            .toBuilder().projects(List.of(hostile)).build());
        String table = CacheListing.table(caches, homes, new CacheUsage(0, 0), PLAIN);
        String json = CacheListing.json(caches, homes, new CacheUsage(0, 0));
        for (String out : List.of(table, json)) {
            assertTrue(out.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), out);
        }
        assertTrue(table.contains("/home/me/\\u001B]52;c;cHduZWQ=\\u0007x"), table);
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertEquals(hostile.toString(), parsed.path("home_volumes").path(0).path("project_path").asText(),
            "the JSON reads back to the real path");
        assertEquals(hostile.toString(), parsed.path("caches").path(0).path("projects").path(0).asText());
        // Control: an ordinary path is shown as it is (tableHasBothSectionsAndTotals).
    }

    @Test
    void plainIsNamesOnly() {
        assertEquals("mino-cache-npm-a1b2c3d4e5f6\nmino-cache-npm-0123456789ab\nmino-home-fedcba987654\n",
            CacheListing.plain(CACHES, HOMES));
        assertEquals("", CacheListing.plain(List.of(), List.of()));
    }

    private static String gcReport(CacheGcResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Renderer out = new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
        CacheCommand.Gc.report(result, CACHES, Map.of(HOMES.get(0).volume(), HOMES.get(0)), 30, out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gcSaysWhatItRemovedAndWhy() {
        CacheGcResult result = CacheGcResult.builder().caches(List.of(
            CacheGcResult.Removal.of("mino-cache-npm-0123456789ab", CacheGcResult.Reason.ORPHANED, 0),
            CacheGcResult.Removal.of("mino-cache-npm-a1b2c3d4e5f6", CacheGcResult.Reason.SIZE, 3L * 1024 * 1024)))
            .homeVolumes(List.of("mino-home-fedcba987654")).freedBytes(3L * 1024 * 1024)
            .skipped(List.of("mino-cache-npm-inuse0000000")).build();
        String text = gcReport(result);
        assertTrue(text.contains("Removed 2 cache(s) (3.0 MB)"), text);
        assertTrue(text.contains("[WARN] mino-cache-npm-0123456789ab - orphaned: no project that used it has its "
            + "lockfile any more"), text);
        assertTrue(text.contains("[WARN] mino-cache-npm-a1b2c3d4e5f6 (3.0 MB) - over the size limit, least recently "
            + "used"), text);
        assertTrue(text.contains("Removed 1 orphaned home volume(s) (project deleted)"), text);
        assertTrue(text.contains("mino-home-fedcba987654 (/home/me/a-project"), text);
        assertTrue(text.contains("Kept 1 volume(s) in use by a running sandbox"), text);
        assertTrue(text.endsWith("[OK] Removed 2 cache(s), freed 3.0 MB + 1 orphaned home volume(s)\n"), text);

        String dry = gcReport(CacheGcResult.builder().caches(List.of(CacheGcResult.Removal.of("mino-cache-npm-a1b2c3d4e5f6",
            CacheGcResult.Reason.AGE, 0))).dryRun(true).build());
        assertTrue(dry.contains("Would remove 1 cache(s)"), dry);
        assertTrue(dry.contains("unused for "), dry);
        assertTrue(dry.endsWith("[WARN] Dry run: nothing removed.\n"), dry);

        assertTrue(gcReport(CacheGcResult.builder().build())
            .endsWith("[OK] Nothing to remove.\n"));
    }

    @Test
    void clearSummaryCountsEachKind() {
        assertEquals("Cleared 1 cache volume(s) (3.0 MB) + 2 image(s) + 1 home volume(s)",
            CacheCommand.Clear.summary(List.of("mino-cache-npm-a1b2c3d4e5f6", "mino-composed-1:latest",
                "mino-composed-2:latest", "mino-home-fedcba987654"), CACHES, HOMES));
        assertEquals("Nothing to clear", CacheCommand.Clear.summary(List.of(), CACHES, HOMES));
    }

    @Test
    void cacheUsageErrorsExitWithTwoBeforePodmanIsAsked() {
        Cli cli = new Cli().env("CONTAINER_HOST", "unix:///nonexistent.sock");
        for (String[] args : List.of(new String[] {"cache"}, new String[] {"cache", "clear"},
            new String[] {"cache", "clear", "--all", "--home"}, new String[] {"cache", "gc", "--days", "-1"},
            new String[] {"cache", "list", "-f", "yaml"})) {
            Cli.Result result = cli.run(args);
            assertEquals(2, result.exitCode(), String.join(" ", args) + ": " + result.stderr());
            assertTrue(result.stderr().startsWith("Error: "), result.stderr());
        }
        Cli.Result unreachable = cli.run("cache", "list");
        assertEquals(1, unreachable.exitCode(), unreachable.stderr());
        assertTrue(unreachable.stderr().contains("Hint: "), unreachable.stderr());
    }
}
