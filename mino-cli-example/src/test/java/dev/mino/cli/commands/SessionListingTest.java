package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.terminal.Renderer;
import dev.mino.cli.terminal.TerminalSafeJson;
import dev.mino.core.SessionInfo;
import dev.mino.core.SessionInfo.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three forms of {@code mino list}, rendered from session values. */
class SessionListingTest {
    private static final Instant EARLY = Instant.parse("2026-11-29T09:05:30Z");
    private static final Instant LATE = Instant.parse("2026-11-29T10:45:00Z");

    private static final SessionInfo RUNNING = session("agent", Status.RUNNING, "c0ffee", null,
        Path.of("/home/me/my-app"), "localhost/tools:1", List.of("claude"), LATE, LATE).build();
    private static final SessionInfo STOPPED = session("session-1a2b3c4d", Status.STOPPED, "beef", 7,
        Path.of("/srv/api"), "localhost/tools:1", List.of(), EARLY, LATE)
        .id("5d9e0f2a-3c1b-4e7d-9a8f-0b1c2d3e4f50").cloudProviders(List.of("aws", "github"))
        .homeVolume("mino-home-0123456789ab").detached(true).build();
    private static final SessionInfo FAILED = session("broken", Status.FAILED, null, null,
        Path.of("/srv/api"), "localhost/none:1", List.of("x"), EARLY, EARLY).error("no such image").build();

    private static SessionInfo.Builder session(String name, Status status, String containerId, Integer exitCode,
                                               Path project, String image, List<String> command, Instant created,
                                               Instant updated) {
        return SessionInfo.builder().name(name).status(status).containerId(containerId).exitCode(exitCode)
            .projectDir(project).image(image).command(command).createdAt(created).updatedAt(updated);
    }

    private static Renderer plain() {
        return new Renderer(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false);
    }

    @Test
    void tableHasHeaderRowsAndCount() {
        String table = SessionListing.table(List.of(RUNNING, STOPPED), plain());
        String[] lines = table.split("\n", -1);
        assertEquals("NAME                 STATUS         STARTED          PROJECT", lines[0]);
        assertEquals("-".repeat(80), lines[1]);
        assertEquals("agent                running        2026-11-29 10:45 my-app", lines[2]);
        assertEquals("session-1a2b3c4d     stopped (7)    2026-11-29 09:05 api", lines[3],
            "a finished session shows its exit code; times are UTC");
        assertEquals("", lines[4]);
        assertEquals("2 session(s)", lines[5]);
    }

    @Test
    void colouredStatusesKeepTheColumnsAligned() {
        Renderer colour = new Renderer(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            true, true);
        String table = SessionListing.table(List.of(RUNNING, FAILED), colour);
        String[] lines = table.split("\n");
        assertTrue(lines[2].contains("\u001b[32mrunning\u001b[0m"), lines[2]);
        assertTrue(lines[3].contains("\u001b[31mfailed\u001b[0m"), lines[3]);
        String visible = lines[3].replaceAll("\u001b\\[[0-9;]*m", "");
        assertEquals("broken               failed         2026-11-29 09:05 api", visible);
    }

