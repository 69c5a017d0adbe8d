package dev.mino.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a layer kept as a directory with {@code layer.toml} and, usually, {@code install.sh}. */
final class DirectoryLayer {

    private DirectoryLayer() {
    }

    static Layer load(Path dir, LayerSource source) {
        Path manifestFile = dir.resolve("layer.toml");
        LayerManifest manifest = LayerManifest.read(manifestFile);
        Path scriptFile = dir.resolve("install.sh");
        Optional<String> script;
        if (Files.isRegularFile(scriptFile)) {
            // Unlike built-ins, a directory's script counts even if it is only comments: its
            // author put it there, and mino 1.6.0 does the same.
            try {
                script = Optional.of(Files.readString(scriptFile));
            } catch (IOException e) {
                throw new LayerException("IO error: reading layer install script " + scriptFile + ": " + e.getMessage(),
                        "Check that " + scriptFile + " is readable UTF-8 text", e);
            }
        } else if (!manifest.userInstall().isEmpty()) {
            script = Optional.empty();
        } else {
            throw new LayerException("Layer install script missing: " + scriptFile,
                    "Add install.sh to " + dir + ", or declare what to install in [user_install] of " + manifestFile);
        }
        return new Layer(manifest, script, source, Optional.of(dir));
    }
}
