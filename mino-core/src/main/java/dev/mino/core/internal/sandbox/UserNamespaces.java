package dev.mino.core.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ErrorCodes;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a sandbox's users map onto the host's. A rootless engine's containers already live in the
 * user namespace of the engine's user (root inside is that user). On a rootful engine, root
 * inside would be the host's root, so a sandbox gets a user namespace of its own there, from the
 * host's {@code containers} subordinate ids (Podman's {@code userns=auto}), unless the caller
 * accepted running as host uids.
 */
public final class UserNamespaces {
    /** The uids (and gids) each sandbox gets on a rootful engine: every id an image's files use. */
    static final int SIZE = 65536;
    /** What Podman 4.x says when the {@code containers} ranges are missing or used up. */
    private static final String NO_IDS = "could not find enough available IDs";

    /** The kinds of mapping. */
    public enum Mapping {
        /** A rootless engine: the sandbox lives in the engine user's user namespace. */
        ENGINE_USER,
        /** A rootful engine: a user namespace of the sandbox's own, from the {@code containers} range. */
        AUTO,
        /** A rootful engine, opted in: no user namespace, uid 0 inside is the host's root. */
        HOST
    }

    private UserNamespaces() {
    }

    /** The mapping for an engine that is {@code rootless} or not, when the caller {@code allowRootful} or not. */
    public static Mapping decide(boolean rootless, boolean allowRootful) {
        if (rootless) {
            return Mapping.ENGINE_USER;
        }
        return allowRootful ? Mapping.HOST : Mapping.AUTO;
    }

    /** What a mapping means, for status displays. */
    public static String describe(Mapping mapping) {
        return switch (mapping) {
            case ENGINE_USER -> "in the engine user's user namespace (root inside is that unprivileged user)";
            case AUTO -> "each in a user namespace of its own (userns=auto from the 'containers' subordinate ids);"
                + " no uid inside is a uid of the host";
            case HOST -> "without a user namespace (allowed by the caller): uid 0 inside is the host's root";
        };
    }

    /** The create-body fields that put a container in a user namespace of its own ({@code userns=auto}). */
    static void putAuto(Map<String, Object> body) {
        body.put("userns", Map.of("nsmode", "auto"));
        // Podman 4.3's API takes the auto options only here; {"nsmode":"auto"} alone maps nothing.
        body.put("idmappings", Map.of("AutoUserNs", true, "AutoUserNsOpts", Map.of("Size", SIZE)));
    }

    /** The create-body field that joins the user namespace of container {@code name}. */
    static void putJoin(Map<String, Object> body, String name) {
        body.put("userns", Map.of("nsmode", "container", "value", name));
    }

    /**
     * The sandbox's create body for joining the user namespace of a container that
     * {@code joined} describes (its inspect): a copy with that container's id mappings too, or
     * {@code body} itself when it joins none. Podman 4.3 maps a joining container's storage only
     * by the mappings given, so without them its root file system stays the host root's and even
     * creating a mount point fails.
     */
    static Map<String, Object> withMappingsOf(Map<String, Object> body, JsonNode joined) {
        if (!(body.get("userns") instanceof Map<?, ?> userns) || !"container".equals(userns.get("nsmode"))) {
            return body;
        }
        JsonNode mappings = joined.path("HostConfig").path("IDMappings");
        Map<String, Object> copy = new java.util.LinkedHashMap<>(body);
        copy.put("idmappings", Map.of("UIDMap", ranges(mappings.path("UidMap")),
            "GIDMap", ranges(mappings.path("GidMap"))));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Podman's "container:host:size" texts as the create body's id map entries. */
    private static List<Object> ranges(JsonNode texts) {
        List<Object> ranges = new java.util.ArrayList<>();
        for (JsonNode text : texts) {
            String[] parts = text.asText().split(":");
            if (parts.length != 3) {
                throw new MinoException("the engine reported an id mapping '" + text.asText() + "' mino cannot read",
                    "report this with the output of 'podman inspect'");
            }
            ranges.add(Map.of("container_id", Long.parseLong(parts[0]), "host_id", Long.parseLong(parts[1]),
                "size", Long.parseLong(parts[2])));
        }
        if (ranges.isEmpty()) {
            throw new MinoException("the firewall container has no user namespace of its own",
                "report this: the sandbox would otherwise share the host's ids");
        }
        return List.copyOf(ranges);
    }

    /**
     * Mount options with Podman's {@code U}: the source is handed (chowned) to the user the
     * sandbox runs as, so that its unprivileged uid can write the project and volumes. Podman
     * walks the tree without following symbolic links.
     */
    static List<String> owned(List<String> options) {
        List<String> all = new java.util.ArrayList<>(options);
        all.add("U");
        return List.copyOf(all);
    }

    /**
     * Checks that {@code project} may be handed to a sandbox's user namespace: never the user's
     * home folder or one that holds it (their own files, keys and shell configuration would
     * belong to the sandbox's uids afterwards), nor a file system root.
     *
     * @param home the user's home folder
     * @throws InvalidSpecException when it may not
     */
    static void requireHandable(Path project, Path home) {
        if (project.getParent() == null || home.startsWith(project)) {
            throw new InvalidSpecException("the project " + project + " is " + (project.getParent() == null
                ? "a file system root" : "your home folder or holds it") + ": on a rootful engine mino hands the"
                + " project to the sandbox's user namespace (changes its owner), which would take these files from you",
                "run mino in a project folder, or use a rootless Podman, or accept host uids with"
                    + " allowRootfulEngine(true)", ErrorCodes.ROOTFUL_PROJECT_NOT_HANDABLE);
        }
    }

    /**
     * The refusal for a create that failed because the engine has no subordinate ids for the
     * sandbox's user namespace, if that is why {@code e} happened.
     */
    public static Optional<MinoException> refusal(PodmanException e) {
        String text = e.getMessage() + " " + e.podmanCause();
        if (!text.contains(NO_IDS)) {
            return Optional.empty();
        }
        return Optional.of(new MinoException("the rootful Podman engine cannot give the sandbox a user namespace of"
            + " its own: it has no free subordinate ids for the user 'containers' (" + e.getMessage() + "). Without"
            + " one, uid 0 in the sandbox would be the host's root, so mino refuses to start it",
            "as root, add 'containers:2147483647:2147483648' to /etc/subuid and /etc/subgid"
                + " and restart the Podman service; or use a rootless Podman; or accept host uids with"
                + " allowRootfulEngine(true)", e, ErrorCodes.ROOTFUL_NO_SUBORDINATE_IDS));
    }
}
