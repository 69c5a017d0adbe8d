package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} without Podman: bad input, which must fail before any engine is contacted (these
 * tests would hang or fail differently if one were). The dry run reads the engine: {@link RunDryRunIT}.
 */
class RunCommandTest {
    private static final String IMAGE = "localhost/mino-test-busybox:latest";

    @TempDir
    Path project;

    private Cli cli() {
        return new Cli().cwd(project).env("FROM_HOST", "host-value").env("CONTAINER_HOST", "unix:///nonexistent.sock");
    }

    @Test
    void badInputIsAnErrorWithAHint() {
        List<List<String>> cases = List.of(
            List.of("-e", "1BAD=x"),
            List.of("-e", "NOT_SET_ANYWHERE"),
            List.of("--volume", "/data"),
            List.of("--volume", project.resolve("missing") + ":/data"),
            List.of("--volume", "relative:/data"),
            List.of("-p", "relative/project"),
            List.of("-p", project.resolve("missing").toString()),
            List.of("-n", "bad name"),
            List.of("--engine", "ftp://nowhere"),
            List.of("--engine", "orbstack://-rf"),
            List.of("--engine", "orbstack://me@mino"));
        for (List<String> options : cases) {
            String[] args = new String[options.size() + 3];
            args[0] = "run";
            args[1] = "--image";
            args[2] = IMAGE;
            for (int i = 0; i < options.size(); i++) {
                args[i + 3] = options.get(i);
            }
            Cli.Result result = cli().run(args);
            assertEquals(1, result.exitCode(), options + ": " + result.stderr());
            assertTrue(result.stderr().startsWith("Error: "), options + ": " + result.stderr());
            assertTrue(result.stderr().contains("\nHint: "), options + ": " + result.stderr());
            assertEquals("", result.stdout(), options + " prints no result");
        }
    }

    @Test
    void anInvalidImageIsAnError() {
        Cli.Result result = cli().run("run", "--image", "Not A Valid Image", "--", "true");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().startsWith("Error: image reference"), result.stderr());
    }

    @Test
    void aRelativeProjectGetsAnAbsoluteSuggestion() {
        Cli.Result result = cli().run("run", "--image", IMAGE, "-p", "sub/dir");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("-p " + project.resolve("sub/dir")), result.stderr());
    }
}
