package dev.mino.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plugin host's class loader with its own, older Kotlin standard library and Jackson: the shaded
 * core runs a sandbox there, and the plain mino-core breaks on each of them. The failing controls
 * show the conflict is real, so the passing test cannot pass by accident; the plain core in a
 * loader without the old versions shows the loader itself is sound.
 *
 * <p>In the controls the host's version replaces mino's, as when a plugin's build resolves one
 * version of each library (the nearest declaration wins) or a host shares its own copy: with both
 * versions on the path, classes the old jar lacks would still come from the new one.
 */
@RequiresPodman
@Timeout(180)
class PluginClassLoaderIT extends SandboxFolders {
    private static final String RUNNER = "dev.mino.embedding.plugin.PluginRunner";

    @Test
    void shadedCoreRunsASandboxBesideTheHostsOlderKotlinAndJackson() throws IOException {
        try (URLClassLoader plugin = PluginJars.pluginLoader("old-kotlin", "old-jackson", "shaded")) {
            Map<String, String> out = run(plugin, "hello from a plugin");

            // The plugin itself sees and uses the host's versions...
            assertEquals(PluginJars.OLD_KOTLIN, out.get("kotlin"));
            assertEquals(PluginJars.OLD_JACKSON, out.get("jackson"));
            assertEquals("{\"from\":\"plugin\"}", out.get("pluginJson"));
            // ...and mino, loaded by the same loader, ran the sandbox with its own.
            assertEquals("plugin", out.get("sandboxLoader"));
            assertTrue(out.get("plan").contains("\"sleep\""), out.get("plan"));
            assertEquals("0", out.get("exit"));
            assertEquals("hello from a plugin\n", out.get("stdout"));
        }
    }

    @Test
    void plainCoreRunsInTheSameKindOfLoaderWithoutTheOlderVersions() throws IOException {
        try (URLClassLoader plugin = PluginJars.pluginLoader("unshaded")) {
            Map<String, String> out = run(plugin, "plain core");

            assertEquals("0", out.get("exit"));
            assertEquals("plain core\n", out.get("stdout"));
        }
    }

    @Test
    void plainCoreBreaksOnTheHostsOlderKotlin() throws IOException {
        try (URLClassLoader plugin = PluginJars.pluginLoader(concat(PluginJars.group("old-kotlin"),
            PluginJars.groupWithout("unshaded", "kotlin-stdlib-")))) {
            LinkageError error = linkageErrorOf(() -> run(plugin, "never printed"));

            assertTrue(mentions(error, "kotlin"), stackTrace(error));
        }
    }

    @Test
    void plainCoreBreaksOnTheHostsOlderJackson() throws IOException {
        try (URLClassLoader plugin = PluginJars.pluginLoader(concat(PluginJars.group("old-jackson"),
            PluginJars.groupWithout("unshaded", "jackson-databind-", "jackson-core-", "jackson-annotations-")))) {
            LinkageError error = linkageErrorOf(() -> run(plugin, "never printed"));

            assertTrue(mentions(error, "jackson"), stackTrace(error));
        }
    }

    private static List<Path> concat(List<Path> first, List<Path> second) {
        List<Path> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Runs the plugin's code as a host would: through its loader, with that loader as the context loader. */
    private Map<String, String> run(ClassLoader plugin, String message) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin);
        try {
            return PluginJars.runner(plugin, RUNNER).apply(Map.of(
                "engine", TestPodman.address().uri(),
                "image", TestPodman.BUSYBOX_IMAGE,
                "project", project.toString(),
                "state", state.toString(),
                "message", message));
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** The linkage error the call fails with, wherever mino wrapped it. */
    private static LinkageError linkageErrorOf(org.junit.jupiter.api.function.Executable call) {
        Throwable thrown = assertThrows(Throwable.class, call);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof LinkageError linkage) {
                return linkage;
            }
        }
        throw new AssertionError("expected a linkage error, got:\n" + stackTrace(thrown));
    }

    /** Whether the error itself (not its stack) names the library: what is missing or mismatched. */
    private static boolean mentions(LinkageError error, String library) {
        return String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT).contains(library);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
