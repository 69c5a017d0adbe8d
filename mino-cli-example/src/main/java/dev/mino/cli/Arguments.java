package dev.mino.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The command line cut at the first {@code --}: what picocli parses, and the command to run in
 * the sandbox. Cutting before parsing keeps the sandboxed command out of picocli's hands entirely,
 * so that {@code mino run bash} is a usage error (the command must follow {@code --}), nothing
 * after {@code --} is ever taken as an option of mino, and the {@code --} itself never reaches the
 * container (SPEC 16 item 1).
 *
 * @param options the arguments before {@code --}
 * @param command the arguments after {@code --}; empty for {@code run --} with nothing after it
 * @param hasDoubleDash whether a {@code --} was given at all
 */
record Arguments(List<String> options, List<String> command, boolean hasDoubleDash) {

    /** Copies the lists. */
    Arguments {
        options = List.copyOf(options);
        command = List.copyOf(command);
    }

    /** Splits {@code args} at the first {@code --}. */
    static Arguments split(String... args) {
        List<String> all = Arrays.asList(args);
        int dash = all.indexOf("--");
        if (dash < 0) {
            return new Arguments(all, List.of(), false);
        }
        return new Arguments(all.subList(0, dash), all.subList(dash + 1, all.size()), true);
    }
}
