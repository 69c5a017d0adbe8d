package dev.mino.core.internal.podman;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.PodmanConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A client of Podman's libpod REST API ({@code /v4.0.0/libpod/...}) over a Unix socket or TCP.
 * One instance per engine is meant to be shared: it pools connections and is thread-safe. Calls
 * are grouped by resource: {@link #containers()}, {@link #exec()} and so on.
 */
public final class PodmanClient implements AutoCloseable {
    /** The longest a single non-streaming call may take unless the caller says otherwise. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final PodmanTransport transport;
    private final ContainersApi containers;
    private final ExecApi exec;
    private final ImagesApi images;
    private final VolumesApi volumes;
    private final SecretsApi secrets;
    private final NetworksApi networks;
    private final SystemApi system;
    private final EventsApi events;
    /** {@link #cachedInfo()}; a race reads it twice at worst. */
    private volatile JsonNode firstInfo;

    private PodmanClient(PodmanTransport transport) {
        this.transport = transport;
        this.containers = new ContainersApi(transport);
        this.exec = new ExecApi(transport);
        this.images = new ImagesApi(transport);
        this.volumes = new VolumesApi(transport);
        this.secrets = new SecretsApi(transport);
        this.networks = new NetworksApi(transport);
        this.system = new SystemApi(transport);
        this.events = new EventsApi(transport);
    }

    /**
     * A client for the engine at {@code address}; nothing is connected until the first call.
     *
     * @param callTimeout the longest any single non-streaming call may take
     */
    public static PodmanClient create(EngineAddress address, Duration callTimeout) {
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        return new PodmanClient(new PodmanTransport(address, callTimeout));
    }

    /** The engine this client talks to. */
    public EngineAddress address() {
        return transport.address();
    }

    /** Container endpoints. */
    public ContainersApi containers() {
        return containers;
    }

    /** Exec endpoints. */
    public ExecApi exec() {
        return exec;
    }

    /** Image endpoints: build, look up, list and remove local images. */
    public ImagesApi images() {
        return images;
    }

    /** Volume endpoints. */
    public VolumesApi volumes() {
        return volumes;
    }

    /** Secret endpoints. */
    public SecretsApi secrets() {
        return secrets;
    }

    /** Network endpoints. */
    public NetworksApi networks() {
        return networks;
    }

    /** System endpoints such as disk usage. */
    public SystemApi system() {
        return system;
    }

    /** The event stream. */
    public EventsApi events() {
        return events;
    }

    /**
     * Pings the service and returns the libpod API version it reports.
     *
     * @throws PodmanConnectionException if nothing answers, or what answers is not Podman
     */
    public String ping() {
        Request request = transport.get("_ping", Map.of()).build();
        try (Response response = transport.send(request, "ping", false)) {
            String apiVersion = response.header("Libpod-Api-Version");
            if (apiVersion == null) {
                throw new PodmanConnectionException("the service at " + address().uri()
                    + " answered /_ping without a Libpod-Api-Version header, so it is not a Podman service",
                    "point CONTAINER_HOST at the socket of 'podman system service'", null);
            }
            return apiVersion;
        } catch (dev.mino.core.PodmanException e) {
            throw new PodmanConnectionException("the service at " + address().uri() + " does not answer /_ping "
                + "like Podman: " + e.getMessage(), "point CONTAINER_HOST at the socket of 'podman system service'", e);
        }
    }

    /** The version of the Podman service. */
    public PodmanVersion version() {
        return transport.call(transport.get("version", Map.of()).build(), "read version", PodmanVersion.class);
    }

    /** Podman's {@code info}: host, store and registries, as a JSON tree. */
    public JsonNode info() {
        return transport.callTree(transport.get("info", Map.of()).build(), "read info");
    }

    /**
     * Podman's {@code info} as this client first read it. What a start needs from it (rootless or
     * not, cgroups, the host's memory and CPUs, the id mappings) stays the same while a service
     * answers at this address, and the call costs Podman about a fifth of a second (it asks the
     * runtime, conmon and the network tools for their versions), more than the rest of a start.
     */
    public JsonNode cachedInfo() {
        JsonNode info = firstInfo;
        if (info == null) {
            info = info();
            firstInfo = info;
        }
        return info;
    }

    /** How many connections to the engine this client's pool holds (in use or idle), for diagnostics. */
    public int pooledConnections() {
        return transport.pooledConnections();
    }

    /**
     * Cancels the calls still waiting for an answer (they fail), and releases pooled connections and
     * threads; the client cannot be used afterwards.
     */
    @Override
    public void close() {
        transport.close();
    }
}
