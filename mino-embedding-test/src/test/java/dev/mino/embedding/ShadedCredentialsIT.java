package dev.mino.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * mino-credentials beside the shaded core instead of mino-core: it links only to mino's own
 * classes, which the shaded jar has under the same names, and its providers are found and work
 * in a plugin class loader that also holds the host's older Kotlin and Jackson. The cloud SDKs
 * bring their own Jackson or Netty; nothing of theirs meets mino's relocated copies. No Podman.
 */
class ShadedCredentialsIT {
    private static final String RUNNER = "dev.mino.embedding.plugin.CredentialsRunner";
    private static final Pattern RELOCATED_LIBRARIES =
        Pattern.compile("^(kotlin|okhttp3|okio|com/fasterxml/jackson)/.*");

    @Test
    void credentialsLinkOnlyToMinoClassesTheShadedJarHas() throws IOException {
        Set<String> shaded = new TreeSet<>();
        try (JarFile jar = new JarFile(PluginJars.single("shaded").toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                shaded.add(entry.getName());
            }
        }
        Set<String> problems = new TreeSet<>();
        int minoLinks = 0;
        try (JarFile jar = new JarFile(PluginJars.single("credentials").toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                for (String type : ClassReferences.of(jar.getInputStream(entry).readAllBytes())) {
                    if (RELOCATED_LIBRARIES.matcher(type).matches()) {
                        problems.add(entry.getName() + " uses " + type + ", which the shaded core relocates");
                    } else if (type.startsWith("dev/mino/") && !type.startsWith("dev/mino/credentials/")) {
                        minoLinks++;
                        if (!shaded.contains(type + ".class")) {
                            problems.add(entry.getName() + " -> " + type + " is not in the shaded jar");
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), problems);
        assertTrue(minoLinks > 10, "the check saw " + minoLinks + " links to mino-core");
    }

    @Test
    void providersAreFoundAndMintInAPluginLoaderWithTheHostsOlderLibraries() throws IOException {
        try (URLClassLoader plugin = PluginJars.pluginLoader("old-kotlin", "old-jackson", "shaded", "credentials")) {
            Map<String, String> out = PluginJars.runner(plugin, RUNNER).apply(Map.of("token", "gho_embedding_test"));

            // Found through ServiceLoader; the cloud SDKs are not in this plugin, and the factories say so.
            assertEquals("true", out.get("factory.github"), out.toString());
            assertEquals("false", out.get("factory.aws"), out.toString());
            assertEquals("false", out.get("factory.gcp"), out.toString());
            assertEquals("false", out.get("factory.azure"), out.toString());
            assertEquals("gho_embedding_test", out.get("secret.GH_TOKEN"), out.toString());
            assertEquals("gho_embedding_test", out.get("secret.GITHUB_TOKEN"), out.toString());
        }
    }
}
