package dev.mino.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a program of the host (podman, apt-get, ssh-add...) and collects what it printed. */
public final class HostCommand {
    private HostCommand() {
    }

    /**
     * What a program did.
     *
     * @param exitCode its exit code; -1 when it timed out and was killed
     * @param stdout what it printed on stdout
     * @param stderr what it printed on stderr
     */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The first non-blank line of stderr, else of stdout: the usual place for the reason of a failure. */
        public String reason() {
            return firstLine(stderr).or(() -> firstLine(stdout)).orElse("exit code " + exitCode);
        }

        private static Optional<String> firstLine(String text) {
            return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
        }
    }

    /** Where {@code program} is on {@code PATH}, if anywhere. */
    public static Optional<Path> find(Map<String, String> env, String program) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} with stdin closed and waits at most {@code timeout}.
     *
     * @return what it did, or empty if it could not be started at all
     */
    public static Optional<Result> run(List<String> command, Map<String, String> env, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            return Optional.empty();
        }
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return Optional.of(new Result(-1, "", String.join(" ", command) + " did not finish within "
                    + timeout.toSeconds() + " s"));
            }
            return Optional.of(new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS),
                err.get(5, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of(new Result(-1, "", "interrupted"));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of(new Result(process.exitValue(), "", ""));
        }
    }

    /**
     * Runs {@code command} with the user's terminal as its stdin and stderr (so that it can ask for
     * a password or show progress), its stdout copied to {@code sink}: mino's own stdout is for
     * results. Returns its exit code; -1 if it could not be started.
     */
    public static int runShown(List<String> command, Map<String, String> env, OutputStream sink) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            try (InputStream out = process.getInputStream()) {
                out.transferTo(sink);
            }
            sink.flush();
            return process.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
