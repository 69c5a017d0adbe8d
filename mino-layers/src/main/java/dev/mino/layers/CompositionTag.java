package dev.mino.layers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content address of a composed image.
 *
 * <p>SHA-256 over a sequence of parts, each fed as its UTF-8 byte length in decimal, a
 * {@code ':'} and its bytes, so that no two different inputs run together into the same bytes
 * (mino 1.6.0 concatenates with no separators). The parts: the base image; its id when known
 * (as {@code image-id <hex>}, so that a rebuilt base under the same name gets a new tag); the root install
 * command when it is not the default; then per layer, sorted by name: name, install script
 * (empty if none), version, root packages (each followed by a line feed), the compact
 * {@code [user_install]} JSON, the env as {@code KEY=VALUE} lines sorted by key, and the
 * {@code path_prepend} dirs (each followed by a line feed); last the version of the Containerfile's
 * text, so that an image written by an earlier version is not reused. Env and dirs are a change
 * from mino 1.6.0, which reused a stale image when only they changed.
 */
final class CompositionTag {

    static final String PREFIX = "mino-composed-";

    private CompositionTag() {
    }

    static String of(String baseImage, String baseImageId, String rootInstallCommand, List<Layer> layers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        part(bytes, baseImage);
        if (baseImageId != null) {
            // Its own prefix: no layer name holds a space, and a root install command holds {packages}.
            part(bytes, "image-id " + baseImageId);
        }
        if (!rootInstallCommand.equals(CompositionPlan.DNF_INSTALL)) {
            part(bytes, rootInstallCommand);
        }
        List<Entry> entries = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            entries.add(new Entry(layer.name(), layerParts(layer)));
        }
        // Ties on the name (a layer listed twice, or two layers sharing a name) are broken by
        // content so that the order given on the command line never changes the tag.
        entries.sort(Comparator.comparing(Entry::name).thenComparing(Entry::parts, Arrays::compare));
        for (Entry entry : entries) {
            bytes.writeBytes(entry.parts());
        }
        part(bytes, "containerfile-format " + ContainerfileText.FORMAT);
        return PREFIX + HexFormat.of().formatHex(sha256(bytes.toByteArray())).substring(0, 12);
    }

    private static byte[] layerParts(Layer layer) {
        LayerManifest manifest = layer.manifest();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        part(bytes, layer.name());
        part(bytes, layer.installScript().orElse(""));
        part(bytes, manifest.layer().version());
        part(bytes, lines(manifest.rootInstall().packages()));
        part(bytes, ManifestJson.userInstall(manifest.userInstall()));
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> var : new TreeMap<>(manifest.env().vars()).entrySet()) {
            env.add(var.getKey() + "=" + var.getValue());
        }
        part(bytes, lines(env));
        part(bytes, lines(manifest.env().pathPrepend()));
        return bytes.toByteArray();
    }

    private static String lines(List<String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach(v -> text.append(v).append('\n'));
        return text.toString();
    }

    private static void part(ByteArrayOutputStream out, String value) {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((data.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private record Entry(String name, byte[] parts) {
    }
}
