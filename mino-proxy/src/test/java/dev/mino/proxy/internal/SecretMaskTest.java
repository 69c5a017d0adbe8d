package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
    private static final String TEXT = "ab SECRET-ONE cd SECRET-ONESECRET-ONE ef LONGER-SECRET-TWO SECRET-ON";
    private static final String MASKED = "ab xxxxxxxxxx cd xxxxxxxxxxxxxxxxxxxx ef xxxxxxxxxxxxxxxxx SECRET-ON";

    private static SecretMask mask() {
        SecretMask mask = new SecretMask();
        mask.add("SECRET-ONE");
        mask.add("LONGER-SECRET-TWO");
        mask.add("");
        return mask;
    }

    @Test
    void everyWholeOccurrenceIsMaskedAtTheSameLength() {
        byte[] masked = mask().mask(TEXT.getBytes(StandardCharsets.US_ASCII));
        assertEquals(MASKED, new String(masked, StandardCharsets.US_ASCII));
    }

    /** However the bytes are split into writes, the result is the same, and nothing is held back at the end. */
    @Test
    void theStreamMasksAcrossEverySplit() throws Exception {
        byte[] text = TEXT.getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(18);
        for (int round = 0; round < 500; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SecretMask.Masking masking = mask().masking(out);
            for (int at = 0; at < text.length; ) {
                int n = Math.min(text.length - at, random.nextInt(12));
                masking.write(text, at, n);
                masking.flush();
                // Never more held back than the longest secret less one byte.
                assertEquals(true, at + n - out.size() <= "LONGER-SECRET-TWO".length() - 1);
                at += n;
            }
            masking.finish();
            assertEquals(MASKED, out.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void overlappingSecretsAreBothMaskedWhole() {
        SecretMask mask = new SecretMask();
        mask.add("abcdef");
        mask.add("defghi");
        assertEquals("_xxxxxxxxx_", new String(mask.mask("_abcdefghi_".getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII));
    }
}
