package dev.mino.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ProxiedRequest} held in memory, as the credential proxy would hold one from the sandbox. */
final class TestRequest implements ProxiedRequest {
    private final String host;
    private final String method;
    private String target;
    private final List<String[]> fields = new ArrayList<>();
    private byte[] body;
    /** The real values the swap recorded with {@link #revealed(String)}. */
    final List<String> revealed = new ArrayList<>();

    TestRequest(String host, String method, String target) {
        this.host = host;
        this.method = method;
        this.target = target;
    }

    /** Adds a field, as the sandbox sent it. */
    TestRequest with(String name, String value) {
        fields.add(new String[] {name, value});
        return this;
    }

    /** The body, as the proxy holds it once it has read it. */
    TestRequest body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** A copy sent to another server (another TLS server name), fields unchanged. */
    TestRequest sentTo(String otherHost) {
        TestRequest copy = new TestRequest(otherHost, method, target);
        for (String[] field : fields) {
            copy.with(field[0], field[1]);
        }
        copy.body = body;
        return copy;
    }

    /** Every field as {@code name: value} lines and the target, for comparing requests whole. */
    String dump() {
        StringBuilder out = new StringBuilder(method + " " + target + "\n");
        for (String[] field : fields) {
            out.append(field[0]).append(": ").append(field[1]).append('\n');
        }
        return out.toString();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return 443;
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
        target = value;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                values.add(field[1]);
            }
        }
        return values;
    }

    @Override
    public List<String[]> headerFields() {
        List<String[]> copy = new ArrayList<>();
        for (String[] field : fields) {
            copy.add(field.clone());
        }
        return copy;
    }

    @Override
    public void setHeader(String name, String value) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i)[0].equalsIgnoreCase(name)) {
                fields.set(i, new String[] {fields.get(i)[0], value});
                fields.subList(i + 1, fields.size()).removeIf(f -> f[0].equalsIgnoreCase(name));
                return;
            }
        }
        fields.add(new String[] {name, value});
    }

    @Override
    public void removeHeader(String name) {
        fields.removeIf(f -> f[0].equalsIgnoreCase(name));
    }

    @Override
    public Optional<byte[]> body() {
        return Optional.ofNullable(body);
    }

    @Override
    public void revealed(String realValue) {
        revealed.add(realValue);
    }
}
