package dev.mino.credentials.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the token the GitHub CLI stored for a host in its {@code hosts.yml}. The file is a flat
 * map of host names to settings, so a line-based reader does; a YAML library would add a
 * dependency for one value. Newer gh versions keep the token in the system keyring instead, and
 * then this finds nothing and {@code gh auth token} is asked.
 *
 * <pre>
 * github.com:
 *     user: octocat
 *     oauth_token: gho_...
 *     users:
 *         octocat:
 *             oauth_token: gho_...
 * </pre>
 */
public final class GhHostsFile {
    private static final String TOKEN_KEY = "oauth_token";

    private GhHostsFile() {
    }

    /**
     * The host's {@code oauth_token}, if the file has one directly under the host.
     *
     * @throws IOException when the file exists but cannot be read
     */
    public static Optional<String> token(Path hostsFile, String host) throws IOException {
        if (!Files.isRegularFile(hostsFile)) {
            return Optional.empty();
        }
        return token(Files.readAllLines(hostsFile, StandardCharsets.UTF_8), host);
    }

    /** The host's {@code oauth_token} in the file's lines. */
    static Optional<String> token(List<String> lines, String host) {
        boolean inHost = false;
        int childIndent = -1;
        for (String line : lines) {
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            int indent = indentOf(line);
            if (indent == 0) {
                inHost = unquote(keyOf(content)).equalsIgnoreCase(host) && valueOf(content).isEmpty();
                childIndent = -1;
                continue;
            }
            if (!inHost) {
                continue;
            }
            if (childIndent < 0) {
                childIndent = indent;
            }
            // Deeper lines belong to nested maps such as "users:", whose tokens are per account.
            if (indent == childIndent && keyOf(content).equals(TOKEN_KEY)) {
                String token = unquote(valueOf(content));
                if (!token.isEmpty()) {
                    return Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String keyOf(String content) {
        int colon = content.indexOf(':');
        return colon < 0 ? content : content.substring(0, colon).strip();
    }

    private static String valueOf(String content) {
        int colon = content.indexOf(':');
        if (colon < 0) {
            return "";
        }
        String value = content.substring(colon + 1).strip();
        int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
