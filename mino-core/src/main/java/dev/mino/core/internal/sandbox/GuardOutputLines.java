package dev.mino.core.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits the egress guard's output, as it is written, into lines, each given to the consumer
 * without its line end. A line longer than {@link #MAX_LINE} bytes is no event line and is
 * dropped whole; a last line without its end is never given.
 */
final class GuardOutputLines extends OutputStream {
    /** The longest line that is read. */
    static final int MAX_LINE = 4096;

    private final Consumer<String> consumer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overlong;

    GuardOutputLines(Consumer<String> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            if (!overlong) {
                consumer.accept(line.toString(StandardCharsets.UTF_8));
            }
            line.reset();
            overlong = false;
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        } else {
            overlong = true;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }
}
