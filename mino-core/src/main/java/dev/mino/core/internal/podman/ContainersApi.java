package dev.mino.core.internal.podman;

import static dev.mino.core.internal.podman.PodmanTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.PodmanException;
import dev.mino.core.PodmanNotFoundException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;

/** The libpod container endpoints. */
public final class ContainersApi {
    private final PodmanTransport transport;
    /** How often a remove is tried while Podman reports a state it gets over at once (see passing). */
    private static final int REMOVE_ATTEMPTS = 8;

    ContainersApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * Creates a container from a SpecGenerator body (a JSON-serializable map or record). Podman
     * silently ignores fields it does not know, so callers must verify settings in a container.
     */
    public ContainerCreated create(Object spec) {
        Request request = transport.post("containers/create", Map.of(), transport.jsonBody(spec)).build();
        return transport.call(request, "create container", ContainerCreated.class);
    }

    /** Creates the container's runtime state without starting it (needed to size a TTY before start). */
    public void init(String id) {
        transport.call(transport.post("containers/" + segment(id) + "/init", Map.of(), PodmanTransport.emptyBody())
            .build(), "initialize container " + id);
    }

    /** Starts the container; starting a running one is not an error. */
    public void start(String id) {
        transport.call(transport.post("containers/" + segment(id) + "/start", Map.of(), PodmanTransport.emptyBody())
            .build(), "start container " + id);
    }

    /**
     * Waits until the container has exited and returns its exit code. Podman answers 0 at once for a
     * container that never started; check {@link ContainerState#hasStarted()} when that matters.
     *
     * @param pollInterval how often Podman checks (its default of 250 ms adds a quarter second)
     */
    public int waitForExit(String id, Duration pollInterval) {
        Map<String, Object> query = Map.of("condition", List.of("exited", "stopped"),
            "interval", Math.max(1, pollInterval.toMillis()) + "ms");
        String text = transport.callText(transport.post("containers/" + segment(id) + "/wait", query,
            PodmanTransport.emptyBody()).build(), "wait for container " + id, true);
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new PodmanException("wait for container " + id + " gave '" + text.strip() + "', not an exit code",
                "report this together with 'podman version'", 200, "");
        }
    }

    /** Stops the container: SIGTERM (or its stop signal), then SIGKILL after {@code timeout}. */
    public void stop(String id, Duration timeout) {
        transport.call(transport.post("containers/" + segment(id) + "/stop",
            Map.of("timeout", Math.max(0, timeout.toSeconds())), PodmanTransport.emptyBody()).build(),
            "stop container " + id);
    }

    /** Sends a signal (for example {@code SIGKILL}); a container that is not running is a conflict. */
    public void kill(String id, String signal) {
        transport.call(transport.post("containers/" + segment(id) + "/kill", Map.of("signal", signal),
            PodmanTransport.emptyBody()).build(), "kill container " + id);
    }

    /**
     * Removes the container, stopping it first if needed, with its anonymous volumes.
     *
     * @return false when there was no such container
     */
    public boolean remove(String id, boolean force) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("force", force);
        query.put("v", true);
        // Without a timeout a forced remove waits the container's whole stop timeout.
        query.put("timeout", 0);
        for (int attempt = 1; ; attempt++) {
            try {
                transport.call(transport.delete("containers/" + segment(id), query).build(), "remove container " + id);
                return true;
            } catch (PodmanNotFoundException e) {
                // Gone: after a retry, the first attempt got that far.
                return attempt > 1;
            } catch (PodmanException e) {
                if (attempt >= REMOVE_ATTEMPTS || !passing(e)) {
                    throw e;
                }
                sleepBeforeRetry();
            }
        }
    }

    /**
     * Whether a failed remove is one Podman 4.3 gets over at once: a rootful engine sometimes
     * still holds the container's /dev/shm mount for a moment after it ended ("unlinkat
     * .../userdata/shm: device or resource busy"), and a container that exits while a forced remove
     * stops it makes the remove fail ("sending SIGKILL ...: container state improper: stopped").
     */
    private static boolean passing(PodmanException e) {
        String message = e.getMessage();
        return message.contains("device or resource busy") || message.contains("container state improper");
    }

    private static void sleepBeforeRetry() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PodmanException("interrupted while removing a container", "try again", 0, "");
        }
    }

    /** Inspects the container, or empty when it does not exist. */
    public Optional<ContainerState> inspect(String id) {
        try {
            JsonNode node = transport.callTree(transport.get("containers/" + segment(id) + "/json", Map.of()).build(),
                "inspect container " + id);
            return Optional.of(ContainerState.from(node));
        } catch (PodmanNotFoundException e) {
            return Optional.empty();
        }
    }

    /** True when a container of that name or id exists. */
    public boolean exists(String id) {
        try {
            transport.call(transport.get("containers/" + segment(id) + "/exists", Map.of()).build(),
                "check container " + id);
            return true;
        } catch (PodmanNotFoundException e) {
            return false;
        }
    }

    /** Lists containers matching the filters, including stopped ones when {@code all}. */
    public List<ContainerSummary> list(Filters filters, boolean all) {
        ContainerSummary[] found = transport.call(transport.get("containers/json",
            Map.of("all", all, "filters", filters.toJson())).build(), "list containers", ContainerSummary[].class);
        return List.of(found);
    }

    /**
     * Attaches to the container's streams; call before {@link #start} so no output is lost (Podman
     * answers the attach at once and relays output from the start on).
     */
    public HijackedStream attach(String id, boolean stdin) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("stream", true);
        query.put("stdin", stdin);
        query.put("stdout", true);
        query.put("stderr", true);
        return transport.hijack(transport.url("containers/" + segment(id) + "/attach", query),
            PodmanTransport.emptyBody(), "attach to container " + id);
    }

    /**
     * The container's logs as multiplexed frames (also for TTY containers, whose output is all in
     * stdout frames); the caller closes the stream.
     *
     * @param tail how many lines from the end, or -1 for all
     */
    public InputStream logs(String id, boolean follow, int tail) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("stdout", true);
        query.put("stderr", true);
        query.put("follow", follow);
        if (tail >= 0) {
            query.put("tail", tail);
        }
        Response response = transport.send(transport.get("containers/" + segment(id) + "/logs", query).build(),
            "read logs of container " + id, true);
        return response.body().byteStream();
    }

    /** Sets the size of the container's TTY; the container must be initialized or running. */
    public void resize(String id, int rows, int columns) {
        transport.call(transport.post("containers/" + segment(id) + "/resize", Map.of("h", rows, "w", columns),
            PodmanTransport.emptyBody()).build(), "resize container " + id);
    }
}
