package dev.mino.cli;

import dev.mino.core.InvalidSpecException;
import java.util.Map;

/**
 * One {@code -e} argument: {@code KEY=VALUE}, or {@code KEY} alone to pass on the value KEY has in
 * mino's own environment. The name itself is checked by the library's builder.
 *
 * @param key the variable's name
 * @param value its value
 */
public record EnvAssignment(String key, String value) {

    /**
     * Parses {@code text}, splitting at the first {@code =} (the value may contain more).
     *
     * @param environment mino's environment, where a bare {@code KEY} takes its value from
     * @throws InvalidSpecException when a bare KEY is not set in {@code environment}
     */
    public static EnvAssignment parse(String text, Map<String, String> environment) {
        int equals = text.indexOf('=');
        if (equals >= 0) {
            return new EnvAssignment(text.substring(0, equals), text.substring(equals + 1));
        }
        String value = environment.get(text);
        if (value == null) {
            throw new InvalidSpecException("environment variable " + text + " is not set in mino's environment, so "
                + "-e " + text + " has no value to pass on", "write -e " + text + "=VALUE, or export " + text
                + " before running mino");
        }
        return new EnvAssignment(text, value);
    }
}
