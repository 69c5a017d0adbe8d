package dev.mino.core.internal.podman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.PodmanException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP plumbing every libpod call goes through: URLs, JSON, timeouts and the mapping of
 * Podman's error answers to exceptions. One instance per engine, shared by all API groups.
 */
final class PodmanTransport {
    private static final System.Logger LOG = System.getLogger(PodmanTransport.class.getName());
    /** The oldest libpod API this client speaks; Podman 4.0 through 5.x answer it. */
    static final String API_PREFIX = "v4.0.0/libpod";

    static final MediaType JSON = MediaType.get("application/json");
    /** Podman drops raw bodies sent as a form, so every raw body says what it is. */
    static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    static final MediaType TAR = MediaType.get("application/x-tar");

    private static final RequestBody EMPTY = RequestBody.create(new byte[0], JSON);

    private final EngineAddress address;
    private final OkHttpClient http;
    private final OkHttpClient streaming;
    private final HttpUrl baseUrl;
    private final ObjectMapper json;

    PodmanTransport(EngineAddress address, Duration callTimeout) {
        this.address = Objects.requireNonNull(address, "address");
        if (address instanceof EngineAddress.OrbStackVm vm) {
            throw new IllegalArgumentException(vm.uri() + " must be made ready first (EngineDiscovery does)");
        }
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
            .callTimeout(callTimeout)
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(callTimeout)
            .writeTimeout(callTimeout)
            // Podman is local and requests such as create are not idempotent: never resend one.
            .retryOnConnectionFailure(false);
        if (address instanceof EngineAddress.Unix || address instanceof EngineAddress.Stdio) {
            // The host name only keys the connection pool; every socket goes to the same file or
            // command, so no name is resolved and no proxy may step in.
            builder.socketFactory(address instanceof EngineAddress.Unix unix
                    ? new UnconnectedSocketFactory(() -> new UnixDomainSocket(unix.socket()))
                    : new UnconnectedSocketFactory(() -> new ProcessSocket((EngineAddress.Stdio) address)))
                .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))
                .proxy(Proxy.NO_PROXY);
            baseUrl = HttpUrl.get("http://podman/");
        } else {
            EngineAddress.Tcp tcp = (EngineAddress.Tcp) address;
            baseUrl = new HttpUrl.Builder().scheme("http").host(tcp.host()).port(tcp.port()).build();
        }
        http = builder.build();
        // Streams (attach, logs, wait, build) last as long as the container does.
        streaming = http.newBuilder().callTimeout(0, TimeUnit.MILLISECONDS).readTimeout(0, TimeUnit.MILLISECONDS)
            .writeTimeout(0, TimeUnit.MILLISECONDS).build();
        json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    EngineAddress address() {
        return address;
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * The URL of a libpod path such as {@code containers/abc/json}, with query parameters. The path
     * is taken as already escaped: names in it must have gone through {@link #segment}.
     */
    HttpUrl url(String path, Map<String, ?> query) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments(API_PREFIX).addEncodedPathSegments(path);
        query.forEach((name, value) -> {
            if (value instanceof Iterable<?> values) {
                values.forEach(v -> url.addQueryParameter(name, String.valueOf(v)));
            } else if (value != null) {
                url.addQueryParameter(name, String.valueOf(value));
            }
        });
        return url.build();
    }

    /** A path segment with everything escaped, so that a name can never change the path. */
    static String segment(String value) {
        return HttpUrl.get("http://x/").newBuilder().addPathSegment(value).build().encodedPath().substring(1);
    }

    RequestBody jsonBody(Object value) {
        try {
            return RequestBody.create(json.writeValueAsBytes(value), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request as JSON: " + e.getMessage(), e);
        }
    }

    static RequestBody emptyBody() {
        return EMPTY;
    }

    /**
     * Sends a request and returns the successful response (the caller closes it).
     *
     * @param what what the call does, for error messages ("create container")
     * @param streamingCall true for calls that may run as long as a container does
     * @throws PodmanException for an error answer, PodmanConnectionException when there is none
     */
    Response send(Request request, String what, boolean streamingCall) {
        return send((streamingCall ? streaming : http).newCall(request), what);
    }

    /**
     * A call without a read timeout whose body may never end (an event stream), for a caller that
     * must cancel it: closing such a response makes OkHttp read the rest of it first.
     */
    Call streamingCall(Request request) {
        return streaming.newCall(request);
    }

    /** Executes {@code call} and checks it succeeded; the caller closes the response. */
    Response send(Call call, String what) {
        Request request = call.request();
        Response response;
        long started = System.nanoTime();
        try {
            response = call.execute();
            if (LOG.isLoggable(Level.DEBUG)) {
                // Where a sandbox's time goes: one line per call, with the time to the response head.
                LOG.log(Level.DEBUG, String.format(java.util.Locale.ROOT, "%s %s -> %d in %.1f ms",
                    request.method(), request.url().encodedPath(), response.code(),
                    (System.nanoTime() - started) / 1e6));
            }
        } catch (InterruptedIOException e) {
            throw new PodmanConnectionException("Podman at " + address.uri() + " did not answer '" + what
                + "' in time: " + e.getMessage(), "check that the Podman service is responsive", e);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (response.code() >= 400) {
            try (response) {
                throw error(response, what);
            }
        }
        return response;
    }

    /** Sends a request, checks it succeeded and discards the answer. */
    void call(Request request, String what) {
        send(request, what, false).close();
    }

    /** Sends a request and reads its JSON answer. */
    <T> T call(Request request, String what, Class<T> type) {
        try (Response response = send(request, what, false)) {
            return json.readValue(response.body().byteStream(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Podman's answer to '" + what + "'", e);
        }
    }

    /** Sends a request and reads its JSON answer as a tree. */
    JsonNode callTree(Request request, String what) {
        try (Response response = send(request, what, false)) {
            return json.readTree(response.body().byteStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Podman's answer to '" + what + "'", e);
        }
    }

    /** Sends a request and reads its answer as text. */
    String callText(Request request, String what, boolean streamingCall) {
        try (Response response = send(request, what, streamingCall)) {
            return response.body().string();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    Request.Builder get(String path, Map<String, ?> query) {
        return new Request.Builder().url(url(path, query)).get();
    }

    Request.Builder post(String path, Map<String, ?> query, RequestBody body) {
        return new Request.Builder().url(url(path, query)).post(body);
    }

    Request.Builder delete(String path, Map<String, ?> query) {
        return new Request.Builder().url(url(path, query)).delete();
    }

    /**
     * Opens a hijacked, bidirectional stream (attach or exec start): the request asks to switch the
     * connection to a raw stream, and OkHttp hands over the upgraded connection, which never goes
     * back to the pool. It has no read or write timeout: an attached command may be silent for days.
     */
    HijackedStream hijack(HttpUrl url, RequestBody body, String what) {
        Request request = new Request.Builder().url(url).post(body)
            .header("Connection", "Upgrade")
            .header("Upgrade", "tcp")
            .build();
        Response response = send(streaming.newCall(request), what);
        okio.Socket socket = response.socket();
        if (socket == null) {
            // Podman switches protocols whenever asked to; an answer without the switch has no stdin.
            response.close();
            throw new PodmanConnectionException("the engine at " + address.uri() + " answered '" + what + "' with "
                + response.code() + " instead of switching the connection to a stream",
                "check that " + address.uri() + " is a Podman service (4.0 or later) and not a proxy in front of one",
                null);
        }
        return new HijackedStream(socket);
    }

    PodmanConnectionException unreachable(IOException e) {
        String hint = address instanceof EngineAddress.Stdio stdio ? commandHint(stdio)
            : "start it with 'podman system service --time=0 " + address.uri() + "' or set CONTAINER_HOST";
        return new PodmanConnectionException("cannot reach Podman at " + address.uri() + ": " + e.getMessage(), hint,
            e);
    }

    /** What to try when the command that relays the connection fails: run it by hand. */
    static String commandHint(EngineAddress.Stdio stdio) {
        String hint = "run '" + String.join(" ", stdio.command()) + "' in a terminal to see what fails";
        if (stdio.description().startsWith("ssh://")) {
            hint += "; " + SshCommand.KEY_VARIABLE + " names the key to log in with, the host must be in "
                + "known_hosts, and podman must be installed there";
        }
        return hint;
    }

    /** Turns an error answer into the exception its cause stands for. */
    PodmanException error(Response response, String what) {
        String text;
        try {
            text = response.body().string();
        } catch (IOException e) {
            text = "";
        }
        return PodmanErrors.fromAnswer(response.code(), text, what);
    }

    /** How many connections the pool holds, in use or idle. */
    int pooledConnections() {
        return http.connectionPool().connectionCount();
    }

    /** Cancels the calls still waiting (a follow of logs or events, a wait), then frees threads and connections. */
    void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
