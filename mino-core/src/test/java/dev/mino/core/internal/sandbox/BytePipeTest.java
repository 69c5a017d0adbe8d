package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BytePipeTest {

    @Test
    void carriesMoreThanItsCapacityInOrderAndEndsWhenTheWriterCloses() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(1).nextBytes(data);
        BytePipe pipe = new BytePipe(4096);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int off = 0; off < data.length; off += 777) {
                    pipe.output().write(data, off, Math.min(777, data.length - off));
                }
                pipe.closeWriter();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] read = pipe.input().readAllBytes();
        writer.get(5, TimeUnit.SECONDS);
        assertArrayEquals(data, read);
    }

    @Test
    void aClosedReaderNeverBlocksTheWriter() throws Exception {
        BytePipe pipe = new BytePipe(16);
        pipe.input().close();
        pipe.output().write(new byte[1000]);
        assertEquals(-1, pipe.input().read());
    }
}
