package dev.mino.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mino.cli.terminal.Renderer;
import dev.mino.cli.terminal.TerminalSafeJson;
import dev.mino.core.SessionInfo;
import dev.mino.core.text.DisplayText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The three forms of {@code mino list} (SPEC 1.6): a table for people, JSON for programs, names for shells. */
public final class SessionListing {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .withZone(ZoneOffset.UTC);
    // At least three fraction digits, as the session files carry them (SPEC 4.2), so that
    // a whole second does not lose its fraction.
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
        .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
        .appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
        .toFormatter(Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final int NAME_WIDTH = 20;
    private static final int STATUS_WIDTH = 14;
    /** Upstream's widths are 20, 12, 15 and 30; the status here carries the exit code, and dates take 16. */
    private static final int STARTED_WIDTH = 16;
    private static final int PROJECT_WIDTH = 27;

    private SessionListing() {
    }

    /** The table: header, rule, one row per session, and a count. {@code sessions} must not be empty. */
    static String table(List<SessionInfo> sessions, Renderer style) {
        StringBuilder out = new StringBuilder();
        out.append(style.bold(row("NAME", "STATUS", "STARTED", "PROJECT"))).append('\n');
        out.append("-".repeat(80)).append('\n');
        for (SessionInfo s : sessions) {
            // The project's directory was named by whoever made it (a cloned repository, say), and the
            // session file can be edited: both shown as text, never obeyed.
            out.append(row(DisplayText.escape(s.name()), status(s, style), STARTED.format(s.createdAt()),
                DisplayText.escape(project(s)))).append('\n');
        }
        out.append('\n').append(sessions.size()).append(" session(s)\n");
        return out.toString();
    }

    private static String row(String name, String status, String started, String project) {
        return String.join(" ", Renderer.pad(name, NAME_WIDTH), Renderer.pad(status, STATUS_WIDTH),
            Renderer.pad(started, STARTED_WIDTH), Renderer.pad(project, PROJECT_WIDTH)).stripTrailing();
    }

    private static String status(SessionInfo session, Renderer style) {
        String text = statusText(session);
        return switch (session.status()) {
            case RUNNING -> style.green(text);
            case STARTING -> style.yellow(text);
            case STOPPED -> style.dim(text);
            case FAILED -> style.red(text);
        };
    }

    /** The status word, with the exit code once it is known: {@code stopped (0)}. */
    static String statusText(SessionInfo session) {
        String word = session.status().name().toLowerCase(Locale.ROOT);
        return session.exitCode() != null && session.status() != SessionInfo.Status.RUNNING
            ? word + " (" + session.exitCode() + ")" : word;
    }

    private static String project(SessionInfo session) {
        if (session.projectDir() == null || session.projectDir().getFileName() == null) {
            return "unknown";
        }
        return session.projectDir().getFileName().toString();
    }

    /**
     * A pretty-printed JSON array of the sessions as full session objects (SPEC 1.6): the fields of
     * the session file (SPEC 4.2) in its order and form, then this port's additions.
     */
    public static String json(List<SessionInfo> sessions) {
        if (sessions.isEmpty()) {
            return "[]\n";
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (SessionInfo s : sessions) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("id", s.id());
            object.put("name", s.name());
            object.put("project_dir", s.projectDir() == null ? null : s.projectDir().toString());
            object.put("command", s.command());
            object.put("container_id", s.containerId());
            object.put("status", s.status().name().toLowerCase(Locale.ROOT));
            object.put("created_at", timestamp(s.createdAt()));
            object.put("updated_at", timestamp(s.updatedAt()));
            object.put("cloud_providers", s.cloudProviders());
            object.put("home_volume", s.homeVolume());
            object.put("image", s.image());
            object.put("exit_code", s.exitCode());
            object.put("error", s.error());
            object.put("detached", s.detached());
            objects.add(object);
        }
        try {
            return TerminalSafeJson.mapper().writeValueAsString(objects) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sessions cannot be written as JSON", e);
        }
    }

    /** As in the session files: UTC, always with sub-second digits, so a reader sees one form. */
    private static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant) + "Z";
    }

    /** One name per line. */
    static String plain(List<SessionInfo> sessions) {
        StringBuilder out = new StringBuilder();
        for (SessionInfo s : sessions) {
            out.append(DisplayText.escape(s.name())).append('\n');
        }
        return out.toString();
    }
}
