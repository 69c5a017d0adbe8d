package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamDemultiplexerTest {

    private static void frame(ByteArrayOutputStream out, int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    @Test
    void splitsFramesIntoStdoutAndStderr() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "out1\n");
        frame(wire, 2, "err1\n");
        frame(wire, 1, "x".repeat(70_000));
        frame(wire, 2, "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamDemultiplexer.copy(new ByteArrayInputStream(wire.toByteArray()), out, err);
        assertEquals("out1\n" + "x".repeat(70_000), out.toString(StandardCharsets.UTF_8));
        assertEquals("err1\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTruncatedFrameIsAnError() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "hello");
        byte[] cut = java.util.Arrays.copyOf(wire.toByteArray(), wire.size() - 2);
        assertThrows(EOFException.class, () -> StreamDemultiplexer.copy(new ByteArrayInputStream(cut),
            new ByteArrayOutputStream(), new ByteArrayOutputStream()));
    }
}
