package com.example.embedder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two plans as JSON trees, field by field: every key of either side is visited, and each
 * place where they differ is reported as a JSON pointer (RFC 6901) with both values, so that a
 * failure says exactly which field the library and the CLI disagree on.
 */
final class PlanDiff {
    private final Set<String> ignored;
    private final List<String> differences = new ArrayList<>();

    private PlanDiff(Set<String> ignored) {
        this.ignored = ignored;
    }

    /**
     * The differences between the library's plan and the CLI's, one line per JSON pointer:
     * {@code /sandbox/env/A: library "1", CLI "2"}, {@code ... only in the library: ...}. Empty when
     * they are the same.
     *
     * @param ignored JSON pointers not compared (with everything under them)
     */
    static List<String> between(JsonNode library, JsonNode cli, Set<String> ignored) {
        PlanDiff diff = new PlanDiff(ignored);
        diff.compare("", library, cli);
        return List.copyOf(diff.differences);
    }

    private void compare(String pointer, JsonNode library, JsonNode cli) {
        if (ignored.contains(pointer)) {
            return;
        }
        if (library.isObject() && cli.isObject()) {
            Set<String> names = new TreeSet<>();
            library.fieldNames().forEachRemaining(names::add);
            cli.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = pointer + "/" + escape(name);
                if (!library.has(name)) {
                    onlyIn("the CLI", child, cli.get(name));
                } else if (!cli.has(name)) {
                    onlyIn("the library", child, library.get(name));
                } else {
                    compare(child, library.get(name), cli.get(name));
                }
            }
        } else if (library.isArray() && cli.isArray()) {
            Iterator<JsonNode> left = library.elements();
            Iterator<JsonNode> right = cli.elements();
            for (int i = 0; left.hasNext() || right.hasNext(); i++) {
                String child = pointer + "/" + i;
                if (!left.hasNext()) {
                    onlyIn("the CLI", child, right.next());
                } else if (!right.hasNext()) {
                    onlyIn("the library", child, left.next());
                } else {
                    compare(child, left.next(), right.next());
                }
            }
        } else if (!library.equals(cli)) {
            differences.add(shown(pointer) + ": library " + library + ", CLI " + cli);
        }
    }

    private void onlyIn(String side, String pointer, JsonNode value) {
        if (!ignored.contains(pointer)) {
            differences.add(shown(pointer) + " only in " + side + ": " + value);
        }
    }

    private static String shown(String pointer) {
        return pointer.isEmpty() ? "(the whole plan)" : pointer;
    }

    /** A key as one step of a JSON pointer: '~' and '/' escaped. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
