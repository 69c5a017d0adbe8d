package dev.mino.layers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a project's layer tree holds, file by file: each file's path relative to
 * {@code .mino/layers} (with {@code /} between folders) and the SHA-256 of its content. Two trees
 * with the same fingerprint hold the same bytes under the same names.
 *
 * @param files relative path to 64 lower-case hex digits, sorted by path
 */
public record LayerFingerprint(Map<String, String> files) {

    /** The fingerprint of a tree without files. */
    public static final LayerFingerprint EMPTY = new LayerFingerprint(Map.of());

    /**
     * Copies and sorts the map and checks the digests.
     *
     * @param files relative path to SHA-256 hex digits
     * @throws IllegalArgumentException if a digest is not 64 hex digits or a path is empty
     */
    public LayerFingerprint {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> file : Objects.requireNonNull(files, "files").entrySet()) {
            String path = Objects.requireNonNull(file.getKey(), "path");
            String digest = Objects.requireNonNull(file.getValue(), "digest").toLowerCase(java.util.Locale.ROOT);
            if (path.isEmpty() || !digest.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("Not a file fingerprint: " + path + " = " + digest);
            }
            sorted.put(path, digest);
        }
        files = Collections.unmodifiableMap(sorted);
    }

    /**
     * The fingerprint of files given with their content.
     *
     * @param contents relative path to content
     * @return the fingerprint
     */
    public static LayerFingerprint of(Map<String, byte[]> contents) {
        Map<String, String> digests = new TreeMap<>();
        contents.forEach((path, content) -> digests.put(path, sha256(content)));
        return new LayerFingerprint(digests);
    }

    /**
     * Returns one SHA-256 over every path and file digest, in path order: equal for equal trees.
     *
     * @return 64 lower-case hex digits
     */
    public String digest() {
        StringBuilder text = new StringBuilder();
        // A NUL cannot be part of a path, so no two trees give the same text.
        files.forEach((path, digest) -> text.append(path).append('\0').append(digest).append('\n'));
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Tells whether the tree holds no file.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Compares this tree with one seen before.
     *
     * @param earlier the fingerprint trusted before
     * @return the files added, removed and changed since then
     */
    public Changes changesSince(LayerFingerprint earlier) {
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        files.forEach((path, digest) -> {
            String before = earlier.files().get(path);
            if (before == null) {
                added.add(path);
            } else if (!before.equals(digest)) {
                modified.add(path);
            }
        });
        earlier.files().keySet().stream().filter(path -> !files.containsKey(path)).forEach(removed::add);
        return new Changes(added, modified, removed);
    }

    /** The SHA-256 of the bytes as 64 lower-case hex digits. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * How a layer tree changed, each list sorted by path.
     *
     * @param added files that are new
     * @param modified files whose content changed
     * @param removed files that are gone
     */
    public record Changes(List<String> added, List<String> modified, List<String> removed) {

        /**
         * Copies the lists.
         *
         * @param added files that are new
         * @param modified files whose content changed
         * @param removed files that are gone
         */
        public Changes {
            added = List.copyOf(added);
            modified = List.copyOf(modified);
            removed = List.copyOf(removed);
        }

        /**
         * Tells whether nothing changed.
         *
         * @return {@code true} when all lists are empty
         */
        public boolean isEmpty() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }
    }
}
