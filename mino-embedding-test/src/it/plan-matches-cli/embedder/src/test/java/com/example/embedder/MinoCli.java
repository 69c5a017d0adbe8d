package com.example.embedder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The installed reference CLI ({@code dev.mino:mino-cli-example}), run as a user runs it: a JVM of
 * its own with the CLI's jar and its dependencies on the class path (as module cli copied them),
 * in a given folder with exactly the given environment and no terminal.
 */
final class MinoCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path lib;

    private MinoCli(Path lib) {
        this.lib = lib;
    }

    /** The CLI in the folder the build names in the system property {@code embedder.cliLib}. */
    static MinoCli installed() {
        String folder = System.getProperty("embedder.cliLib");
        if (folder == null) {
            throw new IllegalStateException("system property embedder.cliLib is not set: run this test through Maven");
        }
        return new MinoCli(Path.of(folder));
    }

    /** What {@code mino ARGS} prints on stdout in {@code directory}; fails unless it exits with 0. */
    String run(Path directory, Map<String, String> environment, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", lib.resolve("*").toString(), mainClass()));
        command.addAll(args);
        return Processes.stdout(command, directory, environment, TIMEOUT);
    }

    /** The Main-Class of the CLI's own jar, as {@code java -jar} would find it. */
    private String mainClass() {
        try (Stream<Path> jars = Files.list(lib)) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("mino-cli-example-")).findFirst()
                .orElseThrow(() -> new AssertionError("no mino-cli-example jar in " + lib));
            try (JarFile file = new JarFile(jar.toFile())) {
                return file.getManifest().getMainAttributes().getValue("Main-Class");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
