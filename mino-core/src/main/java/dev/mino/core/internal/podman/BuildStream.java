package dev.mino.core.internal.podman;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ImageBuildException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the JSON messages of a {@code POST /build} answer. Podman answers 200 before the build
 * runs, so a failure arrives as a message inside the stream ({@code {"errorDetail":{"message"},
 * "error"}}), never as an HTTP status; and the image id is not a field of its own but the last line
 * of text ({@code {"stream":"<64 hex>\n"}}; Docker-style {@code aux.ID} is taken too, in case a
 * later Podman sends it).
 */
final class BuildStream {
    /** How many lines of output a build failure carries. */
    static final int KEPT_LINES = 50;

    private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?([0-9a-f]{64})");

    private final String what;
    private final Consumer<String> progress;
    private final LastLines lastLines = new LastLines(KEPT_LINES);
    // A "stream" text is not promised to end at a line break, so a part line waits for the rest.
    private final StringBuilder partLine = new StringBuilder();
    private String lastLine = "";
    private String auxId;
    private String error;

    /**
     * @param what names the build in messages, for example {@code build image localhost/x:latest}
     * @param progress receives every line of output as it arrives, without its line break
     */
    BuildStream(String what, Consumer<String> progress) {
        this.what = Objects.requireNonNull(what, "what");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Takes one message of the stream. */
    void accept(JsonNode message) {
        JsonNode stream = message.get("stream");
        if (stream != null && stream.isTextual()) {
            text(stream.asText());
        }
        JsonNode aux = message.path("aux").path("ID");
        if (aux.isTextual()) {
            auxId = aux.asText();
        }
        String failure = message.path("errorDetail").path("message").asText("");
        if (failure.isBlank()) {
            failure = message.path("error").asText("");
        }
        if (!failure.isBlank() && error == null) {
            error = failure.strip();
        }
    }

    private void text(String text) {
        int start = 0;
        int newline;
        while ((newline = text.indexOf('\n', start)) >= 0) {
            partLine.append(text, start, newline);
            line();
            start = newline + 1;
        }
        partLine.append(text, start, text.length());
    }

    private void line() {
        int end = partLine.length();
        if (end > 0 && partLine.charAt(end - 1) == '\r') {
            end--;
        }
        String line = partLine.substring(0, end);
        partLine.setLength(0);
        lastLines.add(line);
        if (!line.isBlank()) {
            lastLine = line;
        }
        progress.accept(line);
    }

    /**
     * Ends the stream and returns the id of the image built.
     *
     * @throws ImageBuildException when the build reported a failure, or the stream ended without
     *     an image id
     */
    String finish() {
        if (partLine.length() > 0) {
            line();
        }
        if (error != null) {
            throw new ImageBuildException(what + " failed: " + error,
                "fix the step named in the message; lastOutput() holds the last " + KEPT_LINES
                    + " lines of the build output", lastLines.lines());
        }
        for (String candidate : new String[] {auxId, lastLine.strip()}) {
            if (candidate != null) {
                var match = IMAGE_ID.matcher(candidate);
                if (match.matches()) {
                    return match.group(1);
                }
            }
        }
        throw new ImageBuildException(what + " ended without reporting an image id",
            "the connection to Podman may have been cut; check 'podman images' and the build output",
            lastLines.lines());
    }

    /** The last lines of output so far, oldest first. */
    List<String> lastLines() {
        return lastLines.lines();
    }
}
