package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.Cli;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --dry-run}: the plan a run would execute, printed. A plan reads the engine as a start
 * does (the image's command for the credentials' wrapper, the engine's kind), so these run against
 * Podman; nothing is created.
 */
@RequiresPodman
class RunDryRunIT {
    private static final String IMAGE = "localhost/mino-test-busybox:latest";

    @TempDir
    Path project;

    private Cli cli() {
        return new Cli().cwd(project).env("FROM_HOST", "host-value").env("CONTAINER_HOST", TestPodman.address().uri());
    }

    @Test
    void dryRunPrintsTheCreateRequest() throws Exception {
        Cli.Result result = cli().run("run", "--dry-run", "--image", IMAGE, "-n", "dry1", "-e", "A=1", "-e",
            "FROM_HOST", "--read-only", "--", "sh", "-c", "echo hi");
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode plan = new ObjectMapper().readTree(result.stdout());
        assertEquals("mino-dry1", plan.path("name").asText());
        assertEquals(IMAGE, plan.path("image").asText());
        assertEquals("ALL", plan.path("cap_drop").path(0).asText());
        assertEquals("1", plan.path("env").path("A").asText());
        assertEquals("host-value", plan.path("env").path("FROM_HOST").asText(), "-e KEY takes mino's value");
        assertEquals(List.of("sh", "-c", "echo hi"), List.of(plan.path("command").path(0).asText(),
            plan.path("command").path(1).asText(), plan.path("command").path(2).asText()));
        assertTrue(plan.path("read_only_filesystem").asBoolean());
        assertEquals(project.toRealPath().toString(), plan.path("mounts").path(0).path("source").asText(),
            "the project defaults to the current directory");
        assertTrue(plan.path("stdin").asBoolean(), "an attached run pipes stdin");
        assertFalse(plan.path("terminal").asBoolean(), "no terminal without one on stdin and stdout");
    }

    @Test
    void aDryRunsPlanShowsControlAndFormatCharactersAsJsonEscapes() throws Exception {
        Path hostile = Files.createDirectory(project.resolve("repo\u202etxt.sh\u2066"));
        Cli.Result result = new Cli().cwd(hostile).env("CONTAINER_HOST", TestPodman.address().uri())
            .run("run", "--dry-run", "--image", IMAGE, "-e", "A=\u009b2J \u007f \u2028 caf\u00e9", "--", "true");
        assertEquals(0, result.exitCode(), result.stderr());
        String out = result.stdout();
        for (char c : new char[] {'\u009b', '\u007f', '\u2028', '\u202e', '\u2066'}) {
            assertFalse(out.indexOf(c) >= 0, "no raw U+" + Integer.toHexString(c) + ": " + out);
        }
        assertTrue(out.contains("\"A\" : \"\\u009B2J \\u007F \\u2028 caf\u00e9\""), "ordinary text unchanged: " + out);
        JsonNode plan = new ObjectMapper().readTree(out);
        assertEquals("\u009b2J \u007f \u2028 caf\u00e9", plan.path("env").path("A").asText(), "the same plan, read back");
        assertEquals(hostile.toRealPath().toString(), plan.path("mounts").path(0).path("source").asText());
    }

    @Test
    void dryRunOnATerminalAsksForOne() throws Exception {
        Cli.Result result = cli().terminal(true).run("run", "--dry-run", "--image", IMAGE, "--", "sh");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(new ObjectMapper().readTree(result.stdout()).path("terminal").asBoolean());
        Cli.Result ci = cli().terminal(true).env("CI", "true").run("run", "--dry-run", "--image", IMAGE, "--", "sh");
        assertFalse(new ObjectMapper().readTree(ci.stdout()).path("terminal").asBoolean(),
            "CI means nobody is at the terminal (SPEC 0.4)");
    }

    @Test
    void doubleDashAloneMeansTheImagesDefaultCommand() throws Exception {
        // Without credentials: with them the plan shows their wrapper running the image's command.
        Cli.Result result = cli().run("run", "--dry-run", "--no-github", "--image", IMAGE, "--");
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode command = new ObjectMapper().readTree(result.stdout()).path("command");
        assertTrue(command.isMissingNode() || command.isEmpty(), "no command, not [\"--\"]: " + command);
    }

    @Test
    void volumesAreMountedAsAsked() throws Exception {
        Path data = Files.createDirectory(project.resolve("data"));
        Cli.Result result = cli().run("run", "--dry-run", "--image", IMAGE, "--volume", data + ":/data:ro");
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode mount = new ObjectMapper().readTree(result.stdout()).path("mounts").path(1);
        assertEquals("/data", mount.path("destination").asText());
        assertTrue(mount.path("options").toString().contains("ro"), mount.toString());
    }
}
