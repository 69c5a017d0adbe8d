package dev.mino.core.internal.orbstack;

import dev.mino.core.MinoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code orb} command line of OrbStack and captures what it says. Both outputs are read
 * while the command runs, since one that fills a pipe nobody reads would never finish.
 */
final class Orb {
    private static final System.Logger LOG = System.getLogger(Orb.class.getName());

    /** How a command ended. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** stderr if there is any, else stdout: what explains a failure. */
        String explanation() {
            String text = stderr.isBlank() ? stdout.strip() : stderr.strip();
            return text.isEmpty() ? "exit status " + exitCode : text;
        }
    }

    private final Path executable;

    Orb(Path executable) {
        this.executable = executable;
    }

    Path executable() {
        return executable;
    }

    /**
     * Runs {@code orb <args>}.
     *
     * @throws IOException when {@code orb} cannot be started at all
     * @throws MinoException when it does not finish within {@code timeout}
     */
    Result run(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = collect(process.getInputStream(), out, "mino-orb-out");
        Thread errReader = collect(process.getErrorStream(), err, "mino-orb-err");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new MinoException("'" + String.join(" ", command) + "' did not finish within "
                    + timeout.toSeconds() + " s", "check OrbStack's state with 'orb status' and 'orb list'");
            }
            outReader.join(1000);
            errReader.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MinoException("interrupted while running '" + String.join(" ", command) + "'", "", e);
        }
        Result result = new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8));
        LOG.log(System.Logger.Level.DEBUG, "{0}: exit {1}", String.join(" ", command), result.exitCode());
        return result;
    }

    private static Thread collect(InputStream source, ByteArrayOutputStream sink, String name) {
        Thread reader = new Thread(() -> {
            byte[] chunk = new byte[4096];
            try (source) {
                int n;
                while ((n = source.read(chunk)) >= 0) {
                    sink.write(chunk, 0, n);
                }
            } catch (IOException e) {
                // The command is gone; what was read is what it said.
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
