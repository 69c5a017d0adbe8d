package dev.mino.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Safe renderings of TOML values for messages and for the trust prompt: strings in double quotes
 * with control and format characters escaped, numbers, booleans and date-times as text.
 * {@link #summary(JsonNode)}, for error messages, cuts arrays to five items
 * ({@code [a, b, ... +N more]}) and shows only the first five keys of a table
 * ({@code { k1, k2, ... +N more }}); {@link #full(JsonNode)}, for the trust prompt, shows every
 * item and every key with its value, since the user is asked to approve all of it.
 */
public final class ValueSummary {

    private static final int MAX_ITEMS = 5;

    private ValueSummary() {
    }

    /** The value rendered for a person to read. */
    public static String summary(JsonNode node) {
        if (node.isTextual()) {
            return TomlText.quote(node.textValue());
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            int count = 0;
            for (JsonNode item : node) {
                if (count++ < MAX_ITEMS) {
                    items.add(summary(item));
                }
            }
            if (count > MAX_ITEMS) {
                items.add("... +" + (count - MAX_ITEMS) + " more");
            }
            return "[" + String.join(", ", items) + "]";
        }
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            int count = 0;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (count++ < MAX_ITEMS) {
                    keys.add(TomlText.key(name));
                }
            }
            if (count == 0) {
                return "{}";
            }
            if (count > MAX_ITEMS) {
                keys.add("... +" + (count - MAX_ITEMS) + " more");
            }
            return "{ " + String.join(", ", keys) + " }";
        }
        if (node.isPojo()) {
            // Date-times; see TomlReader. Their toString() is the ISO form TOML also uses.
            return String.valueOf(((POJONode) node).getPojo());
        }
        if (node.isBigDecimal()) {
            return node.decimalValue().toString();
        }
        return node.asText();
    }

    /**
     * The whole value on one line: every item of an array and every key of a table with its
     * value ({@code { A = "1", B = "2" }}), nested tables alike.
     */
    public static String full(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(full(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (node.isObject()) {
            if (node.isEmpty()) {
                return "{}";
            }
            List<String> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                entries.add(TomlText.key(field.getKey()) + " = " + full(field.getValue()));
            }
            return "{ " + String.join(", ", entries) + " }";
        }
        return summary(node);
    }

    /** The TOML type of the value as a word: string, integer, float, boolean, datetime, array or table. */
    public static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "float";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "table";
        }
        if (node.isPojo()) {
            return "datetime";
        }
        return "value";
    }

    /** The type and the value, for "found ..." in type errors, e.g. {@code string "yes"}. */
    public static String describe(JsonNode node) {
        return kind(node) + " " + summary(node);
    }
}