    @Test
    void jsonHasEveryFieldInSnakeCaseInTheSessionFilesOrder() throws Exception {
        JsonNode array = new ObjectMapper().readTree(SessionListing.json(List.of(STOPPED, FAILED)));
        assertEquals(2, array.size());
        JsonNode first = array.get(0);
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("id", "name", "project_dir", "command", "container_id", "status", "created_at",
            "updated_at", "cloud_providers", "home_volume", "image", "exit_code", "error", "detached"), names,
            "SPEC 4.2's fields in its order, then the port's additions");
        assertEquals("5d9e0f2a-3c1b-4e7d-9a8f-0b1c2d3e4f50", first.path("id").asText());
        assertEquals("session-1a2b3c4d", first.path("name").asText());
        assertEquals("stopped", first.path("status").asText());
        assertEquals("beef", first.path("container_id").asText());
        assertEquals(7, first.path("exit_code").asInt());
        assertEquals("/srv/api", first.path("project_dir").asText());
        assertEquals("localhost/tools:1", first.path("image").asText());
        assertTrue(first.path("command").isArray() && first.path("command").isEmpty());
        assertEquals("2026-11-29T09:05:30.000Z", first.path("created_at").asText(),
            "sub-second digits as in the session files");
        assertEquals("2026-11-29T10:45:00.000Z", first.path("updated_at").asText());
        assertEquals(List.of("aws", "github"), texts(first.path("cloud_providers")));
        assertEquals("mino-home-0123456789ab", first.path("home_volume").asText());
        assertTrue(first.path("detached").isBoolean() && first.path("detached").asBoolean());
        assertTrue(first.path("error").isNull());
        JsonNode second = array.get(1);
        assertEquals("no such image", second.path("error").asText());
        assertTrue(second.path("container_id").isNull());
        assertTrue(second.path("cloud_providers").isArray() && second.path("cloud_providers").isEmpty(),
            "no providers is an empty array, as upstream writes it");
        assertTrue(second.path("home_volume").isNull());
        assertTrue(second.path("detached").isBoolean() && !second.path("detached").asBoolean(true));
    }

    @Test
    void jsonTimestampsKeepTheirSubSecondDigits() throws Exception {
        Instant precise = Instant.parse("2026-03-24T09:15:02.123456Z");
        SessionInfo session = session("p", Status.RUNNING, "c", null, Path.of("/p"), "i", List.of(),
            precise, precise).build();
        JsonNode object = new ObjectMapper().readTree(SessionListing.json(List.of(session))).get(0);
        assertEquals("2026-03-24T09:15:02.123456Z", object.path("created_at").asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void emptyJsonIsAnEmptyArray() {
        assertEquals("[]\n", SessionListing.json(List.of()));
    }

    @Test
    void plainIsOneNamePerLine() {
        assertEquals("agent\nsession-1a2b3c4d\n", SessionListing.plain(List.of(RUNNING, STOPPED)));
        assertEquals("", SessionListing.plain(List.of()));
    }

    @Test
    void listShowsActiveSessionsNewestFirstUnlessAll() {
        SessionInfo starting = session("new", Status.STARTING, null, null, Path.of("/p"), "i", List.of(),
            LATE.plusSeconds(60), LATE).build();
        assertEquals(List.of(starting, RUNNING), ListCommand.select(List.of(STOPPED, RUNNING, starting), false));
        assertEquals(List.of(starting, RUNNING, STOPPED),
            ListCommand.select(List.of(STOPPED, RUNNING, starting), true));
    }

    @Test
    void execPicksTheNewestRunningSession() {
        SessionInfo older = session("older", Status.RUNNING, "a", null, Path.of("/p"), "i", List.of(),
            EARLY, EARLY).build();
        assertEquals("agent", ExecCommand.newestRunning(List.of(older, RUNNING, STOPPED)));
        dev.mino.core.MinoException none = org.junit.jupiter.api.Assertions.assertThrows(
            dev.mino.core.MinoException.class, () -> ExecCommand.newestRunning(List.of(STOPPED)));
        assertEquals("No active sessions", none.getMessage());
        assertEquals("Start a session with: mino run", none.hint());
    }

    /** A session whose fields a hostile project or Podman chose: a name, a directory, an error with controls. */
    private static final SessionInfo HOSTILE = session("x\u001b]0;pwned\u0007", Status.FAILED, null, 1,
        Path.of("/src/evil\u202etxt.sh\u009b2J"), "img\u2028", List.of("sh", "\u001b[2J"), EARLY, EARLY)
        .error("podman: \u001b]52;c;aGk=\u0007 \u007f").build();

    @Test
    void theTableAndPlainFormsShowControlCharactersAsEscapes() {
        String table = SessionListing.table(List.of(HOSTILE, RUNNING), plain());
        String plainNames = SessionListing.plain(List.of(HOSTILE, RUNNING));
        for (String shown : List.of(table, plainNames)) {
            assertNoControls(shown.replace("\n", ""));
            assertTrue(shown.contains("x\\u001B]0;pwned\\u0007"), shown);
        }
        assertTrue(table.contains("evil\\u202Etxt.sh\\u009B2J"), table);
        assertTrue(table.contains("agent                running        2026-11-29 10:45 my-app"),
            "ordinary sessions are shown as before: " + table);
        assertTrue(plainNames.endsWith("\nagent\n"), plainNames);
    }

    @Test
    void theJsonFormEscapesEveryCharacterATerminalCouldObeyAndReadsBackTheSame() throws Exception {
        String json = SessionListing.json(List.of(HOSTILE, RUNNING));
        assertNoControls(json.replace("\n", ""));
        assertTrue(json.contains("\"project_dir\" : \"/src/evil\\u202Etxt.sh\\u009B2J\""), json);
        assertTrue(json.contains("\"error\" : \"podman: \\u001B]52;c;aGk=\\u0007 \\u007F\""), json);
        JsonNode read = new ObjectMapper().readTree(json);
        assertEquals(HOSTILE.name(), read.get(0).get("name").asText(), "JSON escapes read back as the text");
        assertEquals(HOSTILE.error(), read.get(0).get("error").asText());
        assertEquals("img\u2028", read.get(0).get("image").asText());
        assertTrue(json.contains("\"project_dir\" : \"/home/me/my-app\""), "ordinary text unchanged: " + json);
    }

    @Test
    void aRewrittenPlanKeepsItsContentAndLosesItsControls() throws Exception {
        String plan = "{\n  \"env\" : {\n    \"A\" : \"\u009b2J \u202e \ud83d\ude00 \u00e9\"\n  },\n  \"uid\" : 1000,\n"
            + "  \"big\" : 12345678901234,\n  \"on\" : true\n}";
        String safe = TerminalSafeJson.rewrite(plan);
        assertNoControls(safe.replace("\n", ""));
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(plan), mapper.readTree(safe));
        assertTrue(safe.contains("\u00e9") && safe.contains("\"uid\" : 1000"), "ordinary text unchanged: " + safe);
    }

    /** No C0 or C1 control, DEL, bidirectional override or separator, raw. */
    private static void assertNoControls(String shown) {
        shown.codePoints().forEach(c -> assertTrue(c >= 0x20 && (c < 0x7f || c > 0x9f) && c != 0x202e && c != 0x2028,
            () -> "raw U+" + Integer.toHexString(c) + " in " + shown));
    }
}
