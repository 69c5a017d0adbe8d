package dev.mino.core.config;

import dev.mino.core.internal.config.TomlText;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables the configuration reads, and the one way booleans are spelled in
 * them and in {@code config set}: {@code 1/0}, {@code true/false}, {@code yes/no},
 * {@code on/off}, in any letter case. (Upstream mino accepts only {@code true/false} in
 * variables; the port accepts all of these.)
 */
public final class MinoEnvironment {

    /** The global configuration file, like {@code --config}. */
    public static final String CONFIG = "MINO_CONFIG";

    /** Load untrusted local configuration without asking, like {@code --trust-local}. */
    public static final String TRUST_LOCAL = "MINO_TRUST_LOCAL";

    /** The spellings accepted, for messages. */
    public static final String BOOLEAN_SPELLINGS = "true/false, 1/0, yes/no, on/off";

    private MinoEnvironment() {
    }

    /**
     * Reads a boolean spelled {@code 1/0}, {@code true/false}, {@code yes/no} or {@code on/off},
     * in any letter case.
     *
     * @return the value, or empty when the text is none of these
     */
    public static Optional<Boolean> parseBoolean(String text) {
        if (text == null) {
            return Optional.empty();
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return Optional.of(Boolean.TRUE);
            case "0", "false", "no", "off":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }

    /**
     * Reads a boolean environment variable. An unset or empty variable counts as not given, so
     * {@code MINO_TRUST_LOCAL= mino ...} behaves like leaving it out.
     *
     * @param environment the environment variables
     * @param name the variable's name
     * @return the value, or empty when the variable is unset or empty
     * @throws ConfigException naming the variable when its value is not a boolean
     */
    public static Optional<Boolean> flag(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parseBoolean(value).orElseThrow(() -> new ConfigException(
            "Invalid value for environment variable " + name + ": " + TomlText.quote(value) + " is not a boolean ("
                + BOOLEAN_SPELLINGS + ")",
            "Set " + name + " to true or false, or unset it", null, name, null)));
    }
}
