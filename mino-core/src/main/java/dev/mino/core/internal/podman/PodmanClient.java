package dev.mino.core.internal.podman;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A client of Podman's libpod REST API ({@code /v4.0.0/libpod/...}), over a Unix socket or TCP.
 * One instance per engine is meant to be shared: it pools connections. Thread-safe.
 */
public final class PodmanClient implements AutoCloseable {
    /** The oldest libpod API this client speaks; Podman 4.0 through 5.x answer it. */
    static final String API_PREFIX = "v4.0.0/libpod";

    private final EngineAddress address;
    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final ObjectMapper json;

    private PodmanClient(EngineAddress address, OkHttpClient http, HttpUrl baseUrl) {
        this.address = address;
        this.http = http;
        this.baseUrl = baseUrl;
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * A client for the engine at {@code address}; nothing is connected until the first call.
     *
     * @param callTimeout the longest any single non-streaming call may take
     */
    public static PodmanClient create(EngineAddress address, Duration callTimeout) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(callTimeout, "callTimeout");
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
            .callTimeout(callTimeout)
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(callTimeout)
            .retryOnConnectionFailure(true);
        HttpUrl base;
        if (address instanceof EngineAddress.Unix unix) {
            // The host name only keys the connection pool; every socket goes to the same file.
            builder.socketFactory(new UnixDomainSocketFactory(unix.socket()))
                .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})));
            base = HttpUrl.get("http://podman/");
        } else {
            EngineAddress.Tcp tcp = (EngineAddress.Tcp) address;
            base = new HttpUrl.Builder().scheme("http").host(tcp.host()).port(tcp.port()).build();
        }
        return new PodmanClient(address, builder.build(), base);
    }

    /** The engine this client talks to. */
    public EngineAddress address() {
        return address;
    }

    /**
     * Pings the service and returns the libpod API version it reports.
     *
     * @throws PodmanConnectionException if nothing answers, or what answers is not Podman
     */
    public String ping() {
        Request request = new Request.Builder().url(url("_ping")).get().build();
        try (Response response = http.newCall(request).execute()) {
            String apiVersion = response.header("Libpod-Api-Version");
            if (!response.isSuccessful() || apiVersion == null) {
                throw new PodmanConnectionException(
                    "the service at " + address.uri() + " answered /_ping with HTTP " + response.code()
                        + " and no Libpod-Api-Version header, so it is not a Podman service",
                    "point CONTAINER_HOST at the socket of 'podman system service'", null);
            }
            return apiVersion;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The version of the Podman service. */
    public PodmanVersion version() {
        Request request = new Request.Builder().url(url("version")).get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                throw new PodmanConnectionException("GET /version on " + address.uri() + " failed with HTTP "
                    + response.code() + ": " + body.string(), "check that the service is a Podman 4.0 or later", null);
            }
            return json.readValue(body.byteStream(), PodmanVersion.class);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private HttpUrl url(String path) {
        return baseUrl.resolve(API_PREFIX + "/" + path);
    }

    private PodmanConnectionException unreachable(IOException e) {
        return new PodmanConnectionException("cannot reach Podman at " + address.uri() + ": " + e.getMessage(),
            "start it with 'podman system service --time=0 " + address.uri() + "' or set CONTAINER_HOST", e);
    }

    /** Releases pooled connections and threads; the client cannot be used afterwards. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
