package dev.mino.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a boolean the way the port reads every boolean environment variable (SPEC 16 item 5):
 * {@code 1/0}, {@code true/false}, {@code yes/no}, {@code on/off}, in any case; an empty value
 * (a variable set to nothing) counts as not given.
 */
final class BooleanWords implements ITypeConverter<Boolean> {

    @Override
    public Boolean convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "" -> Boolean.FALSE;
            case "1", "true", "yes", "on" -> Boolean.TRUE;
            case "0", "false", "no", "off" -> Boolean.FALSE;
            default -> throw new TypeConversionException("invalid value '" + value
                + "': use true/false, 1/0, yes/no or on/off");
        };
    }
}
