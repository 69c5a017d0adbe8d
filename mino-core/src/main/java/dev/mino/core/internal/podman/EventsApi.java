package dev.mino.core.internal.podman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;

/** Podman's event stream ({@code GET /events?stream=true}), as far as Mino follows it. */
public final class EventsApi {
    private final PodmanTransport transport;

    EventsApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * Opens a stream of container deaths (Podman's {@code died} events) from now on. Returns once
     * Podman has answered, so that a container started afterwards cannot die unseen.
     */
    public Deaths containerDeaths() {
        String filters;
        try {
            filters = transport.json().writeValueAsString(Map.of("type", List.of("container"),
                "event", List.of("died")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Call call = transport.streamingCall(transport.get("events", Map.of("stream", "true", "filters", filters))
            .build());
        return new Deaths(call, transport.send(call, "follow events"), transport.json().readerFor(JsonNode.class));
    }

    /** An open stream of container deaths; blocking, for one reading thread. */
    public static final class Deaths implements AutoCloseable {
        private final Call call;
        private final Response response;
        private final ObjectReader reader;
        private MappingIterator<JsonNode> events;

        private Deaths(Call call, Response response, ObjectReader reader) {
            this.call = call;
            this.response = response;
            this.reader = reader;
        }

        /**
         * The id of the next container that died, waiting for it; empty when the stream has ended
         * (the service stopped, or {@link #close()} was called).
         */
        public Optional<String> next() {
            try {
                if (events == null) {
                    // Made here, in the reading thread: making it reads the first token, which
                    // blocks until the first event.
                    events = reader.readValues(response.body().byteStream());
                }
                while (events.hasNextValue()) {
                    JsonNode event = events.nextValue();
                    String id = event.path("Actor").path("ID").asText(event.path("id").asText(""));
                    if (!id.isEmpty()) {
                        return Optional.of(id);
                    }
                }
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                // A broken or closed connection ends the stream like the service's own end does.
                return Optional.empty();
            }
        }

        /** Ends the stream; a blocked {@link #next()} returns empty. Idempotent. */
        @Override
        public void close() {
            // Cancelled first, which closes the connection: closing the response alone makes
            // OkHttp read the stream to its end, and a stream of deaths has none while nothing
            // dies (a CLI run with an allowlist hung at exit there).
            call.cancel();
            response.close();
        }
    }
}
