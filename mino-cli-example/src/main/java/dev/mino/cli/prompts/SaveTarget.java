package dev.mino.cli.prompts;

import dev.mino.core.config.MinoConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where an answer to a {@code run} prompt is kept (SPEC 1.3.3): the project, the user, or nowhere. */
enum SaveTarget {
    PROJECT("Save to " + MinoConfig.LOCAL_FILE_NAME, "this project only"),
    GLOBAL("Save to global config", ""),
    NOWHERE("Don't save", "prompt again next time");

    private final String label;
    private final String hint;

    SaveTarget(String label, String hint) {
        this.label = label;
        this.hint = hint;
    }

    /** The options in menu order; the global one's hint is the global file in effect. */
    static List<Choice> choices(Path globalFile, Path home) {
        return List.of(PROJECT.choice(""), GLOBAL.choice(shortened(globalFile, home)), NOWHERE.choice(""));
    }

    private Choice choice(String fileHint) {
        return new Choice(label, hint.isEmpty() ? fileHint : hint);
    }

    /** The file this target writes: {@code <project>/.mino.toml}, the global file in effect, or none. */
    Optional<Path> file(Path project, Path globalFile) {
        switch (this) {
            case PROJECT:
                return Optional.of(project.resolve(MinoConfig.LOCAL_FILE_NAME));
            case GLOBAL:
                return Optional.of(globalFile);
            default:
                return Optional.empty();
        }
    }

    /** A path under the home directory as {@code ~/...}, as people write it. */
    static String shortened(Path file, Path home) {
        if (home != null && file.startsWith(home) && !file.equals(home)) {
            return "~/" + home.relativize(file);
        }
        return file.toString();
    }
}
