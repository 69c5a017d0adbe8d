package dev.mino.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The jars the build copies for these tests (see this module's pom), by group: {@code shaded}
 * (mino-core-shaded), {@code unshaded} (mino-core and its runtime dependencies), {@code credentials}
 * (mino-credentials alone), {@code old-kotlin} and {@code old-jackson} (what a plugin host
 * carries), and plugin class loaders made of them.
 */
final class PluginJars {
    static final String OLD_KOTLIN = property("mino.embedding.oldKotlin");
    static final String OLD_JACKSON = property("mino.embedding.oldJackson");
    private static final Path ROOT = Path.of(property("mino.embedding.jars"));
    /** Where the plugin's own code (the runner) was compiled to. */
    private static final Path PLUGIN_CLASSES = codeSource();

    private PluginJars() {
    }

    /** The jars of one group; fails if the build copied none. */
    static List<Path> group(String name) {
        Path dir = ROOT.resolve(name);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + dir + "; run the build through 'verify'");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + "; run the build through 'verify'", e);
        }
    }

    /** The one jar of a group. */
    static Path single(String name) {
        List<Path> jars = group(name);
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one jar in " + name + ", found " + jars);
        }
        return jars.get(0);
    }

    /** The jars of a group but those whose file names start with one of the prefixes. */
    static List<Path> groupWithout(String name, String... prefixes) {
        return group(name).stream()
            .filter(jar -> Stream.of(prefixes).noneMatch(prefix -> jar.getFileName().toString().startsWith(prefix)))
            .toList();
    }

    /** A plugin class loader of whole groups; see {@link #pluginLoader(List)}. */
    static URLClassLoader pluginLoader(String... groups) {
        List<Path> jars = new ArrayList<>();
        for (String group : groups) {
            jars.addAll(group(group));
        }
        return pluginLoader(jars);
    }

    /**
     * A class loader as a plugin host makes one: the plugin's classes and its libraries, in the
     * order given (earlier wins), over the platform class loader, so that nothing of this test's
     * own class path shows through.
     */
    static URLClassLoader pluginLoader(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(url(jar));
        }
        urls.add(url(PLUGIN_CLASSES));
        return new URLClassLoader("plugin", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /**
     * A new instance of a runner class of the plugin, made through the plugin's loader: the
     * caller sees it only as a JDK interface, so nothing of the plugin's classes leaks out.
     */
    @SuppressWarnings("unchecked")
    static Function<Map<String, String>, Map<String, String>> runner(ClassLoader plugin, String className) {
        try {
            return (Function<Map<String, String>, Map<String, String>>) Class.forName(className, true, plugin)
                .getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the plugin's " + className, e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path codeSource() {
        try {
            return Path.of(PluginJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run through Maven's failsafe");
        }
        return value;
    }
}
