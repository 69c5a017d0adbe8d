package dev.mino.core.config;

import dev.mino.core.text.DisplayText;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Asks the user whether to trust a local {@code .mino.toml} that holds security-sensitive
 * settings. The library never decides whether it may ask: a caller that can talk to a user (see
 * {@link NonInteractive#detect(java.util.Map, boolean, boolean)}) passes a prompt in
 * {@link ConfigOptions}; without one, untrusted files are skipped with a warning.
 *
 * <p>A terminal prompt should show {@link #warning(Path)}, then a note titled
 * {@link #NOTE_TITLE} whose body is {@link #noteBody(List)}, then ask {@link #QUESTION}
 * defaulting to no. On yes the library records the file's exact bytes as trusted.
 */
@FunctionalInterface
public interface TrustPrompt {

    /** The title of the note listing the fields. */
    String NOTE_TITLE = "Security-sensitive fields detected";

    /** The yes/no question, to be asked with "no" as the default. */
    String QUESTION = "Trust this config and continue?";

    /**
     * Asks the user.
     *
     * @param file the untrusted local file
     * @param fields its sensitive settings, with value summaries safe to print
     * @return true to trust and load the file, false to continue without it
     */
    boolean trust(Path file, List<SensitiveField> fields);

    /**
     * The warning shown before the note: {@code Untrusted local config: <path>}, with control and
     * format characters of the path escaped ({@link DisplayText#escape(String)}).
     */
    static String warning(Path file) {
        return "Untrusted local config: " + DisplayText.escape(file.toString());
    }

    /**
     * The note's body: one {@link SensitiveField#displayLine()} per line, each passed through
     * {@link DisplayText#escape(String)}, so no field can add a line or a terminal control.
     */
    static String noteBody(List<SensitiveField> fields) {
        return fields.stream().map(field -> DisplayText.escape(field.displayLine())).collect(Collectors.joining("\n"));
    }
}
