package dev.mino.cli.commands;

import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.InvalidSpecException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino prune}: deletes the records of sessions that ended, so that {@code list -a} shows
 * what matters. Running sessions are never touched. mino 1.6.0 only cleans up before a run
 * ({@code session.auto_cleanup_hours}); this does it on request, at any age.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Remove the records of sessions that ended")
public final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    MinoCommand root;

    @Option(names = "--older-than", paramLabel = "AGE",
        description = "Only sessions that ended longer ago than this: hours (12h) or days (7d); default: every ended one.")
    String olderThan;

    @Override
    public Integer call() {
        List<String> removed = root.sessions(null).prune(age(olderThan));
        Renderer out = root.io().outRenderer();
        if (removed.isEmpty()) {
            out.info("No ended session to remove");
        } else {
            out.ok("Removed " + removed.size() + (removed.size() == 1 ? " ended session" : " ended sessions"));
            removed.forEach(name -> out.keyValue("removed", name));
        }
        return 0;
    }

    /** {@code 12h}, {@code 7d} or a bare number of hours; null is zero. */
    static Duration age(String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        String value = text.strip();
        boolean days = value.endsWith("d");
        String number = value.endsWith("d") || value.endsWith("h") ? value.substring(0, value.length() - 1) : value;
        if (number.isEmpty() || number.length() > 6 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidSpecException("Invalid age '" + dev.mino.core.text.DisplayText.escape(text) + "' for --older-than",
                "write hours or days, for example 12h or 7d");
        }
        long amount = Long.parseLong(number);
        return days ? Duration.ofDays(amount) : Duration.ofHours(amount);
    }
}
