package dev.mino.core.internal.podman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.PodmanConflictException;
import dev.mino.core.PodmanException;
import dev.mino.core.PodmanNotFoundException;
import java.io.IOException;
import java.util.Locale;

/**
 * Maps Podman's error answers ({@code {"cause","message","response"}}, or plain text for
 * router-level 404/405) to exceptions. Podman answers 500 for many not-found and conflict cases,
 * so the decision is made on the cause and message, the status only backing it up.
 */
final class PodmanErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PodmanErrors() {
    }

    static PodmanException fromAnswer(int status, String body, String what) {
        String text = body == null ? "" : body.strip();
        String cause = "";
        String message = text.isEmpty() ? "HTTP " + status : text;
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                cause = node.path("cause").asText("");
                message = node.path("message").asText(message);
            } catch (IOException e) {
                // Not JSON after all: keep the text as the message.
            }
        }
        String full = what + " failed: " + message;
        String lower = (cause + " " + message).toLowerCase(Locale.ROOT);
        if (status == 404 || lower.contains("no such") || lower.contains("not known")
            || lower.contains("failed to find")) {
            return new PodmanNotFoundException(full, "check the name or id; it may have been removed already",
                status, cause);
        }
        if (status == 409 || lower.contains("already in use") || lower.contains("already exists")
            || lower.contains("name in use") || lower.contains("state improper") || lower.contains("being used")
            || lower.contains("in use by")) {
            return new PodmanConflictException(full, "choose another name, or stop or remove what holds it",
                status, cause);
        }
        return new PodmanException(full, "see Podman's message; 'podman info' shows the engine's state",
            status, cause);
    }
}
