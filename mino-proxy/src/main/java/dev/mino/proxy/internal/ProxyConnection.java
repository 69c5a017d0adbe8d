package dev.mino.proxy.internal;

import dev.mino.proxy.CredentialSwap;
import dev.mino.proxy.ProxySettings;
import dev.mino.proxy.SwapEvent;
import dev.mino.proxy.SwapRefusedException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection from the firewall container's relay: reads its {@code MINO-PROXY} line, peeks at
 * the TLS ClientHello, and either tunnels the bytes untouched to the original destination, or,
 * for a host a swap serves, terminates TLS and relays HTTP/1.1 requests one by one, letting the
 * swaps put the real credential in. Never logs a header value, a target's query or a body.
 */
public final class ProxyConnection implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.mino.proxy");
    private static final int DRAIN_MILLIS = 500;
    private static final int GRACEFUL_CLOSE_MILLIS = 2000;
    private static final long DRAIN_BYTES = 1024 * 1024;

    private final ProxySettings settings;
    private final SecretMask secrets;
    private final ChannelSocket client;
    private final Executor executor;
    private final Runnable onEnd;
    private volatile Socket clientTls;
    private volatile Socket upstream;
    private volatile boolean closed;

    /**
     * A handler for {@code client}, which it owns.
     *
     * @param secrets the real values swaps put in, shared by the proxy's connections: this one
     *     adds what its swaps reveal and masks them all in its answers
     * @param executor where a tunnel's second direction runs
     * @param onEnd called once when the connection has ended
     */
    public ProxyConnection(ProxySettings settings, SecretMask secrets, ChannelSocket client, Executor executor,
        Runnable onEnd) {
        this.settings = settings;
        this.secrets = secrets;
        this.client = client;
        this.executor = executor;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try {
            handle();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "proxy connection ended: {0}", e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "proxy connection failed: {0}", e.getClass().getName());
        } finally {
            finish();
            onEnd.run();
        }
    }

    /**
     * Ends a connection whose work is done: TLS is closed with its close_notify (a client reading
     * an answer delimited by the connection's end needs it), within a short bound in case the
     * sandbox reads nothing any more.
     */
    private void finish() {
        try {
            client.setSoTimeout(GRACEFUL_CLOSE_MILLIS);
            client.setWriteTimeout(GRACEFUL_CLOSE_MILLIS);
        } catch (IOException e) {
            // closed already
        }
        Tunnel.closeQuietly(clientTls);
        close();
    }

    /**
     * Closes every socket of this connection at once; a thread blocked on one of them ends. The
     * raw socket goes first, so that closing TLS cannot wait on a peer that does not read.
     */
    public void close() {
        closed = true;
        Tunnel.closeQuietly(client);
        Tunnel.closeQuietly(clientTls);
        Tunnel.closeQuietly(upstream);
    }

    private int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private void handle() throws IOException {
        client.setSoTimeout(millis(settings.handshakeTimeout()));
        client.setWriteTimeout(millis(settings.idleTimeout()));
        InetSocketAddress destination;
        try {
            destination = Lines.parseProxyLine(Lines.readLine(client.getInputStream()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closed a proxy connection that did not start with a MINO-PROXY line");
            return;
        }
        ClientHello hello = ClientHello.read(client.getInputStream());
        Optional<String> name = hello.serverName();
        List<CredentialSwap> serving = new ArrayList<>();
        if (name.isPresent()) {
            for (CredentialSwap swap : settings.swaps()) {
                if (swap.servesHost(name.get())) {
                    serving.add(swap);
                }
            }
        }
        if (serving.isEmpty()) {
            LOG.log(Level.DEBUG, "tunnelling a connection to {0} port {1}",
                Lines.text(destination.getAddress()), destination.getPort());
            tunnel(destination, hello.peeked());
        } else {
            LOG.log(Level.DEBUG, "intercepting a connection to {0}", name.get());
            intercept(destination, name.get(), serving, hello.peeked());
        }
    }

    private void tunnel(InetSocketAddress destination, byte[] peeked) throws IOException {
        Socket socket = settings.upstream().connect(destination.getAddress(), destination.getPort());
        upstream = socket;
        if (closed) {
            return;
        }
        if (socket instanceof ChannelSocket) {
            ((ChannelSocket) socket).setWriteTimeout(millis(settings.idleTimeout()));
        }
        OutputStream out = socket.getOutputStream();
        out.write(peeked);
        out.flush();
        new Tunnel(client, socket, settings.idleTimeout().toMillis()).run(executor);
    }

    private void intercept(InetSocketAddress destination, String host, List<CredentialSwap> serving, byte[] peeked)
        throws IOException {
        SSLSocket tls = (SSLSocket) settings.serverTls().getSocketFactory()
            .createSocket(client, new ByteArrayInputStream(peeked), true);
        clientTls = tls;
        if (closed) {
            return;
        }
        tls.setUseClientMode(false);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        Exchange exchange = new Exchange(destination, host, serving, tls);
        while (!closed) {
            tls.setSoTimeout(millis(settings.idleTimeout()));
            if (!exchange.next()) {
                return;
            }
        }
    }

    /** The HTTP/1.1 relay of one intercepted connection, one request at a time. */
    private final class Exchange {
        private final InetSocketAddress destination;
        private final String host;
        private final List<CredentialSwap> serving;
        private final HttpInput in;
        private final OutputStream out;
        private HttpInput upstreamIn;
        private OutputStream upstreamOut;

        Exchange(InetSocketAddress destination, String host, List<CredentialSwap> serving, SSLSocket tls)
            throws IOException {
            this.destination = destination;
            this.host = host;
            this.serving = serving;
            this.in = new HttpInput(tls.getInputStream());
            this.out = new BufferedOutputStream(tls.getOutputStream(), 16 * 1024);
        }

        /** Relays one request and its answer; false when the connection is to end. */
        boolean next() throws IOException {
            RequestHead request;
            Body body;
            boolean expectContinue;
            try {
                request = RequestHead.read(in, host, destination.getPort());
                if (request == null) {
                    return false;
                }
                body = Body.ofRequest(request.fields());
                expectContinue = check(request);
            } catch (HttpError e) {
                return answer(e.status(), e.getMessage());
            } catch (EOFException e) {
                return false;
            }
            List<String[]> trailers = new ArrayList<>();
            byte[] buffered = null;
            List<String> changedBy = new ArrayList<>();
            try {
                if (needsBody(request)) {
                    if (body.present()) {
                        if (body.kind() == Body.Kind.LENGTH && body.length() > settings.maxBodyBytes()) {
                            throw new HttpError(413, "the request body is larger than the credential proxy reads ("
                                + settings.maxBodyBytes() + " bytes)");
                        }
                        if (expectContinue) {
                            sendContinue();
                            expectContinue = false;
                        }
                        buffered = body.readAll(in, settings.maxBodyBytes(), trailers);
                    } else {
                        buffered = new byte[0];
                    }
                    request.body(buffered);
                }
                applySwaps(request, changedBy);
                if (!changedBy.isEmpty()) {
                    askForIdentity(request);
                }
            } catch (HttpError e) {
                return answer(e.status(), e.getMessage());
            }
            // A kept-alive upstream connection may have been closed by the server meanwhile: a
            // request whose body is not streamed is then sent once more on a new connection, as
            // HTTP clients do when a reused connection fails before any answer.
            boolean retryable = upstream != null && (buffered != null || !body.present());
            while (true) {
                try {
                    connectUpstream();
                } catch (IOException | IllegalArgumentException e) {
                    LOG.log(Level.DEBUG, "cannot reach {0} for the sandbox: {1}", host, e.getMessage());
                    return answer(502, "cannot reach " + host + " securely");
                }
                ResponseHead first;
                try {
                    send(request, body, buffered, trailers, expectContinue);
                    first = ResponseHead.read(upstreamIn);
                } catch (HttpError e) {
                    // From the sandbox's body (the head went upstream: that request is abandoned
                    // with the connection), or an answer that is not HTTP/1.1.
                    audit(request, changedBy);
                    return answer(e.status(), e.status() == 502 ? "the answer of " + host + " was not valid HTTP/1.1"
                        : e.getMessage());
                } catch (IOException e) {
                    // Not after a timeout: the server may be working on the request.
                    if (retryable && !(e instanceof java.net.SocketTimeoutException)) {
                        retryable = false;
                        dropUpstream();
                        continue;
                    }
                    if (e instanceof EOFException) {
                        audit(request, changedBy);
                        return answer(502, host + " closed the connection without an answer");
                    }
                    throw e;
                }
                audit(request, changedBy);
                return relayResponse(request, first);
            }
        }

        private void send(RequestHead request, Body body, byte[] buffered, List<String[]> trailers,
            boolean expectContinue) throws IOException, HttpError {
            upstreamOut.write(request.encode());
            if (buffered != null) {
                body.writeAll(buffered, trailers, upstreamOut);
            } else {
                if (expectContinue && body.present()) {
                    sendContinue();
                }
                body.copy(in, upstreamOut);
            }
            upstreamOut.flush();
        }

        private void audit(RequestHead request, List<String> changedBy) {
            for (String provider : changedBy) {
                try {
                    settings.audit().accept(new SwapEvent(provider, host, request.method(), request.path(), Instant.now()));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "the credential proxy's audit consumer failed: {0}", e.getClass().getName());
                }
            }
        }

        private void dropUpstream() {
            Tunnel.closeQuietly(upstream);
            upstream = null;
            upstreamIn = null;
            upstreamOut = null;
        }

        /** Checks what the proxy does not relay; returns whether the client expects 100 Continue. */
        private boolean check(RequestHead request) throws HttpError {
            if (request.method().equals("CONNECT") || !request.headers("Upgrade").isEmpty()) {
                throw new HttpError(501, "the credential proxy relays neither CONNECT nor protocol upgrades");
            }
            List<String> hosts = request.headers("Host");
            if (hosts.size() != 1) {
                throw new HttpError(400, "the request needs exactly one Host field");
            }
            if (!hostMatches(hosts.get(0))) {
                throw new HttpError(421, "the Host field does not name the TLS server name " + host);
            }
            List<String> expect = request.headers("Expect");
            if (expect.isEmpty()) {
                return false;
            }
            if (expect.size() != 1 || !expect.get(0).equalsIgnoreCase("100-continue")) {
                throw new HttpError(417, "the only expectation supported is 100-continue");
            }
            // The proxy answers 100 Continue itself when it wants the body.
            request.removeHeader("Expect");
            return true;
        }

        private boolean hostMatches(String value) {
            String name = value;
            int colon = value.lastIndexOf(':');
            if (colon >= 0) {
                String port = value.substring(colon + 1);
                try {
                    if (Lines.parsePort(port) != destination.getPort()) {
                        return false;
                    }
                } catch (java.net.ProtocolException e) {
                    return false;
                }
                name = value.substring(0, colon);
            }
            return host.equals(HostNames.normalize(name));
        }

        private boolean needsBody(RequestHead request) throws HttpError {
            for (CredentialSwap swap : serving) {
                try {
                    if (swap.needsBody(request)) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    throw failed(swap, e);
                }
            }
            return false;
        }

        private void applySwaps(RequestHead request, List<String> changedBy) throws HttpError {
            String framing = request.fields().signature("Content-Length") + "|"
                + request.fields().signature("Transfer-Encoding") + "|" + request.fields().signature("Host");
            try {
                for (CredentialSwap swap : serving) {
                    try {
                        if (swap.apply(request)) {
                            changedBy.add(swap.provider());
                        }
                    } catch (SwapRefusedException e) {
                        throw new HttpError(502, String.valueOf(e.getMessage()));
                    } catch (RuntimeException e) {
                        throw failed(swap, e);
                    }
                }
            } finally {
                request.revealedValues().forEach(secrets::add);
            }
            String after = request.fields().signature("Content-Length") + "|"
                + request.fields().signature("Transfer-Encoding") + "|" + request.fields().signature("Host");
            if (!framing.equals(after)) {
                LOG.log(Level.WARNING, "a credential swap changed a request's framing or Host; request refused");
                throw new HttpError(502, "the credential proxy could not prepare the request");
            }
        }

        /**
         * Asks for an answer the proxy can scan for the real values: a compressed one cannot be.
         * Not when an AWS signature covers {@code Accept-Encoding} (changing it would break the
         * signature): a compressed answer is then decoded in {@link #relayResponse}.
         */
        private void askForIdentity(RequestHead request) {
            if (!signs(request, "accept-encoding")) {
                request.setHeader("Accept-Encoding", "identity");
            }
        }

        private boolean signs(RequestHead request, String field) {
            try {
                for (String value : request.headers("Authorization")) {
                    if (SigV4Signed.fromAuthorization(value).map(s -> s.signedHeaders().contains(field))
                        .orElse(false)) {
                        return true;
                    }
                }
                return SigV4Signed.fromQuery(SigV4Signed.query(request.target()))
                    .map(s -> s.signedHeaders().contains(field)).orElse(false);
            } catch (IllegalArgumentException e) {
                return true; // a signature this proxy cannot read: leave the field as it is
            }
        }

        private HttpError failed(CredentialSwap swap, RuntimeException e) {
            // The exception's message is not logged: a swap's failure might quote a request.
            LOG.log(Level.WARNING, "the {0} credential swap failed: {1}", swap.provider(), e.getClass().getName());
            return new HttpError(502, "the credential proxy could not apply the " + swap.provider() + " credential");
        }

        private void connectUpstream() throws IOException {
            if (upstream != null) {
                return;
            }
            Socket raw = settings.upstream().connect(destination.getAddress(), destination.getPort());
            upstream = raw;
            if (raw instanceof ChannelSocket) {
                ((ChannelSocket) raw).setWriteTimeout(millis(settings.idleTimeout()));
            }
            SSLSocket tls = (SSLSocket) settings.upstreamTls().getSocketFactory()
                .createSocket(raw, host, destination.getPort(), true);
            upstream = tls;
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(host)));
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(millis(settings.handshakeTimeout()));
            tls.startHandshake();
            tls.setSoTimeout(millis(settings.idleTimeout()));
            upstreamIn = new HttpInput(tls.getInputStream());
            upstreamOut = new BufferedOutputStream(tls.getOutputStream(), 16 * 1024);
        }

        /** Relays the interim answers and the final one; whether the connection stays open. */
        private boolean relayResponse(RequestHead request, ResponseHead first) throws IOException {
            ResponseHead response = first;
            while (true) {
                Body body;
                try {
                    if (response == null) {
                        response = ResponseHead.read(upstreamIn);
                    }
                    body = Body.ofResponse(request.method(), response.status(), response.fields());
                } catch (HttpError e) {
                    return answer(502, "the answer of " + host + " was not valid HTTP/1.1");
                } catch (EOFException e) {
                    return answer(502, host + " closed the connection without an answer");
                }
                if (response.status() == 101) {
                    return answer(502, host + " switched protocols, which the credential proxy does not relay");
                }
                SecretMask mask = secrets.snapshot();
                String decoding = null;
                Body.Kind outgoing = body.kind();
                if (!mask.isEmpty() && body.present()) {
                    List<String> codings = ContentCodings.of(response.fields());
                    if (codings.size() > 1 || (codings.size() == 1 && !ContentCodings.decodable(codings.get(0)))) {
                        return answer(502, host + " answered in a content coding the credential proxy cannot check"
                            + " for the real credential; ask for Accept-Encoding: identity, gzip or deflate");
                    }
                    if (codings.size() == 1) {
                        decoding = codings.get(0);
                        outgoing = decoded(response);
                    }
                }
                out.write(mask.mask(response.encode()));
                if (response.status() < 200) {
                    out.flush();
                    response = null;
                    continue;
                }
                try {
                    body.relay(upstreamIn, out, mask, decoding, outgoing);
                } catch (HttpError e) {
                    return false; // a malformed chunk from upstream: cut the answer short
                }
                out.flush();
                return response.keepsAlive() && body.kind() != Body.Kind.UNTIL_CLOSE
                    && outgoing != Body.Kind.UNTIL_CLOSE && !request.fields().lists("Connection", "close");
            }
        }

        /**
         * Rewrites the head of an answer whose body the proxy decodes: without its coding and
         * length, chunked (or, for an HTTP/1.0 answer, delimited by the connection's end).
         */
        private Body.Kind decoded(ResponseHead response) {
            Fields fields = response.fields();
            fields.remove("Content-Encoding");
            fields.remove("Content-Length");
            fields.remove("Transfer-Encoding");
            if (response.http11()) {
                fields.set("Transfer-Encoding", "chunked");
                return Body.Kind.CHUNKED;
            }
            fields.set("Connection", "close");
            return Body.Kind.UNTIL_CLOSE;
        }

        private void sendContinue() throws IOException {
            out.write(HttpInput.line("HTTP/1.1 100 Continue"));
            out.write(HttpInput.line(""));
            out.flush();
        }

        /** Answers the sandbox with an error from the proxy itself; the connection then ends. */
        private boolean answer(int status, String message) throws IOException {
            byte[] text = ("mino credential proxy: " + Lines.printable(message) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(HttpInput.line("HTTP/1.1 " + status + " " + reason(status)));
            out.write(HttpInput.line("Content-Type: text/plain; charset=utf-8"));
            out.write(HttpInput.line("Content-Length: " + text.length));
            out.write(HttpInput.line("Connection: close"));
            out.write(HttpInput.line(""));
            out.write(text);
            out.flush();
            drainBriefly();
            return false;
        }

        /**
         * Reads and drops what the sandbox still sends (the rest of a refused body), for a moment:
         * closing with unread bytes resets the connection, and the client could lose the answer.
         */
        private void drainBriefly() {
            try {
                clientTls.setSoTimeout(DRAIN_MILLIS);
                byte[] sink = new byte[16 * 1024];
                long total = 0;
                for (int n; total < DRAIN_BYTES && (n = in.read(sink, 0, sink.length)) >= 0; ) {
                    total += n;
                }
            } catch (IOException e) {
                // the sandbox stopped sending, or went away: either way the connection closes now
            }
        }
    }

    static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 417: return "Expectation Failed";
            case 421: return "Misdirected Request";
            case 431: return "Request Header Fields Too Large";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 505: return "HTTP Version Not Supported";
            default: return "Error";
        }
    }
}
