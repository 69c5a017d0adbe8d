package dev.mino.core.config;

import dev.mino.layers.LayerFingerprint;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TrustDecider} is asked about: a local configuration file or a project's layers.
 * Every text in it may come from the project, which the sandboxed command can write: escape it
 * before showing it on a terminal ({@link dev.mino.core.text.DisplayText#escape(String)}).
 */
public sealed interface TrustQuestion permits TrustQuestion.LocalConfigFile, TrustQuestion.ProjectLayerFiles {

    /**
     * A local {@code .mino.toml} that sets security-sensitive fields and whose exact bytes were
     * not trusted before. A terminal shows {@link TrustPrompt#warning(Path)}, a note
     * {@link TrustPrompt#NOTE_TITLE} with {@link TrustPrompt#noteBody(List)}, and asks
     * {@link TrustPrompt#QUESTION}.
     *
     * @param file the local file
     * @param fields its sensitive settings, with value summaries safe to print
     */
    record LocalConfigFile(Path file, List<SensitiveField> fields) implements TrustQuestion {
        /** Checks that no part is missing. */
        public LocalConfigFile {
            Objects.requireNonNull(file, "file");
            fields = List.copyOf(fields);
        }
    }

    /**
     * The project's own layers ({@code .mino/layers}), which a run asks for, and which are not
     * trusted in this exact content. {@link ProjectLayerTrust.Check#changes()} lists the files
     * added, changed and removed since they were last trusted (everything is added when never),
     * {@link ProjectLayerTrust.Check#earlier()} tells whether they ever were, and
     * {@code check().layers().content(path)} gives each file's bytes. A yes lets in exactly these
     * bytes: a file changed afterwards does not get in.
     *
     * @param check the layer tree as read and what was trusted before
     */
    record ProjectLayerFiles(ProjectLayerTrust.Check check) implements TrustQuestion {
        /** Checks that no part is missing. */
        public ProjectLayerFiles {
            Objects.requireNonNull(check, "check");
        }

        /** The layer folder, {@code <project>/.mino/layers}. */
        public Path directory() {
            return check.layers().directory();
        }

        /** What changed since the layers were last trusted. */
        public LayerFingerprint.Changes changes() {
            return check.changes();
        }
    }
}
