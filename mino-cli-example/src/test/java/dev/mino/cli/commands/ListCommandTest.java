package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mino list} reads the state directory of its own invocation's environment, not the JVM's. */
class ListCommandTest {
    @TempDir
    Path stateHome;

    @Test
    void listsTheSessionsOfTheStateDirectoryItsEnvironmentNames() throws Exception {
        Path sessions = Files.createDirectories(stateHome.resolve("mino").resolve("sessions"));
        Files.writeString(sessions.resolve("session-5e5e5e5e.json"), "{\n"
            + "  \"id\": \"0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11\",\n"
            + "  \"name\": \"session-5e5e5e5e\",\n"
            + "  \"project_dir\": \"/home/ada/app\",\n"
            + "  \"command\": [\"true\"],\n"
            + "  \"container_id\": null,\n"
            + "  \"status\": \"stopped\",\n"
            + "  \"created_at\": \"2026-11-29T09:15:02.123Z\",\n"
            + "  \"updated_at\": \"2026-11-29T09:15:03.5Z\",\n"
            + "  \"cloud_providers\": [\"aws\"],\n"
            + "  \"home_volume\": \"mino-home-0123456789ab\"\n"
            + "}\n");
        Cli.Result list = new Cli().env("XDG_STATE_HOME", stateHome.toString()).run("list", "-a", "-f", "json");
        assertEquals(0, list.exitCode(), list.toString());
        JsonNode listed = new ObjectMapper().readTree(list.stdout());
        assertEquals(1, listed.size(), list.stdout());
        assertEquals("session-5e5e5e5e", listed.get(0).path("name").asText());
        assertEquals("0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11", listed.get(0).path("id").asText());
        assertEquals("aws", listed.get(0).path("cloud_providers").get(0).asText());
        assertEquals("mino-home-0123456789ab", listed.get(0).path("home_volume").asText());
        assertEquals(false, listed.get(0).path("detached").asBoolean());
    }
}
