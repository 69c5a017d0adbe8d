package dev.mino.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes the Containerfile that composes layers onto the base image (SPEC 7.6). */
final class ContainerfileText {

    /**
     * The version of the text this class writes, part of every composed image's tag: an image
     * written by an earlier version (whose ENV lines a value could split) is never reused.
     */
    static final int FORMAT = 2;

    private ContainerfileText() {
    }

    static String of(String baseImage, String rootInstallCommand, List<Layer> layers, Map<String, String> buildEnv) {
        List<String> lines = new ArrayList<>();
        lines.add("FROM " + baseImage);
        lines.add("");
        for (Layer layer : layers) {
            if (layer.installScript().isPresent()) {
                String script = CompositionPlan.scriptFileName(layer);
                lines.add("# Layer: " + layer.name());
                lines.add("USER root");
                lines.add("COPY " + script + " /tmp/" + script);
                lines.add("RUN chmod +x /tmp/" + script + " && /tmp/" + script + " && rm /tmp/" + script);
                lines.add("");
            }
        }
        List<String> packages = new ArrayList<>();
        layers.forEach(layer -> packages.addAll(layer.manifest().rootInstall().packages()));
        if (!packages.isEmpty()) {
            lines.add("# Root-level packages from layer manifests");
            lines.add("USER root");
            lines.add("RUN " + rootInstallCommand.replace(CompositionPlan.PACKAGES_PLACEHOLDER, String.join(" ", packages)));
            lines.add("");
        }
        lines.add("USER developer");
        new TreeMap<>(buildEnv).forEach((key, value) -> lines.add("ENV " + key + "=" + quote(value)));
        lines.add("");
        lines.add("WORKDIR /workspace");
        lines.add("CMD [" + CompositionPlan.COMMAND.stream().map(word -> "\"" + word + "\"")
            .collect(java.util.stream.Collectors.joining(", ")) + "]");
        return String.join("\n", lines);
    }

    /**
     * Quotes an ENV value when the Containerfile parser would otherwise split or misread it.
     * mino 1.6.0 quotes on {@code $}, space, {@code "} and {@code \}; a single quote or a tab
     * also broke its output, and the parser splits an unquoted value at every character Go counts
     * as white space (no-break space U+00A0, next line U+0085, U+2028 and others), so that
     * {@code FOO = "x<U+00A0>LD_PRELOAD=..."} set a second variable the manifest does not name. So
     * a value is left bare only when it is printable ASCII without those characters. {@code $}
     * stays live inside the quotes, which is what lets {@code PATH} extend {@code ${PATH}}.
     */
    static String quote(String value) {
        boolean needsQuotes = value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '$' || c == '"'
                || c == '\\' || c == '\'');
        if (!needsQuotes) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
