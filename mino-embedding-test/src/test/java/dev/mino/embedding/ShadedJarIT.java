package dev.mino.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What mino-core-shaded must be for a plugin host: no class outside mino's own packages, no link
 * to an unrelocated OkHttp, Okio, Kotlin or Jackson class, nothing removed by shrinking that a
 * kept class still links to, Jackson's services under the relocated names, and a size near the
 * one the README states. No Podman needed.
 */
class ShadedJarIT {
    /** The libraries that are relocated, by their original internal names. */
    private static final Pattern UNRELOCATED = Pattern.compile("^(kotlin|okhttp3|okio|com/fasterxml/jackson)/.*");
    private static final String SHADED = "dev/mino/internal/shaded/";
    /**
     * Classes that may be absent: class-retention annotations, and the TLS providers OkHttp looks
     * for at run time and does without (proguard.pro in mino-core-shaded names the same).
     */
    private static final Pattern OPTIONAL = Pattern.compile(
        "^(org/jetbrains/annotations|org/intellij/lang/annotations|org/codehaus/mojo/animal_sniffer"
            + "|org/conscrypt|org/bouncycastle|org/openjsse)/.*");
    /**
     * The aim for the core with its dependencies (unshrunk, the jar is 6.4 MB; the README
     * gives the figure measured last). When it trips, look at what grew before raising it.
     */
    private static final long MAX_BYTES = 4_000_000;

    @Test
    void holdsNothingOutsideMinosPackagesAndMetaInf() throws IOException {
        List<String> strays = new ArrayList<>();
        try (JarFile jar = new JarFile(PluginJars.single("shaded").toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.startsWith("dev/mino/") && !name.startsWith("META-INF/") && !name.equals("dev/")) {
                    strays.add(name);
                }
            }
        }
        assertEquals(List.of(), strays);
    }

    @Test
    void noClassLinksToAnUnrelocatedLibraryClass() throws IOException {
        Set<String> unrelocated = new TreeSet<>();
        int classes = 0;
        int shadedLinks = 0;
        try (JarFile jar = new JarFile(PluginJars.single("shaded").toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                classes++;
                for (String type : ClassReferences.of(jar.getInputStream(entry).readAllBytes())) {
                    if (UNRELOCATED.matcher(type).matches()) {
                        unrelocated.add(entry.getName() + " -> " + type);
                    } else if (type.startsWith(SHADED)) {
                        shadedLinks++;
                    }
                }
            }
        }
        assertEquals(Set.of(), unrelocated);
        // Positive control: the reader does find library links, under their relocated names.
        assertTrue(classes > 1000 && shadedLinks > 1000, classes + " classes, " + shadedLinks + " relocated links");
    }

    @Test
    void everyClassAKeptClassLinksToIsInTheJarOrTheJdk() throws IOException {
        Set<String> inJar = new TreeSet<>();
        Map<String, Set<String>> linksByClass = new TreeMap<>();
        try (JarFile jar = new JarFile(PluginJars.single("shaded").toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    inJar.add(name.substring(0, name.length() - ".class".length()));
                    linksByClass.put(name, ClassReferences.of(jar.getInputStream(entry).readAllBytes()));
                }
            }
        }
        Set<String> missing = new TreeSet<>();
        linksByClass.forEach((from, links) -> links.stream()
            .filter(type -> !inJar.contains(type) && !OPTIONAL.matcher(type).matches() && !inJdk(type))
            .forEach(type -> missing.add(from + " -> " + type)));
        assertEquals(Set.of(), missing, "shrinking removed classes that kept code still links to");
        // Positive control: the check sees JDK links as such, and a made-up name as missing.
        assertTrue(inJdk("java/lang/String") && !inJdk("dev/mino/NoSuchClass"));
    }

    private static boolean inJdk(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Test
    void jacksonsServicesAreRegisteredUnderTheirRelocatedNames() throws IOException {
        try (JarFile jar = new JarFile(PluginJars.single("shaded").toFile())) {
            String factories = new String(jar.getInputStream(
                jar.getEntry("META-INF/services/dev.mino.internal.shaded.jackson.core.JsonFactory")).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(factories.contains("dev.mino.internal.shaded.jackson.core.JsonFactory"), factories);
            assertEquals(null, jar.getEntry("META-INF/services/com.fasterxml.jackson.core.JsonFactory"));
        }
    }

    @Test
    void staysWithinTheSizeTheReadmeStates() throws IOException {
        Path jar = PluginJars.single("shaded");
        long size = Files.size(jar);
        assertTrue(size <= MAX_BYTES, jar + " is " + size + " bytes, more than " + MAX_BYTES);
    }
}
