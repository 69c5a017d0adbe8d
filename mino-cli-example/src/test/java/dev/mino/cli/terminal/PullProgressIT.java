package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.cli.testing.PodmanCommand;
import dev.mino.cli.testing.StandInRegistry;
import dev.mino.core.EngineImages;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A live pull, shown as {@code run} shows it: the real Podman pulls the test's busybox image from
 * a {@link StandInRegistry} on loopback (no real registry answers where the tests run) through
 * {@link EngineImages}, and the lines the engine streams are the ones {@link PullProgress} reads,
 * rendered layer by layer in a log and as one overwritten line at a terminal.
 */
@RequiresPodman
@Timeout(180)
class PullProgressIT {

    @Test
    void aLivePullIsShownLayerByLayer() throws Exception {
        Path work = TestDirectories.create("mino-cli-pull");
        try (StandInRegistry registry = StandInRegistry.servingTestImage(work);
             PodmanClient podman = TestPodman.newClient()) {
            String ref = registry.host() + "/mino-test/pulled-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Io io = new Cli().io(new ByteArrayOutputStream(), err);
            ProgressListener listener = new ProgressListener(io, 0);
            PullProgress progress = new PullProgress(ref);
            List<String> lines = new CopyOnWriteArrayList<>();
            try {
                String id = EngineImages.at(TestPodman.address().uri()).pull(ref, line -> {
                    lines.add(line);
                    listener.onPullOutput(progress, line);
                });
                assertEquals(podman.images().id(TestPodman.BUSYBOX_IMAGE).orElseThrow(), id, "the served image");
            } finally {
                PodmanCommand.run("untag", ref, ref);
            }
            assertTrue(registry.requests().contains("GET /v2/"), registry.requests().toString());

            assertEquals("Trying to pull " + ref + "...", lines.get(0), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.matches("Copying blob sha256:[0-9a-f]{64}")), lines.toString());
            assertTrue(lines.contains("Writing manifest to image destination"), lines.toString());
            io.flush();
            String shown = err.toString(StandardCharsets.UTF_8);
            assertTrue(shown.startsWith("... Pulling " + ref + "\n... Pulling " + ref + ": layer 1 ("), shown);
            assertTrue(shown.contains("... Pulling " + ref + ": image configuration\n"), shown);
            assertTrue(shown.endsWith("... Pulling " + ref + ": writing the manifest\n"), shown);
            assertEquals(1, progress.layers(), "busybox has one layer: " + lines);

            // The same live lines at a terminal: one line, overwritten, ending at the last step.
            ByteArrayOutputStream terminalErr = new ByteArrayOutputStream();
            Io terminal = new Cli().terminal(true).env("TERM", "dumb").io(new ByteArrayOutputStream(), terminalErr);
            ProgressListener atTerminal = new ProgressListener(terminal, 0);
            PullProgress again = new PullProgress(ref);
            lines.forEach(line -> atTerminal.onPullOutput(again, line));
            terminal.flush();
            String frames = terminalErr.toString(StandardCharsets.UTF_8);
            assertTrue(!frames.contains("\n") && frames.endsWith(": storing signatures"), frames);
        } finally {
            TestDirectories.delete(work);
        }
    }
}
