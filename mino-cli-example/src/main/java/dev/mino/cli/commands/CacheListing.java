package dev.mino.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mino.cli.ByteSize;
import dev.mino.cli.terminal.Renderer;
import dev.mino.cli.terminal.TerminalSafeJson;
import dev.mino.core.CacheInfo;
import dev.mino.core.HomeVolumeInfo;
import dev.mino.core.text.DisplayText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The three forms of {@code mino cache list} (SPEC 9.8): tables for people, JSON for programs, names for shells. */
final class CacheListing {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .withZone(ZoneOffset.UTC);
    private static final int VOLUME_WIDTH = 40;
    /**
     * Wider than mino 1.6.0's 40: cache names carry the project's hash too, and the longest,
     * {@code mino-cache-poetry-<12>-<12>}, has 43 characters.
     */
    private static final int CACHE_VOLUME_WIDTH = 43;
    private static final int ECOSYSTEM_WIDTH = 10;
    private static final int STATE_WIDTH = 10;
    private static final int SIZE_WIDTH = 10;
    private static final int CREATED_WIDTH = 16;
    private static final int PROJECT_WIDTH = 40;

    private CacheListing() {
    }

    /** The cache table (when there are caches), then the home volume table (when there are home volumes). */
    static String table(List<CacheInfo> caches, List<HomeVolumeInfo> homes, CacheUsage usage, Renderer style) {
        StringBuilder out = new StringBuilder();
        if (!caches.isEmpty()) {
            out.append(style.bold("Cache Volumes")).append("\n\n");
            out.append(style.bold(String.join(" ", Renderer.pad("VOLUME", CACHE_VOLUME_WIDTH),
                Renderer.pad("ECOSYSTEM", ECOSYSTEM_WIDTH), Renderer.pad("STATE", STATE_WIDTH),
                Renderer.pad("SIZE", SIZE_WIDTH), "CREATED"))).append('\n');
            out.append("-".repeat(CACHE_VOLUME_WIDTH + ECOSYSTEM_WIDTH + STATE_WIDTH + SIZE_WIDTH + CREATED_WIDTH + 4))
                .append('\n');
            for (CacheInfo c : caches) {
                out.append(String.join(" ", Renderer.pad(c.volume(), CACHE_VOLUME_WIDTH),
                    Renderer.pad(c.ecosystem(), ECOSYSTEM_WIDTH), Renderer.pad(state(c, style), STATE_WIDTH),
                    Renderer.pad(size(c.sizeBytes()), SIZE_WIDTH), CREATED.format(c.createdAt())).stripTrailing())
                    .append('\n');
            }
            out.append('\n');
            String total = usage.totalLine();
            out.append(total.startsWith("!") ? style.yellow(total) : total).append('\n');
            out.append(caches.size()).append(" cache(s)\n");
            long orphaned = caches.stream().filter(CacheInfo::orphaned).count();
            if (orphaned > 0) {
                out.append(orphaned).append(" orphaned (no project has their lockfile any more): mino cache gc "
                    + "removes them\n");
            }
        }
        if (!homes.isEmpty()) {
            if (!caches.isEmpty()) {
                out.append('\n');
            }
            out.append(style.bold("Home Volumes")).append("\n\n");
            out.append(style.bold(String.join(" ", Renderer.pad("VOLUME", VOLUME_WIDTH),
                Renderer.pad("PROJECT", PROJECT_WIDTH), "CREATED"))).append('\n');
            out.append("-".repeat(VOLUME_WIDTH + PROJECT_WIDTH + CREATED_WIDTH + 2)).append('\n');
            for (HomeVolumeInfo h : homes) {
                // The project path was recorded from a folder name anyone could choose: shown escaped.
                String project = truncate(DisplayText.escape(h.project().toString()), PROJECT_WIDTH);
                out.append(String.join(" ", Renderer.pad(h.volume(), VOLUME_WIDTH),
                    Renderer.pad(h.orphaned() ? style.dim(project) : project, PROJECT_WIDTH),
                    CREATED.format(h.createdAt())).stripTrailing()).append('\n');
            }
            out.append('\n').append(homes.size()).append(" home volume(s)\n");
        }
        return out.toString();
    }

    private static String state(CacheInfo cache, Renderer style) {
        return switch (cache.state()) {
            case COMPLETE -> style.green(cache.state().label());
            case BUILDING -> style.yellow(cache.state().label());
            case MISS -> style.dim(cache.state().label());
        };
    }

    /** A size, or {@code -} when Podman did not report one. */
    static String size(long bytes) {
        return bytes > 0 ? ByteSize.format(bytes) : "-";
    }

    /** Cuts text longer than {@code width}, marking the cut with {@code ...}. */
    static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    /**
     * A pretty-printed JSON object with the fields of SPEC 9.8, plus each cache's last use,
     * projects and orphanhood, and each home volume's size and orphanhood.
     */
    static String json(List<CacheInfo> caches, List<HomeVolumeInfo> homes, CacheUsage usage) {
        List<Map<String, Object>> cacheObjects = new ArrayList<>();
        for (CacheInfo c : caches) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", c.volume());
            o.put("ecosystem", c.ecosystem());
            o.put("hash", c.hash());
            o.put("state", c.state().label());
            o.put("size_bytes", c.sizeBytes());
            o.put("created_at", timestamp(c.createdAt()));
            o.put("last_used_at", timestamp(c.lastUsedAt()));
            o.put("projects", c.projects().stream().map(Object::toString).toList());
            o.put("orphaned", c.orphaned());
            cacheObjects.add(o);
        }
        List<Map<String, Object>> homeObjects = new ArrayList<>();
        for (HomeVolumeInfo h : homes) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", h.volume());
            o.put("project_path", h.project().toString());
            o.put("created_at", timestamp(h.createdAt()));
            o.put("size_bytes", h.sizeBytes());
            o.put("orphaned", h.orphaned());
            homeObjects.add(o);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("caches", cacheObjects);
        all.put("home_volumes", homeObjects);
        all.put("total_size_bytes", usage.usedBytes());
        all.put("limit_bytes", usage.limitBytes());
        all.put("usage_percent", Math.round(usage.percent() * 10) / 10.0);
        try {
            return TerminalSafeJson.mapper().writeValueAsString(all) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("caches cannot be written as JSON", e);
        }
    }

    /** RFC 3339 with an explicit {@code +00:00}, as mino 1.6.0 writes its timestamps. */
    static String timestamp(Instant instant) {
        return instant == null ? null
            : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)).replace("Z", "+00:00");
    }

    /** Cache names, then home volume names, one per line. */
    static String plain(List<CacheInfo> caches, List<HomeVolumeInfo> homes) {
        StringBuilder out = new StringBuilder();
        caches.forEach(c -> out.append(c.volume()).append('\n'));
        homes.forEach(h -> out.append(h.volume()).append('\n'));
        return out.toString();
    }
}
