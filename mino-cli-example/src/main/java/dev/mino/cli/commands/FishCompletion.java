package dev.mino.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from the command tree: subcommand names at the first position,
 * each subcommand's options once it has been typed, and the global options everywhere.
 */
final class FishCompletion {
    private FishCompletion() {
    }

    static String script(CommandSpec root) {
        String name = root.name();
        StringBuilder out = new StringBuilder("# fish completion for " + name + "; load with: "
            + name + " completions fish | source\n");
        out.append("complete -c ").append(name).append(" -e\n");
        for (OptionSpec option : root.options()) {
            out.append(option(name, "", option));
        }
        for (Map.Entry<String, CommandLine> entry : root.subcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !entry.getKey().equals(sub.name())) {
                continue; // hidden, or an alias of a command listed under its own name
            }
            out.append("complete -c ").append(name).append(" -f -n '__fish_use_subcommand' -a ")
                .append(sub.name()).append(" -d ").append(quote(description(sub))).append('\n');
            String seen = "__fish_seen_subcommand_from " + sub.name();
            for (OptionSpec option : sub.options()) {
                if (option.inherited()) {
                    continue;
                }
                out.append(option(name, seen, option));
            }
            for (CommandLine nestedLine : sub.subcommands().values()) {
                CommandSpec nested = nestedLine.getCommandSpec();
                out.append("complete -c ").append(name).append(" -f -n ").append(quote(seen)).append(" -a ")
                    .append(nested.name()).append(" -d ").append(quote(description(nested))).append('\n');
            }
        }
        return out.toString();
    }

    private static String option(String command, String condition, OptionSpec option) {
        if (option.hidden()) {
            return "";
        }
        List<String> parts = new ArrayList<>(List.of("complete", "-c", command));
        if (!condition.isEmpty()) {
            parts.add("-n");
            parts.add(quote(condition));
        }
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                parts.add("-l");
                parts.add(name.substring(2));
            } else if (name.startsWith("-") && name.length() == 2) {
                parts.add("-s");
                parts.add(name.substring(1));
            }
        }
        if (option.arity().max() > 0) {
            parts.add("-r");
            List<String> candidates = new ArrayList<>();
            if (option.completionCandidates() != null) {
                option.completionCandidates().forEach(candidates::add);
            }
            if (!candidates.isEmpty()) {
                parts.add("-f");
                parts.add("-a");
                parts.add(quote(String.join(" ", candidates)));
            }
        }
        String[] text = option.description();
        if (text.length > 0) {
            parts.add("-d");
            parts.add(quote(text[0]));
        }
        return String.join(" ", parts) + "\n";
    }

    private static String description(CommandSpec spec) {
        String[] text = spec.usageMessage().description();
        return text.length > 0 ? text[0] : "";
    }

    /** Single-quotes for fish, where only \\ and ' need escaping inside single quotes. */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
