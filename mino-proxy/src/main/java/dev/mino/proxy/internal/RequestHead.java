package dev.mino.proxy.internal;

import dev.mino.proxy.ProxiedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request from the sandbox as the proxy parsed it: request line and header fields, and the
 * body once a swap asked for it. What a swap may change (target, fields) is checked as strictly
 * as what the sandbox sent, so that no swap can break the request's framing.
 */
final class RequestHead implements ProxiedRequest {
    /** The longest request line accepted, CR LF included. */
    static final int MAX_REQUEST_LINE = 8 * 1024;

    private final String host;
    private final int port;
    private final String method;
    private String target;
    private final Fields fields;
    private byte[] body;
    private final List<String> revealed = new ArrayList<>();

    private RequestHead(String host, int port, String method, String target, Fields fields) {
        this.host = host;
        this.port = port;
        this.method = method;
        this.target = target;
        this.fields = fields;
    }

    /**
     * Reads the next request's head.
     *
     * @return the request, or null when the connection ended cleanly before one
     * @throws HttpError for a malformed or oversized head (answered, then the connection closes)
     */
    static RequestHead read(HttpInput in, String host, int port) throws IOException, HttpError {
        if (in.atEnd()) {
            return null;
        }
        String line = in.readLine(MAX_REQUEST_LINE, 414);
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !Fields.isToken(parts[0]) || !isTarget(parts[1])) {
            throw new HttpError(400, "a malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1")) {
            throw new HttpError(parts[2].startsWith("HTTP/") ? 505 : 400,
                "the credential proxy speaks HTTP/1.1 only");
        }
        Fields fields = Fields.read(in, 400, 431);
        return new RequestHead(host, port, parts[0], parts[1], fields);
    }

    /** An origin-form target ({@code /path?query}) or {@code *}: visible ASCII only. */
    static boolean isTarget(String target) {
        if (target.isEmpty() || !(target.charAt(0) == '/' || target.equals("*"))) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    Fields fields() {
        return fields;
    }

    /** The path of the target, without the query: what the audit may record. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    void body(byte[] value) {
        this.body = value;
    }

    /** The request line and fields as they go upstream. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HttpInput.line(method + " " + target + " HTTP/1.1"));
        fields.writeTo(out);
        return out.toByteArray();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void target(String value) {
        if (value == null || !isTarget(value) || value.length() > MAX_REQUEST_LINE) {
            throw new IllegalArgumentException("not an origin-form request target");
        }
        this.target = value;
    }

    @Override
    public List<String> headers(String name) {
        return List.copyOf(fields.values(name));
    }

    @Override
    public List<String[]> headerFields() {
        return fields.copy();
    }

    @Override
    public void setHeader(String name, String value) {
        fields.set(name, value);
    }

    @Override
    public void removeHeader(String name) {
        fields.remove(name);
    }

    @Override
    public void revealed(String realValue) {
        if (realValue != null && !realValue.isEmpty()) {
            revealed.add(realValue);
        }
    }

    /** The real values swaps put into this request, for the proxy to mask in the answers. */
    List<String> revealedValues() {
        return List.copyOf(revealed);
    }

    @Override
    public Optional<byte[]> body() {
        return body == null ? Optional.empty() : Optional.of(body.clone());
    }

    @Override
    public String toString() {
        // Never the target's query or a field value: they may hold credentials.
        return "request " + method + " " + host + path();
    }
}
