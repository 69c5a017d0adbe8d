package dev.mino.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/** What tests ask of JSON objects, such as the data of an audit line. */
public final class JsonFields {
    private JsonFields() {
    }

    /** The field names of a JSON object, sorted. */
    public static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
