package dev.mino.cli.terminal;

import dev.mino.core.text.DisplayText;
import dev.mino.network.EgressEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what the egress guard of an allowlisted run denied, for one line at the end of the run:
 * {@code Blocked 3 destinations: tcp 10.0.0.7:8080 (x2), name evil.example (A)}. The most frequent
 * come first, at most {@link #SHOWN}; the rest are counted. Names and addresses come from the
 * sandbox, so each is escaped. Thread-safe: the events arrive on the sandbox's thread.
 */
final class EgressSummary {
    /** How many destinations the line names. */
    static final int SHOWN = 5;
    /**
     * How many different destinations are told apart: beyond them (a flood of random names), each
     * further denial counts as one more destination, without being kept; so does each denial the
     * guard itself left unreported.
     */
    private static final int TRACKED = 1000;

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int untracked;

    /** Counts the event if it is a denial. */
    synchronized void add(EgressEvent event) {
        if (!event.denied()) {
            return;
        }
        if (event instanceof EgressEvent.DenialsSuppressed suppressed) {
            // Denials the guard did not report one by one: counted, never named.
            untracked += suppressed.count();
            return;
        }
        String key = describe(event);
        if (counts.containsKey(key) || counts.size() < TRACKED) {
            counts.merge(key, 1, Integer::sum);
        } else {
            untracked++;
        }
    }

    /**
     * One denial as the user reads it: {@code tcp 10.0.0.7:8080} or {@code name evil.example (A)},
     * escaped for the terminal.
     */
    static String describe(EgressEvent event) {
        if (event instanceof EgressEvent.NameRefused refused) {
            return "name " + DisplayText.escape(refused.name()) + " (" + DisplayText.escape(refused.queryType()) + ")";
        }
        if (event instanceof EgressEvent.ConnectionBlocked blocked) {
            return DisplayText.escape(blocked.protocol()) + " " + DisplayText.escape(blocked.destination());
        }
        return DisplayText.escape(event.describe());
    }

    /** The summary line, or empty when nothing was denied. */
    synchronized Optional<String> line() {
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        // Stable: equally frequent ones keep the order they were first seen in.
        entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        int destinations = counts.size() + untracked;
        StringBuilder line = new StringBuilder("Blocked ").append(destinations)
            .append(destinations == 1 ? " destination: " : " destinations: ");
        for (int i = 0; i < Math.min(SHOWN, entries.size()); i++) {
            if (i > 0) {
                line.append(", ");
            }
            line.append(entries.get(i).getKey());
            if (entries.get(i).getValue() > 1) {
                line.append(" (x").append(entries.get(i).getValue()).append(')');
            }
        }
        int more = destinations - Math.min(SHOWN, entries.size());
        if (more > 0) {
            line.append(" and ").append(more).append(" more");
        }
        return Optional.of(line.toString());
    }
}
