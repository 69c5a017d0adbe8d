package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comma-separated option values and byte sizes as the CLI prints them. */
class CommaListTest {

    @Test
    void splitsTrimsAndDropsEmptyItemsAcrossOccurrences() {
        assertEquals(List.of("a", "b", "c"), CommaList.parse(List.of(" a, b,,", "c")));
        assertEquals(List.of(), CommaList.parse(Arrays.asList((String) null)));
        assertEquals(List.of(), CommaList.parse((String) null));
        assertEquals(List.of(), CommaList.parse(" , "));
        assertEquals(List.of("rust"), CommaList.parse("rust"));
    }

    @Test
    void sizesAreBinaryWithOneDecimal() {
        assertEquals("0 B", ByteSize.format(0));
        assertEquals("1023 B", ByteSize.format(1023));
        assertEquals("1.0 KB", ByteSize.format(1024));
        assertEquals("1.5 MB", ByteSize.format(1024 * 1024 * 3 / 2));
        assertEquals("50.0 GB", ByteSize.format(ByteSize.gibibytes(50)));
    }
}
