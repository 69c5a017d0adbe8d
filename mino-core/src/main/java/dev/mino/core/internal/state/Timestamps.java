package dev.mino.core.internal.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * RFC 3339 timestamps the way upstream mino writes them: UTC, always with sub-second digits
 * (at least three, up to nine, trailing zeros dropped), ending in {@code Z} in session files and
 * in {@code +00:00} in the audit log.
 */
public final class Timestamps {

    // Without a minimum width the fraction would vanish on whole seconds, and readers of upstream
    // files expect it to be there.
    private static final DateTimeFormatter DATE_TIME_WITH_FRACTION = new DateTimeFormatterBuilder()
        .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
        .appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
        .toFormatter(Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** Formats an instant as in session files, for example {@code 2026-03-24T09:15:02.123456Z}. */
    public static String formatZulu(Instant instant) {
        return DATE_TIME_WITH_FRACTION.format(instant) + "Z";
    }

    /** Formats an instant as in the audit log, for example {@code 2026-03-24T09:15:02.123+00:00}. */
    public static String formatWithOffset(Instant instant) {
        return DATE_TIME_WITH_FRACTION.format(instant) + "+00:00";
    }

    /**
     * Parses any RFC 3339 date-time with an offset ({@code Z} or {@code +hh:mm}).
     *
     * @throws DateTimeParseException when the text is not such a date-time
     */
    public static Instant parse(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** Writes an {@link Instant} with {@link #formatZulu(Instant)}. */
    public static final class ZuluSerializer extends StdSerializer<Instant> {

        /** Used by Jackson. */
        public ZuluSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
            generator.writeString(formatZulu(value));
        }
    }

    /** Reads an {@link Instant} with {@link #parse(String)}. */
    public static final class InstantDeserializer extends StdDeserializer<Instant> {

        /** Used by Jackson. */
        public InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText();
            try {
                return parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text,
                    "not an RFC 3339 date-time with an offset (%s)", e.getMessage());
            }
        }
    }
}
