package dev.mino.proxy.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The content codings of an answer that must be scanned for secrets, and decoding the ones the
 * JDK can: a compressed body cannot be masked as it is, so the proxy decodes it or refuses it.
 */
final class ContentCodings {
    private ContentCodings() {
    }

    /** The codings of {@code Content-Encoding}, in order, lower case, without {@code identity}. */
    static List<String> of(Fields fields) {
        List<String> codings = new ArrayList<>();
        for (String value : fields.values("Content-Encoding")) {
            for (String item : value.split(",", -1)) {
                String coding = item.trim().toLowerCase(Locale.ROOT);
                if (!coding.isEmpty() && !coding.equals("identity")) {
                    codings.add(coding);
                }
            }
        }
        return codings;
    }

    /** Whether {@link #decoder} decodes {@code coding}. */
    static boolean decodable(String coding) {
        return coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("deflate");
    }

    /**
     * The decoded body. {@code deflate} is the zlib format (RFC 9110); the raw deflate format some
     * servers send instead is recognised by its missing zlib header.
     */
    static InputStream decoder(String coding, InputStream body) throws IOException {
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
            return new GZIPInputStream(body, 16 * 1024);
        }
        if (!coding.equals("deflate")) {
            throw new IllegalArgumentException("not a decodable coding: " + coding);
        }
        BufferedInputStream buffered = new BufferedInputStream(body, 16 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean zlib = first >= 0 && second >= 0 && (first & 0x0f) == 8 && ((first << 8) | second) % 31 == 0;
        return new InflaterInputStream(buffered, new Inflater(!zlib), 16 * 1024);
    }
}
