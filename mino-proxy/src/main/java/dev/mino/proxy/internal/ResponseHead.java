package dev.mino.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The status line and fields of one response from upstream, checked before they are passed on. */
final class ResponseHead {
    private final String statusLine;
    private final int status;
    private final boolean http11;
    private final Fields fields;

    private ResponseHead(String statusLine, int status, boolean http11, Fields fields) {
        this.statusLine = statusLine;
        this.status = status;
        this.http11 = http11;
        this.fields = fields;
    }

    /** Reads a response head; a malformed one is a 502 for the sandbox. */
    static ResponseHead read(HttpInput in) throws IOException, HttpError {
        String line = in.readLine(RequestHead.MAX_REQUEST_LINE, 502);
        boolean http11 = line.startsWith("HTTP/1.1 ");
        if (!(http11 || line.startsWith("HTTP/1.0 ")) || line.length() < 12
            || (line.length() > 12 && line.charAt(12) != ' ') || !Fields.isValue(line)) {
            throw new HttpError(502, "the server's answer is not HTTP/1.1");
        }
        String code = line.substring(9, 12);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpError(502, "the server's answer has no status code");
        }
        Fields fields = Fields.read(in, 502, 502);
        return new ResponseHead(line, Integer.parseInt(code), http11, fields);
    }

    int status() {
        return status;
    }

    boolean http11() {
        return http11;
    }

    Fields fields() {
        return fields;
    }

    /** Whether the server keeps the connection open after this response. */
    boolean keepsAlive() {
        return http11 && !fields.lists("Connection", "close");
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HttpInput.line(statusLine));
        fields.writeTo(out);
        return out.toByteArray();
    }
}
