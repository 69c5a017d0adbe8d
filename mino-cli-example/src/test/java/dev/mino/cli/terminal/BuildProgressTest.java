package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.core.MinoEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Image build output as the CLI shows it: step lines in logs, one overwritten line at a terminal. */
class BuildProgressTest {

    @Test
    void labelsStepsAndFitsLines() {
        Optional<MinoEvent.BuildStep> step = new MinoEvent.BuildOutput("STEP 2/7: RUN chmod +x /tmp/a.sh && /tmp/a.sh")
            .step();
        assertTrue(step.isPresent());
        assertEquals("[2/7] RUN chmod +x /tmp/a.sh && /tmp/a.sh", BuildProgress.label(step.get()));
        assertEquals("abcd...", BuildProgress.fit("abcdefghij", 7));
        assertEquals("abc", BuildProgress.fit("abc", 7));
    }

    private static String feed(Cli cli, int verbosity) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = cli.io(out, err);
        ProgressListener listener = new ProgressListener(io, verbosity);
        // As the library tells a build: typed events.
        listener.onEvent(MinoEvent.ProgressStep.started(MinoEvent.Step.BUILD_IMAGE,
            "Building mino-composed-1234 (hello)"));
        for (String line : List.of("STEP 1/3: FROM localhost/base:1", "--> 1a2b3c", "STEP 2/3: RUN /tmp/hello.sh",
            "hello from the install script", "STEP 3/3: USER developer", "COMMIT mino-composed-1234")) {
            listener.onEvent(new MinoEvent.BuildOutput(line));
        }
        listener.onEvent(new MinoEvent.ProgressStep(MinoEvent.Step.BUILD_IMAGE, MinoEvent.Phase.FINISHED,
            "Building mino-composed-1234 (hello)", java.time.Duration.ofSeconds(3)));
        io.flush();
        assertEquals("", out.toString(StandardCharsets.UTF_8), "progress never goes to stdout");
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEachStepIsALine() {
        String err = feed(new Cli(), 0);
        assertEquals("Building mino-composed-1234 (hello)...\n  STEP 1/3: FROM localhost/base:1\n"
            + "  STEP 2/3: RUN /tmp/hello.sh\n  STEP 3/3: USER developer\n", err);
    }

    @Test
    void verboseAlsoShowsWhatTheStepsPrint() {
        String err = feed(new Cli(), 1);
        assertTrue(err.contains("    hello from the install script\n"), err);
        assertFalse(err.contains("COMMIT"), err);
    }

    @Test
    void atATerminalOneLineIsOverwritten() {
        String err = feed(new Cli().terminal(true).env("TERM", "dumb").env("COLUMNS", "40"), 0);
        assertFalse(err.contains("\n"), "one line, never a new one: " + err);
        String[] frames = err.split("\r\u001b\\[K");
        String last = frames[frames.length - 1];
        assertEquals("... Building [3/3] USER developer", last);
        assertTrue(err.contains("\u001b[K... Building [2/3] RUN /tmp/hello.sh...\r"), "cut to the width: " + err);
    }

    @Test
    void whatABuildPrintsReachesTheTerminalAsTextOnly() {
        for (Cli cli : new Cli[] {new Cli().terminal(true).env("TERM", "dumb"), new Cli()}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Io io = cli.io(out, err);
            ProgressListener listener = new ProgressListener(io, 1);
            listener.onProgress("Building \u001b]0;pwned\u0007");
            listener.onBuildOutput("STEP 1/2: RUN \u001b[2J");
            listener.onBuildOutput("\u001b]52;c;aGk=\u0007 \u009b31m \u202e");
            listener.onWarning("Podman said \u001b]0;pwned\u0007");
            io.flush();
            String text = err.toString(StandardCharsets.UTF_8).replace("\r\u001b[K", "");
            assertFalse(text.contains("\u001b") || text.contains("\u0007") || text.contains("\u009b")
                || text.contains("\u202e"), text);
            assertTrue(text.contains("\\u001B]0;pwned\\u0007") && text.contains("\\u001B[2J"), text);
        }
    }
}
