package dev.mino.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.internal.config.AtomicFiles;
import dev.mino.core.internal.config.SmallFiles;
import dev.mino.core.internal.state.Timestamps;
import dev.mino.layers.LayerFingerprint;
import dev.mino.layers.ProjectLayers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local configuration files the user has trusted: {@code <state>/trusted_configs.json},
 * mapping each file's canonical path (see {@link #trustKey(Path)}) to the SHA-256 of the exact
 * bytes that were trusted. Any change to a file, even of whitespace, makes it untrusted again.
 *
 * <p>The format is upstream mino's, so both can share the file:
 * <pre>{@code
 * {
 *   "entries": {
 *     "/home/ada/project/.mino.toml": {
 *       "content_hash": "<64 hex digits>",
 *       "trusted_at": "2026-03-24T09:15:02.123+00:00"
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A project's layers ({@code .mino/layers}, whose install scripts run as root when an image is
 * built) are trusted by their exact content too, in entries of the same shape, so that upstream
 * mino reads the file as before and never mistakes them for a {@code .mino.toml} (their keys are
 * not paths): one entry {@code layer-tree:<project>/.mino/layers} whose {@code content_hash} is the
 * {@link LayerFingerprint#digest()} of the whole tree, and one entry
 * {@code layer-file:<project>/.mino/layers/<relative path>} per file with that file's SHA-256, from
 * which {@link #trustedLayers(Path)} tells what changed since.
 *
 * <p>Every call reads the file afresh, so other processes' decisions count at once. A missing or
 * unreadable store is empty; a corrupt one is empty too and adds a warning to {@link #warnings()}.
 * Saving replaces the file atomically with mode 0600 in a 0700 directory; between processes the
 * last writer wins. Methods are thread-safe.
 */
public final class TrustStore {

    /** The file name of the store inside the state directory. */
    public static final String FILE_NAME = "trusted_configs.json";

    // Some 20,000 entries: far beyond any real use, small enough to read at once.
    private static final int MAX_BYTES = 4 << 20;

    private static final System.Logger LOG = System.getLogger(TrustStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;
    private final List<String> warnings = new ArrayList<>();

    /**
     * A store kept in the given file.
     *
     * @param file the store file, normally {@code <state>/trusted_configs.json}
     */
    public TrustStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /**
     * A store kept in the given file, with the clock that stamps {@code trusted_at}.
     *
     * @param file the store file
     * @param clock the source of {@code trusted_at}
     */
    public TrustStore(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The store {@value #FILE_NAME} in the given state directory. */
    public static TrustStore inStateDirectory(Path stateDirectory) {
        return new TrustStore(stateDirectory.resolve(FILE_NAME));
    }

    /** The store file. */
    public Path file() {
        return file;
    }

    /**
     * Whether exactly these bytes of this file were trusted.
     *
     * @param configFile the local configuration file; canonicalized with {@link #trustKey(Path)}
     * @param content the file's raw bytes
     * @throws ConfigException when the store is larger than 4 MiB
     */
    public boolean isTrusted(Path configFile, byte[] content) {
        JsonNode entry = read().path("entries").path(trustKey(configFile));
        JsonNode hash = entry.path("content_hash");
        return hash.isTextual() && hash.textValue().equalsIgnoreCase(contentHash(content));
    }

    /**
     * Whether some content of this file was ever trusted, whatever it is now.
     *
     * @param configFile the local configuration file; canonicalized with {@link #trustKey(Path)}
     * @return true if the store has an entry for the file
     * @throws ConfigException when the store is larger than 4 MiB
     */
    public boolean isRecorded(Path configFile) {
        return read().path("entries").path(trustKey(configFile)).path("content_hash").isTextual();
    }

    /**
     * Removes the entry of a file, so that whatever content it has next is judged afresh.
     *
     * @param configFile the local configuration file; canonicalized with {@link #trustKey(Path)}
     * @throws ConfigException {@code IO error: writing trust store to <path>} when the store cannot be saved
     */
    public synchronized void forget(Path configFile) {
        ObjectNode store = read();
        if (entries(store).remove(trustKey(configFile)) != null) {
            save(store);
        }
    }

    /**
     * Records these bytes of this file as trusted, replacing an earlier entry for the file.
     *
     * @param configFile the local configuration file; canonicalized with {@link #trustKey(Path)}
     * @param content the file's raw bytes
     * @throws ConfigException {@code IO error: writing trust store to <path>} when the store cannot be saved,
     *     or when it is larger than 4 MiB
     */
    public synchronized void trust(Path configFile, byte[] content) {
        ObjectNode store = read();
        entries(store).set(trustKey(configFile), entry(contentHash(content),
            Timestamps.formatWithOffset(clock.instant())));
        save(store);
    }

    /**
     * Whether exactly this content of a project's layer tree was trusted.
     *
     * @param layers a snapshot of the project's {@code .mino/layers}
     * @return true if the whole tree, file by file, is what was trusted
     */
    public boolean isTrusted(ProjectLayers layers) {
        JsonNode hash = read().path("entries").path(treeKey(layers.directory())).path("content_hash");
        return hash.isTextual() && hash.textValue().equalsIgnoreCase(layers.fingerprint().digest());
    }

    /**
     * What was trusted of a project's layer tree, if anything: each file's relative path and
     * SHA-256, to show the user what changed since.
     *
     * @param layersDirectory the project's {@code .mino/layers} folder, as {@link ProjectLayers#directory()}
     * @return the trusted fingerprint, or empty when the tree was never trusted
     */
    public Optional<LayerFingerprint> trustedLayers(Path layersDirectory) {
        JsonNode entries = read().path("entries");
        if (!entries.has(treeKey(layersDirectory))) {
            return Optional.empty();
        }
        String prefix = fileKeyPrefix(layersDirectory);
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            String hash = entry.getValue().path("content_hash").asText("");
            if (entry.getKey().startsWith(prefix) && hash.matches("[0-9a-fA-F]{64}")) {
                files.put(entry.getKey().substring(prefix.length()), hash);
            }
        }
        return Optional.of(new LayerFingerprint(files));
    }

    /**
     * Records this content of a project's layer tree as trusted, replacing what was recorded
     * for the tree before.
     *
     * @param layers a snapshot of the project's {@code .mino/layers}
     * @throws ConfigException {@code IO error: writing trust store to <path>} when the store cannot be saved
     */
    public synchronized void trust(ProjectLayers layers) {
        ObjectNode store = read();
        ObjectNode entries = entries(store);
        String prefix = fileKeyPrefix(layers.directory());
        List<String> stale = new ArrayList<>();
        entries.fieldNames().forEachRemaining(key -> {
            if (key.startsWith(prefix)) {
                stale.add(key);
            }
        });
        entries.remove(stale);
        String now = Timestamps.formatWithOffset(clock.instant());
        entries.set(treeKey(layers.directory()), entry(layers.fingerprint().digest(), now));
        layers.fingerprint().files().forEach((path, hash) -> entries.set(prefix + path, entry(hash, now)));
        save(store);
    }

    private static String treeKey(Path layersDirectory) {
        return "layer-tree:" + layersDirectory.toAbsolutePath().normalize();
    }

    private static String fileKeyPrefix(Path layersDirectory) {
        return "layer-file:" + layersDirectory.toAbsolutePath().normalize() + "/";
    }

    private static ObjectNode entry(String hash, String trustedAt) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("content_hash", hash);
        entry.put("trusted_at", trustedAt);
        return entry;
    }

    private static ObjectNode entries(ObjectNode store) {
        JsonNode existing = store.get("entries");
        return existing != null && existing.isObject() ? (ObjectNode) existing : store.putObject("entries");
    }

    private void save(ObjectNode store) {
        try {
            AtomicFiles.writePrivate(file, serialize(store));
        } catch (IOException e) {
            throw new ConfigException("IO error: writing trust store to " + file,
                "Make sure " + file.getParent() + " can be written by the current user", file, null, e);
        }
    }

    /** The warnings this instance produced so far (a corrupt store), oldest first. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * The key a file is recorded under: the canonical absolute path of its folder, with symbolic
     * links resolved, and the file's own name; the absolute normalized path when the folder cannot
     * be resolved. The file's name is never followed as a link, so that a link in one folder to a
     * trusted file of another is judged as the file of its own folder and does not borrow the
     * other's trust. (Upstream resolves the whole path; for a regular file both are the same.)
     */
    public static String trustKey(Path configFile) {
        Path absolute = configFile.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null || absolute.getFileName() == null) {
            return absolute.toString();
        }
        try {
            return folder.toRealPath().resolve(absolute.getFileName()).toString();
        } catch (IOException e) {
            return absolute.toString();
        }
    }

    /** The SHA-256 of the bytes as 64 lower-case hexadecimal digits. */
    public static String contentHash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private synchronized ObjectNode read() {
        byte[] bytes;
        try {
            bytes = SmallFiles.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (SmallFiles.TooLargeException e) {
            // Treating it as empty would let the next save drop every entry.
            throw new ConfigException("Trust store too large: " + file + " holds more than "
                + SmallFiles.describe(MAX_BYTES), "Remove entries of folders that no longer exist from "
                + file + ", or delete it to trust every local config afresh", file, null, e);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot read trust store {0}, treating as empty: {1}", file, e.toString());
            return JSON.createObjectNode();
        }
        String problem;
        try {
            JsonNode tree = JSON.readTree(bytes);
            problem = shapeProblem(tree);
            if (problem == null) {
                return (ObjectNode) tree;
            }
        } catch (JsonProcessingException e) {
            problem = e.getOriginalMessage();
        } catch (IOException e) {
            problem = e.getMessage();
        }
        String warning = "Corrupt trust store at " + file + ", treating as empty: " + problem;
        // A load reads the store twice (check, then trust); one warning is enough.
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
        LOG.log(System.Logger.Level.DEBUG, warning);
        return JSON.createObjectNode();
    }

    // Upstream reads the store with a strict schema; a store it could not read counts as corrupt.
    private static String shapeProblem(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return "expected a JSON object";
        }
        JsonNode entries = tree.get("entries");
        if (entries == null) {
            return null;
        }
        if (!entries.isObject()) {
            return "\"entries\" is not an object";
        }
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isObject() || !value.path("content_hash").isTextual() || !value.path("trusted_at").isTextual()) {
                return "entry for " + entry.getKey() + " lacks content_hash or trusted_at";
            }
        }
        return null;
    }

    // Two-space indentation and "key": value, as upstream's serde_json pretty printer writes it.
    private static byte[] serialize(ObjectNode store) throws JsonProcessingException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        String text = JSON.writer(printer).writeValueAsString(store);
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
