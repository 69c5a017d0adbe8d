package dev.mino.benchmarks;

import dev.mino.core.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures sandboxes through the SDK against the podman CLI on the same engine, in the same run,
 * and prints ratios (timings alone would say more about the machine than about Mino).
 *
 * <ul>
 *   <li>P1: a sandbox running {@code true}, from start to removed, vs {@code podman run --rm IMAGE true}
 *       (target: at most 1.0x);</li>
 *   <li>P2: {@code ./mino run --image IMAGE -- true}, a new JVM each time, vs the same
 *       {@code podman run} (target: at most 3x; see {@link CliStartupBenchmark}, which also runs it
 *       alone);</li>
 *   <li>P3: 16 sandboxes started concurrently vs the same 16 one after another (target: at most 0.5x);</li>
 *   <li>P4: 200 MB of container stdout read through the SDK vs {@code podman run} attached (target:
 *       at least 0.9x);</li>
 *   <li>P5: the time {@code prepareImage()} takes to decide that a composed image is built already,
 *       over the engine's own round trip for the same question (target: at most 20 ms);</li>
 *   <li>EGRESS: connect latency and throughput to an allowed server through the egress guard,
 *       against a {@code bridge} sandbox (targets: at most +5 ms per connect, at least 0.9x; see
 *       {@link EgressBenchmark}, which also runs it alone);</li>
 *   <li>PROXY: an HTTPS request carrying a credential placeholder through mino's credential proxy,
 *       against the real token sent straight to the same server (target: at most +10 ms per request
 *       on a kept-alive connection; see {@link CredentialProxyBenchmark}, which also runs it alone);</li>
 *   <li>the per-call overhead of the stdio transport ({@code ssh://} and OrbStack engines) against
 *       the Unix socket (no target; see {@link TransportBenchmark}, which also runs it alone).</li>
 * </ul>
 * Settings: {@code CONTAINER_HOST} (required), system properties {@code image} (default
 * {@code localhost/mino-test-busybox:latest}), {@code rounds} (default 15), {@code podman} (the CLI,
 * default {@code podman}), {@code mino} (the launcher P2 runs, default the checkout's {@code ./mino}),
 * {@code only} (a comma-separated choice such as {@code P1,P4,EGRESS,PROXY,TRANSPORT}; default all), and
 * {@code egressImage} for EGRESS and PROXY (default {@code localhost/mino-test-debian:latest}).
 */
public final class SandboxBenchmark {
    private static final long STREAM_BYTES = 200_000_000L;

    private final String engine;
    private final String image;
    private final String podman;
    private final Path project;

    private SandboxBenchmark(String engine, String image, String podman, Path project) {
        this.engine = engine;
        this.image = image;
        this.podman = podman;
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        String engine = engineOrExit();
        int rounds = Integer.getInteger("rounds", 15);
        Path project = Files.createTempDirectory("mino-bench");
        project.toFile().setReadable(true, false);
        project.toFile().setExecutable(true, false);
        SandboxBenchmark bench = new SandboxBenchmark(engine,
            System.getProperty("image", "localhost/mino-test-busybox:latest"),
            System.getProperty("podman", "podman"), project);
        try {
            bench.run(rounds);
        } finally {
            Files.deleteIfExists(project);
        }
    }

    /** The engine to measure, {@code CONTAINER_HOST}; without it, says so and exits with 2. */
    static String engineOrExit() {
        String engine = System.getenv("CONTAINER_HOST");
        if (engine == null || engine.isBlank()) {
            System.err.println("Set CONTAINER_HOST to the Podman service to measure (scripts/test-podman.sh prints it).");
            System.exit(2);
        }
        return engine;
    }

    private void run(int rounds) throws Exception {
        System.out.printf(Locale.ROOT, "Mino benchmark: %s, image %s, %d rounds%n%n", engine, image, rounds);
        if (selected("P1")) {
            startToRemoved(rounds);
        }
        if (selected("P2")) {
            new CliStartupBenchmark(engine, image, podman, CliStartupBenchmark.launcher()).run(rounds);
        }
        if (selected("P3")) {
            sdkTrue();
            double sequential = timeSandboxes(16, 1);
            double concurrent = timeSandboxes(16, 16);
            double p3 = concurrent / sequential;
            report("P3 16 concurrent vs 16 sequential", concurrent * 1000, sequential * 1000, "ms (total)", p3,
                "<= 0.5x", p3 <= 0.5);
        }
        if (selected("P5")) {
            composedImageDecision(rounds);
        }
        if (selected("P4")) {
            stream();
        }
        if (selected("EGRESS")) {
            System.out.println();
            new EgressBenchmark(engine, EgressBenchmark.image()).run(rounds);
        }
        if (selected("PROXY")) {
            System.out.println();
            new CredentialProxyBenchmark(engine, EgressBenchmark.image()).run(rounds);
        }
        if (selected("TRANSPORT")) {
            System.out.println();
            if (engine.startsWith("unix://")) {
                TransportBenchmark.standard(engine).run();
            } else {
                System.out.println("Transport benchmark left out: it needs CONTAINER_HOST=unix://...");
            }
        }
    }

    /** Whether the {@code only} setting (for example {@code P1,P4}) includes this measurement; all by default. */
    private static boolean selected(String measurement) {
        String only = System.getProperty("only", "");
        return only.isBlank() || List.of(only.toUpperCase(Locale.ROOT).split(",")).contains(measurement);
    }

    private void startToRemoved(int rounds) throws Exception {
        // Warm up both paths (JIT, connection pool, image cache).
        for (int i = 0; i < 3; i++) {
            sdkTrue();
            cliTrue();
        }
        List<Double> sdk = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            // Interleaved, so that drift in the machine's load hits both alike.
            sdk.add(sdkTrue());
            cli.add(cliTrue());
        }
        double p1 = median(sdk) / median(cli);
        report("P1 start-to-removed, `true`", median(sdk) * 1000, median(cli) * 1000, "ms (median)", p1, "<= 1.0x",
            p1 <= 1.0);
    }

    /** P4 over three interleaved transfers each way: one transfer alone says more about the moment than the path. */
    private void stream() throws Exception {
        List<Double> sdk = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sdk.add(sdkStreamMbPerSecond());
            cli.add(cliStreamMbPerSecond());
        }
        double p4 = median(sdk) / median(cli);
        report("P4 200 MB of stdout", median(sdk), median(cli), "MB/s (median)", p4, ">= 0.9x", p4 >= 0.9);
    }

    /**
     * P5: how long {@link dev.mino.core.SandboxBuilder#prepareImage()} takes to decide that a
     * composed image is built already (read the layers, hash them, find the engine, ask whether the
     * tag exists) against the engine's own round trip for that question.
     */
    private void composedImageDecision(int rounds) throws IOException {
        Path layerProject = Files.createTempDirectory("mino-bench-layers");
        Path layer = Files.createDirectories(layerProject.resolve(".mino/layers/bench"));
        Files.writeString(layer.resolve("layer.toml"), "[layer]\nname = \"bench\"\ndescription = \"benchmark\"\n"
            + "version = \"1\"\n\n[env]\nBENCH = \"yes\"\n");
        Files.writeString(layer.resolve("install.sh"), "#!/bin/sh\necho " + System.nanoTime() + " > /bench\n");
        dev.mino.core.SandboxBuilder builder = Sandbox.builder().engine(engine).project(layerProject)
            .baseImage(image).trustProjectLayers(true).layers("bench");
        String tag = builder.prepareImage();
        dev.mino.core.internal.podman.PodmanClient client =
            dev.mino.core.internal.sandbox.MinoRuntime.shared().client(engine);
        try {
            List<Double> decide = new ArrayList<>();
            List<Double> roundTrip = new ArrayList<>();
            for (int i = 0; i < 3 * rounds; i++) {
                long start = System.nanoTime();
                if (!tag.equals(builder.prepareImage())) {
                    throw new IllegalStateException("the composed tag changed between runs");
                }
                decide.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                if (!client.images().exists(tag)) {
                    throw new IllegalStateException(tag + " vanished");
                }
                roundTrip.add((System.nanoTime() - start) / 1e6);
            }
            double over = median(decide) - median(roundTrip);
            System.out.printf(Locale.ROOT, "%-36s SDK %9.1f  reference %9.1f %-12s over    %5.1f ms  target <= 20 ms  %s%n",
                "P5 composed image already built?", median(decide), median(roundTrip), "ms (median)", over,
                over <= 20 ? "MET" : "NOT MET");
        } finally {
            client.images().remove(tag, true);
            try (var files = Files.walk(layerProject)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static void report(String name, double sdk, double reference, String unit, double ratio, String target,
                       boolean met) {
        report(name, "SDK", sdk, reference, unit, ratio, target, met);
    }

    /** One line of results; {@code label} names what is measured against the reference. */
    static void report(String name, String label, double measured, double reference, String unit, double ratio,
                       String target, boolean met) {
        System.out.printf(Locale.ROOT, "%-36s %s %9.1f  reference %9.1f %-12s ratio %5.2fx  target %s  %s%n",
            name, label, measured, reference, unit, ratio, target, met ? "MET" : "NOT MET");
    }

    private double sdkTrue() {
        long start = System.nanoTime();
        try (Sandbox sb = Sandbox.builder().engine(engine).image(image).project(project).auditLog(false)
            .command("true").start()) {
            sb.awaitExit(Duration.ofMinutes(2));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double cliTrue() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(podman, "--remote", "--url", engine, "run", "--rm", image, "true")
            .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("podman run failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double timeSandboxes(int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Double>> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                runs.add(pool.submit(this::sdkTrue));
            }
            for (Future<Double> run : runs) {
                run.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private double sdkStreamMbPerSecond() throws IOException {
        long start = System.nanoTime();
        long bytes;
        try (Sandbox sb = Sandbox.builder().engine(engine).image(image).project(project).auditLog(false).attach(true)
            .command("head", "-c", Long.toString(STREAM_BYTES), "/dev/zero").start()) {
            bytes = count(sb.stdout());
            sb.awaitExit(Duration.ofMinutes(5));
        }
        return check(bytes) / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private double cliStreamMbPerSecond() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(podman, "--remote", "--url", engine, "run", "--rm", image, "head", "-c",
            Long.toString(STREAM_BYTES), "/dev/zero").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long bytes = count(p.getInputStream());
        p.waitFor();
        return check(bytes) / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static long check(long bytes) {
        if (bytes != STREAM_BYTES) {
            throw new IllegalStateException("read " + bytes + " bytes, expected " + STREAM_BYTES);
        }
        return bytes;
    }

    private static long count(InputStream in) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
