package dev.mino.layers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A snapshot of a project's {@code .mino/layers} folder: every file of it, read once into memory.
 *
 * <p>The project folder is writable by the sandbox, so everything in it is treated as hostile.
 * Nothing is read through a symbolic link: {@code .mino}, {@code layers}, each layer folder and
 * each file are opened one below the other without following links (relative to the folder
 * already opened where the platform allows, so a link swapped in meanwhile is not followed either),
 * and a link anywhere in the tree is refused with a {@link LayerException}. So is anything that is
 * neither a folder nor a regular file, a file over {@value #MAX_FILE_BYTES} bytes, a tree over
 * {@value #MAX_TOTAL_BYTES} bytes, {@value #MAX_FILES} files or {@value #MAX_ENTRIES} entries (files and
 * folders), and folders nested deeper than {@value #MAX_DEPTH}.
 *
 * <p>The {@link #fingerprint()} is taken from the bytes held here, and {@link LayerResolver}
 * builds layers from the same bytes, so what a user trusted is exactly what goes into an image.
 *
 * <p>Instances are immutable and safe to share.
 */
public final class ProjectLayers {

    /** The largest file a project's layer tree may hold: 1 MiB. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** The most bytes all files of a project's layer tree may hold together: 8 MiB. */
    public static final long MAX_TOTAL_BYTES = 8L << 20;

    /** The most files a project's layer tree may hold. */
    public static final int MAX_FILES = 1000;

    /**
     * The most entries, files and folders together, a project's layer tree may hold. Empty folders
     * cost no bytes, so without this a sandbox could plant millions of them and have the next run
     * list them all into memory; entries are counted as they are listed, before any is kept.
     */
    public static final int MAX_ENTRIES = 2 * MAX_FILES;

    /** How deep folders may nest below {@code .mino/layers} (a layer's folder is depth 1). */
    public static final int MAX_DEPTH = 8;

    private static final String HINT = "Replace the link with a regular file or folder inside the project "
            + "(a layer may only use what lies in its own folder), or remove it";

    private final Path directory;
    private final Map<String, byte[]> files;
    private final LayerFingerprint fingerprint;

    private ProjectLayers(Path directory, Map<String, byte[]> files) {
        this.directory = directory;
        this.files = Collections.unmodifiableMap(files);
        this.fingerprint = LayerFingerprint.of(files);
    }

    /**
     * Reads {@code <project>/.mino/layers}. A project without that folder has an empty snapshot.
     *
     * @param projectDir the project folder, as a real path (symbolic links resolved)
     * @return the snapshot
     * @throws LayerException if the tree holds a symbolic link or anything but folders and regular
     *     files, is too large, or cannot be read
     */
    public static ProjectLayers read(Path projectDir) {
        Objects.requireNonNull(projectDir, "projectDir");
        Path layersDir = projectDir.resolve(".mino").resolve("layers");
        Map<String, byte[]> files = new TreeMap<>();
        Reader reader = new Reader(layersDir, files);
        try {
            reader.readProject(projectDir);
        } catch (NoSuchFileException e) {
            // A folder that vanished while it was read: nothing of it is used.
            return new ProjectLayers(layersDir, new TreeMap<>());
        } catch (IOException e) {
            throw new LayerException("IO error: reading the project's layers in " + layersDir + ": " + e,
                    "Check that " + layersDir + " and everything in it can be read", e);
        }
        return new ProjectLayers(layersDir, files);
    }

    /**
     * A snapshot of given files, for tests and callers that keep layers elsewhere.
     *
     * @param layersDir the folder the files are said to come from
     * @param files relative path (with {@code /}) to content
     * @return the snapshot
     */
    public static ProjectLayers of(Path layersDir, Map<String, byte[]> files) {
        Map<String, byte[]> copy = new TreeMap<>();
        files.forEach((name, content) -> copy.put(name, content.clone()));
        return new ProjectLayers(Objects.requireNonNull(layersDir, "layersDir"), copy);
    }

    /**
     * Returns the folder read, {@code <project>/.mino/layers}.
     *
     * @return the folder
     */
    public Path directory() {
        return directory;
    }

    /**
     * Tells whether the tree holds no file at all.
     *
     * @return {@code true} for a project without layers
     */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Returns the relative paths of all files, sorted, with {@code /} between folders.
     *
     * @return the paths
     */
    public Set<String> paths() {
        return Collections.unmodifiableSet(new TreeSet<>(files.keySet()));
    }

    /**
     * Returns a file's content.
     *
     * @param relativePath a path as {@link #paths()} lists it
     * @return a copy of the content, or empty if there is no such file
     */
    public Optional<byte[]> content(String relativePath) {
        return Optional.ofNullable(files.get(relativePath)).map(byte[]::clone);
    }

    /**
     * Returns the fingerprint of every file: relative path and SHA-256 of its content.
     *
     * @return the fingerprint
     */
    public LayerFingerprint fingerprint() {
        return fingerprint;
    }

    /**
     * Returns the names of the layer folders: folders right below {@code .mino/layers} with a
     * valid layer name and a {@code layer.toml}, sorted.
     *
     * @return the names
     */
    public List<String> layerNames() {
        Set<String> names = new TreeSet<>();
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            if (slash > 0 && path.substring(slash + 1).equals(LayerManifest.FILE_NAME)) {
                String name = path.substring(0, slash);
                if (LayerName.isValid(name)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Tells whether the tree has a layer folder of this name.
     *
     * @param name a layer name
     * @return {@code true} if {@code <name>/layer.toml} is in the tree
     */
    public boolean hasLayer(String name) {
        return files.containsKey(name + "/" + LayerManifest.FILE_NAME);
    }

    /** Builds the layer of a folder from the bytes held here. */
    Layer layer(String name) {
        Path dir = directory.resolve(name);
        String manifestPath = name + "/" + LayerManifest.FILE_NAME;
        byte[] manifestBytes = files.get(manifestPath);
        if (manifestBytes == null) {
            throw new LayerException("Layer manifest missing: " + dir.resolve(LayerManifest.FILE_NAME),
                    "Add layer.toml to " + dir);
        }
        LayerManifest manifest = ManifestReader.parse(text(manifestBytes, dir.resolve(LayerManifest.FILE_NAME)),
                dir.resolve(LayerManifest.FILE_NAME).toString());
        byte[] script = files.get(name + "/" + DirectoryLayer.SCRIPT_NAME);
        Optional<String> installScript = script == null ? Optional.empty()
                : Optional.of(text(script, dir.resolve(DirectoryLayer.SCRIPT_NAME)));
        return DirectoryLayer.of(dir, manifest, installScript, LayerSource.PROJECT);
    }

    private static String text(byte[] bytes, Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new LayerException("IO error: " + file + " is not UTF-8 text", "Save " + file + " as UTF-8", e);
        }
    }

    /** Walks the tree from the project folder down, never following a link. */
    private static final class Reader {
        private final Path layersDir;
        private final Map<String, byte[]> files;
        private long total;
        private int entryCount;

        Reader(Path layersDir, Map<String, byte[]> files) {
            this.layersDir = layersDir;
            this.files = files;
        }

        void readProject(Path projectDir) throws IOException {
            Path mino = projectDir.resolve(".mino");
            if (!checkFolder(mino, "the project's .mino folder")) {
                return;
            }
            if (!checkFolder(layersDir, "the project's layers folder")) {
                return;
            }
            try (DirectoryStream<Path> project = Files.newDirectoryStream(projectDir)) {
                if (project instanceof SecureDirectoryStream<Path> secureProject) {
                    try (SecureDirectoryStream<Path> minoStream = secureProject.newDirectoryStream(
                            mino.getFileName(), LinkOption.NOFOLLOW_LINKS);
                            SecureDirectoryStream<Path> layers = minoStream.newDirectoryStream(
                                    layersDir.getFileName(), LinkOption.NOFOLLOW_LINKS)) {
                        walkSecure(layers, layersDir, "", 1);
                    }
                    return;
                }
            }
            walkByPath(layersDir, "", 1);
        }

        /** True for a real folder, false when absent or not a folder; a link is refused. */
        private boolean checkFolder(Path path, String what) throws IOException {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return false;
            }
            if (attributes.isSymbolicLink()) {
                throw linked(path, what);
            }
            return attributes.isDirectory();
        }

        private void walkSecure(SecureDirectoryStream<Path> dir, Path dirPath, String prefix, int depth)
                throws IOException {
            List<Path> names = new ArrayList<>();
            for (Path entry : dir) {
                countEntry();
                names.add(entry.getFileName());
            }
            Collections.sort(names);
            for (Path name : names) {
                Path full = dirPath.resolve(name.toString());
                String relative = prefix + name;
                BasicFileAttributes attributes = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (attributes.isDirectory()) {
                    checkDepth(full, depth);
                    try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                        walkSecure(child, full, relative + "/", depth + 1);
                    } catch (NotDirectoryException e) {
                        throw linked(full, describe(depth));
                    }
                } else {
                    checkFile(full, attributes, depth);
                    try (SeekableByteChannel channel = dir.newByteChannel(name,
                            Set.<java.nio.file.OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                        add(relative, full, Channels.newInputStream(channel));
                    } catch (IOException e) {
                        // ELOOP: the file became a link between the check and the open.
                        if (Files.isSymbolicLink(full)) {
                            throw linked(full, describe(depth));
                        }
                        throw e;
                    }
                }
            }
        }

        /** The same walk where the platform has no {@link SecureDirectoryStream}. */
        private void walkByPath(Path dirPath, String prefix, int depth) throws IOException {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(dirPath)) {
                for (Path entry : dir) {
                    countEntry();
                    entries.add(entry);
                }
            }
            Collections.sort(entries);
            for (Path full : entries) {
                String relative = prefix + full.getFileName();
                BasicFileAttributes attributes = Files.readAttributes(full, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isDirectory()) {
                    checkDepth(full, depth);
                    walkByPath(full, relative + "/", depth + 1);
                } else {
                    checkFile(full, attributes, depth);
                    try (InputStream in = Files.newInputStream(full, StandardOpenOption.READ,
                            LinkOption.NOFOLLOW_LINKS)) {
                        add(relative, full, in);
                    }
                    if (!full.toRealPath().startsWith(layersDir.toRealPath())) {
                        throw linked(full, describe(depth));
                    }
                }
            }
        }

        private void countEntry() {
            if (++entryCount > MAX_ENTRIES) {
                throw new LayerException("The project's layer tree " + layersDir + " holds more than " + MAX_ENTRIES
                        + " files and folders", "Keep only the layers' own files (layer.toml, install.sh) in "
                        + layersDir);
            }
        }

        private void checkDepth(Path dir, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new LayerException("The project's layer folder " + dir + " is nested deeper than " + MAX_DEPTH
                        + " levels below " + layersDir, "Flatten the layer's folders");
            }
        }

        private void checkFile(Path file, BasicFileAttributes attributes, int depth) {
            if (attributes.isSymbolicLink()) {
                throw linked(file, describe(depth));
            }
            if (!attributes.isRegularFile()) {
                throw new LayerException("The project's layer tree holds " + file + ", which is neither a folder "
                        + "nor a regular file", "Remove it from " + layersDir);
            }
            if (files.size() >= MAX_FILES) {
                throw new LayerException("The project's layer tree " + layersDir + " holds more than " + MAX_FILES
                        + " files", "Keep only the layers' own files (layer.toml, install.sh) in " + layersDir);
            }
            if (attributes.size() > MAX_FILE_BYTES) {
                throw tooLarge(file);
            }
        }

        private void add(String relative, Path file, InputStream in) throws IOException {
            // Read at most one byte more than allowed: the file may have grown since its size was seen.
            byte[] content = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw tooLarge(file);
            }
            total += content.length;
            if (total > MAX_TOTAL_BYTES) {
                throw new LayerException("The project's layer tree " + layersDir + " holds more than "
                        + MAX_TOTAL_BYTES + " bytes", "Keep only the layers' own files (layer.toml, install.sh) in "
                        + layersDir);
            }
            files.put(relative, content);
        }

        private static LayerException tooLarge(Path file) {
            return new LayerException("The project's layer file " + file + " is larger than " + MAX_FILE_BYTES
                    + " bytes", "Layer files are small text files; download large files in install.sh instead");
        }

        private static String describe(int depth) {
            return depth == 1 ? "an entry of the project's layers folder" : "a file or folder of a project layer";
        }

        private static LayerException linked(Path path, String what) {
            return new LayerException("Refusing " + what + " " + path + ": it is a symbolic link, and project "
                    + "layers are read only from regular files inside the project's .mino/layers", HINT);
        }
    }

    @Override
    public String toString() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        files.forEach((name, content) -> sizes.put(name, content.length));
        return "ProjectLayers[" + directory + ", " + sizes + "]";
    }
}
