package dev.mino.cli.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The apt mirror this host itself installs its release from, read from {@code /etc/apt}: the
 * local image is bootstrapped from the same place, so mino never names a mirror host of its own
 * (and a host behind a corporate mirror keeps using it).
 */
final class AptSources {
    private AptSources() {
    }

    /** The mirror of {@code suite} in the sources under {@code aptDirectory} (normally {@code /etc/apt}). */
    static Optional<String> mirror(Path aptDirectory, String suite) {
        List<String> deb822 = new ArrayList<>();
        List<String> oneLine = new ArrayList<>();
        read(aptDirectory.resolve("sources.list")).ifPresent(oneLine::add);
        Path parts = aptDirectory.resolve("sources.list.d");
        if (Files.isDirectory(parts)) {
            try (Stream<Path> files = Files.list(parts)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".sources")) {
                        read(file).ifPresent(deb822::add);
                    } else if (name.endsWith(".list")) {
                        read(file).ifPresent(oneLine::add);
                    }
                }
            } catch (IOException e) {
                // An unreadable folder is as good as an empty one.
            }
        }
        return mirror(deb822, oneLine, suite);
    }

    /**
     * The first {@code deb} source for {@code suite}: deb822 stanzas ({@code .sources} files) first,
     * as current Debian and Ubuntu write them, then one-line {@code deb URI SUITE COMPONENTS} entries.
     */
    static Optional<String> mirror(List<String> deb822Files, List<String> oneLineFiles, String suite) {
        for (String text : deb822Files) {
            for (String stanza : text.split("\\n\\s*\\n")) {
                Optional<String> uri = fromStanza(stanza, suite);
                if (uri.isPresent()) {
                    return uri;
                }
            }
        }
        for (String text : oneLineFiles) {
            for (String line : text.lines().toList()) {
                Optional<String> uri = fromLine(line, suite);
                if (uri.isPresent()) {
                    return uri;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> fromStanza(String stanza, String suite) {
        List<String> types = List.of();
        List<String> uris = List.of();
        List<String> suites = List.of();
        boolean enabled = true;
        for (String line : stanza.lines().toList()) {
            if (line.startsWith("#") || line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            List<String> words = words(line.substring(colon + 1));
            switch (key) {
                case "types" -> types = words;
                case "uris" -> uris = words;
                case "suites" -> suites = words;
                case "enabled" -> enabled = !words.contains("no");
                default -> {
                }
            }
        }
        if (enabled && types.contains("deb") && suites.contains(suite)) {
            return uris.stream().filter(AptSources::usable).findFirst();
        }
        return Optional.empty();
    }

    private static Optional<String> fromLine(String line, String suite) {
        String text = line.strip();
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash).strip();
        }
        if (!text.startsWith("deb ") && !text.startsWith("deb\t")) {
            return Optional.empty();
        }
        // Options such as [arch=amd64 signed-by=...] come in brackets before the URI.
        text = text.substring(3).strip().replaceFirst("^\\[[^]]*]\\s*", "");
        List<String> words = words(text);
        if (words.size() >= 2 && words.get(1).equals(suite) && usable(words.get(0))) {
            return Optional.of(words.get(0));
        }
        return Optional.empty();
    }

    /** A mirror debootstrap can fetch from: http(s) or ftp, not a CD-ROM or a local file. */
    private static boolean usable(String uri) {
        return uri.startsWith("http://") || uri.startsWith("https://") || uri.startsWith("ftp://");
    }

    private static List<String> words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
