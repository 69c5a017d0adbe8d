package dev.mino.cli.testing;

import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code ./mino} launcher at the repository root, run as a subprocess against the test Podman
 * with its config, state and data directories under {@code home}, so that the real user's files
 * are never touched. Stdin is closed; no CI variable reaches it, so tests decide interactivity.
 */
public final class Launcher {
    private static final Set<String> CI_VARIABLES = Set.of("CI", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI",
        "TRAVIS", "JENKINS_URL", "BUILDKITE", "TEAMCITY_VERSION", "TF_BUILD");

    private final Path launcher;
    private final Path home;
    private final Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private Duration timeout = Duration.ofMinutes(3);

    /** What one run of the launcher did. */
    public record Result(int exitCode, String stdout, String stderr, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout\n" + stdout + "--- stderr\n"
                + stderr;
        }
    }

    public Launcher(Path home, Path cwd) {
        this.launcher = find();
        this.home = home;
        this.cwd = cwd;
    }

    /** The launcher sits at the repository root, beside mvnw; Failsafe runs in the module's folder. */
    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("mino");
            if (Files.isRegularFile(candidate) && Files.exists(dir.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no ./mino launcher above " + Path.of("").toAbsolutePath());
    }

    /** Sets a variable for every run; null removes it from the inherited environment. */
    public Launcher env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Launcher timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    /** {@code XDG_CONFIG_HOME/mino}: where the global config and user layers are. */
    public Path configDirectory() {
        return home.resolve("config").resolve("mino");
    }

    /** {@code XDG_STATE_HOME/mino}. */
    public Path stateDirectory() {
        return home.resolve("state").resolve("mino");
    }

    public Result run(String... args) {
        List<String> line = new ArrayList<>();
        line.add(launcher.toString());
        line.addAll(Arrays.asList(args));
        ProcessBuilder builder = builder(line);
        long start = System.nanoTime();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mino " + String.join(" ", args) + " did not end in " + timeout);
            }
            return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS),
                Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("running mino " + String.join(" ", args), e);
        }
    }

    /**
     * Starts {@code wrapper} followed by the launcher and {@code args} in the background, with the
     * same environment as {@link #run}; its output goes to {@code log}, stdin is closed.
     */
    public Process start(List<String> wrapper, Path log, String... args) {
        List<String> line = new ArrayList<>(wrapper);
        line.add(launcher.toString());
        line.addAll(Arrays.asList(args));
        try {
            Process process = builder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new AssertionError("starting mino " + String.join(" ", args), e);
        }
    }

    private ProcessBuilder builder(List<String> line) {
        ProcessBuilder builder = new ProcessBuilder(line).directory(cwd.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeAll(CI_VARIABLES);
        environment.put("CONTAINER_HOST", TestPodman.address().uri());
        environment.put("XDG_STATE_HOME", home.resolve("state").toString());
        environment.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        environment.put("XDG_DATA_HOME", home.resolve("data").toString());
        // Where the credential cache's key goes when there is no runtime directory.
        environment.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        // No cloud SDK may wander off to an instance metadata service from a test.
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        env.forEach((k, v) -> {
            if (v == null) {
                environment.remove(k);
            } else {
                environment.put(k, v);
            }
        });
        return builder;
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
