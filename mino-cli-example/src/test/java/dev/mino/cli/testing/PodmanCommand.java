package dev.mino.cli.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.TestPodman;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The podman command against the test Podman, for what the tests do outside mino (save, untag). */
public final class PodmanCommand {
    private PodmanCommand() {
    }

    /** Runs {@code podman --remote --url <test engine> args...}, which must succeed, and returns its output. */
    public static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman", "--remote", "--url", TestPodman.address().uri()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "podman " + String.join(" ", args));
        assertEquals(0, process.exitValue(), "podman " + String.join(" ", args) + ": " + output);
        return output;
    }
}
