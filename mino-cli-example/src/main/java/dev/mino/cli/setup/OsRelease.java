package dev.mino.cli.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution this host runs, from {@code /etc/os-release}.
 *
 * @param id {@code ID}, for example {@code debian} or {@code ubuntu}; empty when unknown
 * @param idLike {@code ID_LIKE}, the distributions it derives from
 * @param codename {@code VERSION_CODENAME}, for example {@code bookworm}; empty when unknown
 * @param prettyName {@code PRETTY_NAME}, for messages
 */
record OsRelease(String id, List<String> idLike, String codename, String prettyName) {

    static final OsRelease UNKNOWN = new OsRelease("", List.of(), "", "an unknown Linux");

    /** Reads {@code /etc/os-release}; unknown when it cannot be read. */
    static OsRelease read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** Parses the shell-style {@code KEY=value} lines of os-release(5). */
    static OsRelease parse(List<String> lines) {
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, eq).strip(), value);
        }
        String like = values.getOrDefault("ID_LIKE", "").strip();
        return new OsRelease(values.getOrDefault("ID", ""), like.isEmpty() ? List.of() : Arrays.asList(like.split("\\s+")),
            values.getOrDefault("VERSION_CODENAME", ""), values.getOrDefault("PRETTY_NAME", "Linux"));
    }

    /** Debian, Ubuntu, or a distribution derived from them: apt and debootstrap work the same. */
    boolean debianLike() {
        return id.equals("debian") || id.equals("ubuntu") || idLike.contains("debian") || idLike.contains("ubuntu");
    }
}
