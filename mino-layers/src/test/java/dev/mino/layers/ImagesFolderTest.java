package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images/ folder cannot be built here (no registry), so its scripts are linted with
 * {@code bash -n}, its manifests parsed, and the bootstrap script run against a scratch home.
 */
class ImagesFolderTest {

    private static final Path IMAGES = Path.of(System.getProperty("basedir", ".")).resolve("../images").normalize();
    private static final Path BOOTSTRAP = IMAGES.resolve("base/mino-bootstrap");
    private static final Path ENTRYPOINT = IMAGES.resolve("base/mino-entrypoint");

    static List<Path> shellScripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(IMAGES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                if (file.toString().endsWith(".sh") || first.matches("#!\\s*(/usr/bin/env bash|/bin/bash).*")) {
                    scripts.add(file);
                }
            }
        }
        return scripts;
    }

    @Test
    void everyShellScriptPassesBashSyntaxCheck() throws Exception {
        List<Path> scripts = shellScripts();
        assertTrue(scripts.size() >= 6, scripts.toString());
        for (Path script : scripts) {
            Commands.Result result = Commands.run(IMAGES, "bash", "-n", script.toString());
            assertEquals(0, result.exitCode(), script + ": " + result.output());
            assertTrue(Files.isExecutable(script), script + " should be executable");
        }
    }

    @Test
    void everyLayerFolderParsesAndMatchesTheJar() throws Exception {
        for (String name : BuiltInLayers.NAMES) {
            Path dir = IMAGES.resolve(name);
            LayerManifest fromFolder = LayerManifest.read(dir.resolve("layer.toml"));
            assertEquals(name, fromFolder.name());
            assertEquals(BuiltInLayers.find(name).orElseThrow().manifest(), fromFolder);
            for (String file : List.of("layer.toml", "install.sh")) {
                assertEquals(Files.readString(dir.resolve(file)), resource("builtin/" + name + "/" + file),
                        name + "/" + file + " in the jar is the images/ copy");
            }
        }
    }

    @Test
    void bootstrapSetsUpAHomeOnceAndSaysSo(@TempDir Path home) throws Exception {
        requireInCi(onPath("jq"), "jq is needed to read MINO_LAYER_MANIFEST");
        String manifest = "[{\"name\":\"odd\",\"runtime\":\"sdkman\"},{\"name\":\"plain\"},{\"name\":\"../x\"}]";

        Commands.Result first = bootstrap(home, Map.of("MINO_LAYER_MANIFEST", manifest));

        assertEquals(0, first.exitCode(), first.output());
        List<String> lines = first.output().lines().toList();
        assertEquals("Bootstrapping home directory...", lines.get(0), first.output());
        assertTrue(lines.contains("Unknown runtime 'sdkman' for layer 'odd', skipping"), first.output());
        assertTrue(lines.contains("Skipping layer with invalid name '../x'"), first.output());
        assertEquals("Bootstrap complete.", lines.get(lines.size() - 1));
        assertTrue(Files.exists(home.resolve(".mino-bootstrapped")));
        assertTrue(Files.exists(home.resolve(".mino-bootstrap.d/skeleton")));
        assertTrue(Files.exists(home.resolve(".mino-bootstrap.d/layer-odd")));
        assertTrue(Files.exists(home.resolve(".mino-bootstrap.d/layer-plain")));
        assertFalse(Files.exists(home.resolve(".mino-bootstrap.d/../x")));

        Commands.Result again = bootstrap(home, Map.of("MINO_LAYER_MANIFEST", manifest));
        assertEquals(List.of("Skipping layer with invalid name '../x'", "Bootstrap complete."),
                again.output().lines().toList(), "done steps are not repeated");

        Commands.Result quiet = bootstrap(home, Map.of("MINO_QUIET_BOOTSTRAP", "1"));
        assertEquals(0, quiet.exitCode());
        assertEquals("", quiet.output());
    }

    @Test
    void bootstrapWarnsAboutAnOlderHomeEvenWhenQuiet(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve(".mino-bootstrapped"), "20240101\n");

        Commands.Result result = bootstrap(home, Map.of("MINO_QUIET_BOOTSTRAP", "1"));

        assertEquals(0, result.exitCode());
        assertTrue(result.output().startsWith("Home bootstrapped with 20240101, current image is "), result.output());
        assertTrue(result.output().contains("Run 'mino cache clear --home' to reset, or ignore this message."));
    }

    @Test
    void entrypointPrependsLayerPathsAndExecsTheCommand(@TempDir Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ENTRYPOINT.toString(), "printenv", "PATH");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("MINO_PATH_PREPEND", "/layer/a:/layer/b");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertEquals(0, process.waitFor());
        assertTrue(path.startsWith("/layer/a:/layer/b:" + home + "/.claude/bin:"), path);
    }

    private static Commands.Result bootstrap(Path home, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", BOOTSTRAP.toString()).redirectErrorStream(true);
        pb.environment().remove("MINO_QUIET_BOOTSTRAP");
        pb.environment().remove("MINO_LAYER_MANIFEST");
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Commands.Result(process.waitFor(), output);
    }

    /**
     * Skips the test without {@code what}, except in CI ({@code CI} true-ish), whose setup installs
     * it: there the test fails instead. (mino-core's test Prerequisites does the same; this module
     * cannot depend on mino-core.)
     */
    private static void requireInCi(boolean met, String what) {
        String ci = String.valueOf(System.getenv("CI")).strip().toLowerCase(java.util.Locale.ROOT);
        if (!met && List.of("1", "true", "yes", "on").contains(ci)) {
            throw new AssertionError("in CI this test must run: " + what);
        }
        assumeTrue(met, what);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = BuiltInLayers.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
