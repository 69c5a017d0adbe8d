package dev.mino.core.internal.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Session files as bytes, laid out like upstream's pretty printer: two-space indent,
 * {@code "key": value}, one array element per line and {@code []} for an empty array.
 */
final class SessionJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private SessionJson() {
    }

    static byte[] write(SessionRecord record) throws JsonProcessingException {
        return (WRITER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IOException when the bytes are not JSON or not a complete session record
     */
    static SessionRecord read(byte[] json) throws IOException {
        SessionRecord record = MAPPER.readValue(json, SessionRecord.class);
        if (record == null) {
            throw new IOException("the file holds JSON null instead of a session record");
        }
        return record;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withArrayEmptySeparator("")
            .withObjectEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }
}
