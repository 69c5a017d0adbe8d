package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PumpedInputTest {

    /** A process that never stops writing, counting what was taken from it. */
    private static final class Endless extends InputStream {
        final AtomicLong taken = new AtomicLong();
        volatile Thread reader;

        @Override
        public int read() {
            return read(new byte[1], 0, 1);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reader = Thread.currentThread();
            Arrays.fill(b, off, off + len, (byte) 'y');
            taken.addAndGet(len);
            return len;
        }
    }

    @Test
    void aFloodNobodyReadsStaysWithinTheCapacityAndCloseEndsThePump() throws Exception {
        PumpedInput input = new PumpedInput(64 * 1024);
        Endless flood = new Endless();
        input.pumpFrom(flood, "test-pump");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (input.available() < 64 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(64 * 1024, input.available(), "the pipe is full");
        Thread.sleep(200);
        // Bounded: at most one more chunk waits in the pump beside the full pipe.
        assertTrue(flood.taken.get() <= 64 * 1024 + 8192, "taken: " + flood.taken.get());
        Thread pump = flood.reader;
        assertTrue(pump.isAlive(), "the pump waits for room");

        input.close();

        pump.join(5000);
        assertFalse(pump.isAlive(), "close released the blocked pump");
        assertThrows(SocketException.class, () -> input.read(new byte[8], 0, 8, 0));
    }

    @Test
    void readsEverythingThenEndOfStreamAndKnowsWhenAllWasRead() throws Exception {
        byte[] data = new byte[100_000];
        Arrays.fill(data, (byte) 7);
        PumpedInput input = new PumpedInput(4096);
        input.pumpFrom(new ByteArrayInputStream(data), "test-pump");
        byte[] buffer = new byte[1000];
        long total = 0;
        for (int n; (n = input.read(buffer, 0, buffer.length, 0)) >= 0; ) {
            total += n;
        }
        assertEquals(data.length, total);
        assertEquals(data.length, input.received());
        assertTrue(input.exhausted());
        assertEquals(-1, input.read(buffer, 0, 1, 0), "end of stream stays");
    }
}
