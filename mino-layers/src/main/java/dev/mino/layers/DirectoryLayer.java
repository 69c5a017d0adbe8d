package dev.mino.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a layer kept as a directory with {@code layer.toml} and, usually, {@code install.sh}. */
final class DirectoryLayer {

    /** The install script's file name in a layer folder. */
    static final String SCRIPT_NAME = "install.sh";

    private DirectoryLayer() {
    }

    /** Reads a user's layer folder from disk; project layers come from a {@link ProjectLayers} snapshot. */
    static Layer load(Path dir, LayerSource source) {
        Path manifestFile = dir.resolve(LayerManifest.FILE_NAME);
        LayerManifest manifest = LayerManifest.read(manifestFile);
        Path scriptFile = dir.resolve(SCRIPT_NAME);
        Optional<String> script = Optional.empty();
        if (Files.isRegularFile(scriptFile)) {
            try {
                script = Optional.of(Files.readString(scriptFile));
            } catch (IOException e) {
                throw new LayerException("IO error: reading layer install script " + scriptFile + ": " + e.getMessage(),
                        "Check that " + scriptFile + " is readable UTF-8 text", e);
            }
        }
        return of(dir, manifest, script, source);
    }

    /** The layer of a folder whose manifest and script (if any) have been read. */
    static Layer of(Path dir, LayerManifest manifest, Optional<String> script, LayerSource source) {
        // Unlike built-ins, a directory's script counts even if it is only comments: its author
        // put it there, and mino 1.6.0 does the same.
        if (script.isEmpty() && manifest.userInstall().isEmpty()) {
            Path manifestFile = dir.resolve(LayerManifest.FILE_NAME);
            throw new LayerException("Layer install script missing: " + dir.resolve(SCRIPT_NAME),
                    "Add install.sh to " + dir + ", or declare what to install in [user_install] of " + manifestFile);
        }
        return new Layer(manifest, script, source, Optional.of(dir));
    }
}
