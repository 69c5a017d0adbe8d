package dev.mino.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deep-merges a local tree over a global one, as upstream mino does before typing: where both
 * sides hold a table the merge recurses, otherwise the local value replaces the global one
 * (arrays replace and never append; a scalar may replace a table and the other way round).
 *
 * <p>The result remembers which file every value came from, so that a type error found in the
 * merged tree can name the file the user has to fix.
 */
public final class TreeMerger {

    private TreeMerger() {
    }

    /**
     * The merged tree and the file each of its values came from.
     *
     * @param tree the merged tree; the inputs are not changed
     * @param baseFile the file of the values the overlay did not replace
     * @param replaced the paths whose whole subtree came from the overlay, with the overlay's file
     */
    public record Merged(ObjectNode tree, Path baseFile, Map<List<String>, Path> replaced) {

        /** The file the value at this path (or the table holding it) came from. */
        public Path originOf(List<String> path) {
            // A replaced subtree came wholesale from the overlay, so the longest replaced prefix wins.
            for (int length = path.size(); length > 0; length--) {
                Path file = replaced.get(path.subList(0, length));
                if (file != null) {
                    return file;
                }
            }
            return baseFile;
        }
    }

    /** A single tree with everything coming from one file. */
    public static Merged single(ObjectNode tree, Path file) {
        return new Merged(tree.deepCopy(), file, Map.of());
    }

    /**
     * Merges the overlay over the base.
     *
     * @param base the global tree
     * @param baseFile the global file
     * @param overlay the local tree
     * @param overlayFile the local file
     */
    public static Merged merge(ObjectNode base, Path baseFile, ObjectNode overlay, Path overlayFile) {
        Objects.requireNonNull(overlayFile, "overlayFile");
        ObjectNode result = base.deepCopy();
        Map<List<String>, Path> replaced = new HashMap<>();
        mergeInto(result, overlay, new ArrayList<>(), overlayFile, replaced);
        return new Merged(result, baseFile, Map.copyOf(replaced));
    }

    private static void mergeInto(ObjectNode target, ObjectNode overlay, List<String> path, Path overlayFile,
        Map<List<String>, Path> replaced) {
        for (Map.Entry<String, JsonNode> field : overlay.properties()) {
            List<String> child = new ArrayList<>(path);
            child.add(field.getKey());
            JsonNode existing = target.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) field.getValue(), child, overlayFile, replaced);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
                replaced.put(List.copyOf(child), overlayFile);
            }
        }
    }
}
