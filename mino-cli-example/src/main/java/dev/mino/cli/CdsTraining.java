package dev.mino.cli;

import dev.mino.cli.commands.SessionListing;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.EngineInfo;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SessionInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino cds-training} (hidden): exercises the code paths of common commands, so that the
 * launcher's AppCDS archive, made from the classes this run loads, covers them. It prints nothing
 * and creates no sandbox: its one start is of an image that does not exist, which Podman refuses.
 * Like every start, that one sweeps away what crashed mino processes left behind. A Podman that
 * does not answer is fine.
 */
@Command(name = "cds-training", hidden = true, description = "Load the classes of common commands (for AppCDS)")
final class CdsTraining implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    @Override
    public Integer call() {
        Path project;
        try {
            project = Files.createTempDirectory("mino-cds-training");
        } catch (IOException e) {
            throw new UncheckedIOException("creating a folder for the training run", e);
        }
        try {
            Io quiet = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), root.io().env(), project, false, false, false);
            for (CommandLine sub : root.spec.commandLine().getSubcommands().values()) {
                sub.getUsageMessage();
            }
            Main.execute(quiet, "run", "--dry-run", "--image", "localhost/mino-cds-training:latest", "-p",
                project.toString(), "-e", "A=1", "--", "true");
            Main.execute(quiet, "run", "--bogus-option");
            SessionListing.json(List.of(SessionInfo.builder().name("training").status(SessionInfo.Status.STOPPED)
                .containerId("0").exitCode(0).projectDir(project).image("image").command(List.of("true"))
                .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build()));
            try {
                EngineInfo.probe(null);
                // A start that Podman refuses (the image does not exist), so that the classes of
                // the start path load too; its session record goes to a folder deleted below.
                Sandbox.builder().project(project).image("localhost/mino-cds-training-absent:0").command("true")
                    .attach(true).stateDirectory(project.resolve("state")).auditLog(false).start().close();
            } catch (MinoException e) {
                ErrorReport.report(e, new Renderer(quiet.stderr(), false, false));
            }
            return 0;
        } finally {
            deleteTree(project);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A stray temp folder is harmless.
        }
    }
}
