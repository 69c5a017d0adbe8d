package dev.mino.core.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.FirewallImage;
import dev.mino.core.MinoException;
import dev.mino.core.internal.config.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The firewall images mino built and pinned, one per engine (an image id means something on its
 * own engine only), in {@code <state>/firewall-image.json}: 0600 in the 0700 state directory, a
 * place no sandbox ever sees, so nothing a sandboxed command does can choose the image its
 * firewall runs from. The file is replaced whole, never written in place.
 */
public final class FirewallImagePins {
    private static final System.Logger LOG = System.getLogger(FirewallImagePins.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ENGINES = "engines";
    /** One writer at a time in this JVM: each write reads the others' pins and keeps them. */
    private static final Object WRITE_LOCK = new Object();

    private final Path file;

    FirewallImagePins(Path file) {
        this.file = file;
    }

    /** The pins in {@code stateDirectory}, or in the platform's state directory when null. */
    public static FirewallImagePins at(Path stateDirectory) {
        MinoPaths paths = stateDirectory == null ? MinoPaths.defaults()
            : new MinoPaths(stateDirectory, stateDirectory, stateDirectory);
        return new FirewallImagePins(paths.firewallImagePins());
    }

    /** The file the pins live in. */
    public Path file() {
        return file;
    }

    /**
     * The image pinned for the engine at {@code engineUri}; empty when there is none, or when the
     * file cannot be read or holds no valid pin for it (logged: the image is then built again).
     */
    public Optional<FirewallImage.Pinned> find(String engineUri) {
        JsonNode pin = read().path(ENGINES).path(engineUri);
        if (!pin.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.treeToValue(pin, FirewallImage.Pinned.class));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring the firewall image pinned for " + engineUri + " in " + file + ": " + e);
            return Optional.empty();
        }
    }

    /**
     * Pins {@code image} for the engine at {@code engineUri}, replacing its earlier pin and keeping
     * those of other engines.
     *
     * @throws MinoException when the file cannot be written
     */
    public void pin(String engineUri, FirewallImage.Pinned image) {
        synchronized (WRITE_LOCK) {
            JsonNode existing = read();
            ObjectNode root = existing.isObject() ? (ObjectNode) existing.deepCopy() : JSON.createObjectNode();
            JsonNode engines = root.path(ENGINES);
            ObjectNode byEngine = engines.isObject() ? (ObjectNode) engines : root.putObject(ENGINES);
            byEngine.set(engineUri, JSON.valueToTree(image));
            try {
                AtomicFiles.writePrivate(file, JSON.writeValueAsBytes(root));
            } catch (IOException e) {
                throw new MinoException("cannot record mino's firewall image in " + file + ": " + e,
                    "make sure " + file.getParent() + " can be written by the current user", e);
            }
        }
    }

    private JsonNode read() {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + file + ": " + e);
            return JSON.createObjectNode();
        }
    }
}
