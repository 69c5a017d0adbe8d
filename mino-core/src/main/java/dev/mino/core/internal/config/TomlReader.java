package dev.mino.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import dev.mino.core.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads configuration files into generic TOML trees ({@link ObjectNode}s) and turns every
 * failure into a {@link ConfigException} naming the file.
 *
 * <p>Date-times are parsed into {@code java.time} values (held in POJO nodes) rather than
 * strings, so that {@code image = 1979-05-27} is reported as a wrong type instead of silently
 * becoming the string "1979-05-27". Such trees must not be printed with {@code toString()}, which
 * Jackson cannot do for {@code java.time} values without an extra module; use
 * {@link ValueSummary} instead.
 */
public final class TomlReader {

    private static final TomlMapper MAPPER = TomlMapper.builder()
        .enable(TomlReadFeature.PARSE_JAVA_TIME)
        .build();

    private TomlReader() {
    }

    /**
     * The raw bytes of a file, or empty when it does not exist. A file larger than
     * {@link SmallFiles#CONFIG_LIMIT} is refused before it is read.
     *
     * @param what how the error message names the file, e.g. "config from" or "local config"
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to refuse to read through a symbolic link
     * @throws ConfigException when the file exists but is too large, not a regular file or unreadable
     */
    public static Optional<byte[]> readIfExists(Path file, String what, LinkOption... options) {
        try {
            return Optional.of(SmallFiles.read(file, SmallFiles.CONFIG_LIMIT, options));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (SmallFiles.TooLargeException e) {
            throw new ConfigException("Config file too large: " + file + " holds more than "
                + SmallFiles.describe(SmallFiles.CONFIG_LIMIT),
                "A mino configuration file is a few kilobytes; check that " + file + " is the file you meant", file,
                null, e);
        } catch (IOException e) {
            throw new ConfigException("IO error: reading " + what + " " + file,
                "Check that " + file + " is a readable file", file, null, e);
        }
    }

    /**
     * Decodes UTF-8 strictly (TOML files must be UTF-8) and parses the text.
     *
     * @throws ConfigException naming the file when the bytes are not UTF-8 or not TOML
     */
    public static ObjectNode parse(byte[] content, Path file) {
        return parse(decode(content, file), file);
    }

    /**
     * Decodes UTF-8 strictly, rejecting malformed input instead of replacing it.
     *
     * @throws ConfigException naming the file when the bytes are not valid UTF-8
     */
    public static String decode(byte[] content, Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString();
        } catch (CharacterCodingException e) {
            throw invalid(file, "the file is not valid UTF-8", e);
        }
    }

    /**
     * Parses TOML text into a tree.
     *
     * @throws ConfigException naming the file when the text is not valid TOML
     */
    public static ObjectNode parse(String text, Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(file, describe(e), e);
        }
        if (tree == null || tree.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            // The TOML parser only ever produces a table at the top; this guards a future change.
            throw invalid(file, "the document is not a table", null);
        }
        return (ObjectNode) tree;
    }

    /** Parses one TOML value written as text, e.g. {@code "x"} or {@code [1, 2]}. */
    public static JsonNode parseValue(String literal) {
        return parse("v = " + literal + "\n", Path.of("<value>")).get("v");
    }

    /** An empty tree. */
    public static ObjectNode emptyTree() {
        return MAPPER.createObjectNode();
    }

    private static ConfigException invalid(Path file, String reason, Throwable cause) {
        return new ConfigException("Invalid configuration at " + file + ": " + reason,
            "Correct the TOML in " + file + " (syntax reference: https://toml.io)", file, null, cause);
    }

    // Jackson's own message appends "at [Source: (StringReader); ...]", which says nothing useful
    // to a user; the line and column say where to look.
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            message = "not valid TOML";
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return message;
    }
}
