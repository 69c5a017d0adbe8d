package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.podman.EventsApi;
import dev.mino.core.internal.podman.PodmanClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells sandboxes when their container dies, from one event stream per engine. Podman 4.3's wait
 * endpoint polls the container's state, and each poll runs the OCI runtime's {@code state}
 * command: at the short interval a prompt exit needs, a waiting sandbox costs a tenth of a CPU
 * for as long as it runs. Events cost nothing while nothing happens.
 *
 * <p>One per engine client of a {@link MinoRuntime}, which closes it.
 *
 * <p>A death can be missed (the stream breaks, or it opened a moment too late), so watchers also
 * look at the container now and then; a stream that cannot be opened at all (events switched off)
 * makes {@link #watch} fail at once, and the watcher then waits the old way.
 */
final class ContainerDeaths {
    private static final System.Logger LOG = System.getLogger(ContainerDeaths.class.getName());
    /** Deaths seen before anyone asked: a short command can end before its watcher registers. */
    private static final int RECENT = 1024;
    /** How long a caller waits for the stream to open. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    private final PodmanClient client;
    private final MinoRuntime runtime;
    private final Map<String, CompletableFuture<Void>> watched = new ConcurrentHashMap<>();
    private final Map<String, Boolean> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    };
    private EventsApi.Deaths stream;
    private CompletableFuture<Boolean> opening;
    private boolean closed;

    /** Follows nothing until asked; its reading thread is one of {@code runtime}'s. */
    ContainerDeaths(PodmanClient client, MinoRuntime runtime) {
        this.client = client;
        this.runtime = runtime;
    }

    /**
     * Follows the engine's deaths unless already doing so, returning once the stream is open. The
     * stream is opened by its reading thread; a service that takes longer than
     * {@link #OPEN_TIMEOUT} to answer (a wedged one) does not hold up the caller, who is told false
     * and may ask again.
     *
     * @return false when the engine's events cannot be followed (now)
     */
    boolean listen() {
        CompletableFuture<Boolean> opened;
        synchronized (this) {
            if (stream != null) {
                return true;
            }
            if (closed) {
                return false;
            }
            if (opening == null) {
                CompletableFuture<Boolean> attempt = new CompletableFuture<>();
                opening = attempt;
                runtime.thread("mino-events", () -> follow(attempt)).start();
            }
            opened = opening;
        }
        try {
            return opened.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Opens the stream and reads it to its end, in the reading thread. */
    private void follow(CompletableFuture<Boolean> attempt) {
        EventsApi.Deaths deaths;
        try {
            deaths = client.events().containerDeaths();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot follow the events of " + client.address().uri() + ": " + e.getMessage());
            synchronized (this) {
                opening = null;
            }
            attempt.complete(false);
            return;
        }
        synchronized (this) {
            opening = null;
            if (closed) {
                deaths.close();
                attempt.complete(false);
                return;
            }
            stream = deaths;
        }
        attempt.complete(true);
        read(deaths);
    }

    /**
     * A future that completes when the container dies, or fails when deaths can no longer be seen
     * (then the caller must ask Podman itself).
     */
    CompletableFuture<Void> watch(String containerId) {
        CompletableFuture<Void> death = new CompletableFuture<>();
        if (!listen()) {
            death.completeExceptionally(new IllegalStateException("the engine's events cannot be followed"));
            return death;
        }
        watched.put(containerId, death);
        synchronized (this) {
            if (recent.containsKey(containerId)) {
                death.complete(null);
            }
        }
        return death;
    }

    /** Stops following: the reading thread ends, and no stream is opened again. */
    void close() {
        EventsApi.Deaths open;
        synchronized (this) {
            closed = true;
            open = stream;
        }
        if (open != null) {
            open.close();
        }
    }

    void forget(String containerId) {
        watched.remove(containerId);
    }

    private void read(EventsApi.Deaths deaths) {
        try (deaths) {
            for (Optional<String> id = deaths.next(); id.isPresent(); id = deaths.next()) {
                synchronized (this) {
                    recent.put(id.get(), Boolean.TRUE);
                }
                CompletableFuture<Void> death = watched.get(id.get());
                if (death != null) {
                    death.complete(null);
                }
            }
        } finally {
            synchronized (this) {
                stream = null;
            }
            // Whoever still waits asks Podman directly; the next watch opens a new stream.
            IllegalStateException ended = new IllegalStateException("the engine's event stream ended");
            watched.values().forEach(death -> death.completeExceptionally(ended));
            LOG.log(Level.DEBUG, "the event stream of " + client.address().uri() + " ended");
        }
    }
}
