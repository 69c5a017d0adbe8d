package dev.mino.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * P2: what a user waits for at the command line. {@code ./mino run --image IMAGE -- true}, a new
 * JVM every time (start-up, config, Podman and all), against
 * {@code podman --remote --url $CONTAINER_HOST run --rm IMAGE true} on the same service; the
 * median of each over the same interleaved rounds. Target: at most 3x.
 *
 * <p>Runs on its own ({@code main}) or as part of {@link SandboxBenchmark}. Settings:
 * {@code CONTAINER_HOST} (required), system properties {@code image} (default
 * {@code localhost/mino-test-busybox:latest}), {@code rounds} (default 15), {@code mino} (the
 * launcher, default the {@code ./mino} of this checkout) and {@code podman} (the CLI). mino's
 * config, state and data go to a temporary folder, so the user's own are neither read nor changed.
 */
public final class CliStartupBenchmark {
    private final String engine;
    private final String image;
    private final String podman;
    private final Path launcher;

    CliStartupBenchmark(String engine, String image, String podman, Path launcher) {
        this.engine = engine;
        this.image = image;
        this.podman = podman;
        this.launcher = launcher;
    }

    public static void main(String[] args) throws Exception {
        String engine = SandboxBenchmark.engineOrExit();
        int rounds = Integer.getInteger("rounds", 15);
        CliStartupBenchmark bench = new CliStartupBenchmark(engine,
            System.getProperty("image", "localhost/mino-test-busybox:latest"), System.getProperty("podman", "podman"),
            launcher());
        System.out.printf(Locale.ROOT, "Mino CLI benchmark: %s, image %s, %d rounds, launcher %s%n%n", engine,
            bench.image, rounds, bench.launcher);
        bench.run(rounds);
    }

    /** The launcher named by {@code -Dmino}, else the {@code ./mino} beside mvnw above the working directory. */
    static Path launcher() {
        String given = System.getProperty("mino");
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mino")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("mino");
            }
        }
        throw new IllegalStateException("no ./mino launcher above " + Path.of("").toAbsolutePath() + "; pass -Dmino=PATH");
    }

    /** Measures and prints P2; returns whether the target was met. */
    boolean run(int rounds) throws Exception {
        Path home = Files.createTempDirectory("mino-bench-cli");
        Path project = Files.createDirectories(home.resolve("project"));
        // A rootless Podman of another user (as scripts/test-podman.sh sets up) must reach the project.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            // The first run may build the CLI and its class-data archive, and warms the image cache:
            // neither is what a user waits for each time.
            for (int i = 0; i < 2; i++) {
                minoTrue(home, project);
                cliTrue();
            }
            List<Double> mino = new ArrayList<>();
            List<Double> cli = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                mino.add(minoTrue(home, project));
                cli.add(cliTrue());
            }
            double ratio = SandboxBenchmark.median(mino) / SandboxBenchmark.median(cli);
            SandboxBenchmark.report("P2 cold `mino run -- true`", "CLI", SandboxBenchmark.median(mino) * 1000,
                SandboxBenchmark.median(cli) * 1000, "ms (median)", ratio, "<= 3.0x", ratio <= 3.0);
            return ratio <= 3.0;
        } finally {
            deleteTree(home);
        }
    }

    private double minoTrue(Path home, Path project) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run", "--image", image, "--", "true")
            .directory(project.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("CONTAINER_HOST", engine);
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        return time(builder, "mino run");
    }

    private double cliTrue() throws IOException, InterruptedException {
        return time(new ProcessBuilder(podman, "--remote", "--url", engine, "run", "--rm", image, "true")
            .redirectErrorStream(true), "podman run");
    }

    private static double time(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = builder.start();
        KeptOutput output = new KeptOutput();
        p.getInputStream().transferTo(output);
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(what + " exited with " + code + ":\n" + output.text());
        }
        return seconds;
    }

    /** Keeps what a process printed, for the error message if it fails. */
    private static final class KeptOutput extends OutputStream {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void write(int b) {
            text.append((char) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            text.append(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }

        String text() {
            return text.toString();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
