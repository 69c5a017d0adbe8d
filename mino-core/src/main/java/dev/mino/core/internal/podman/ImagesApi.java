package dev.mino.core.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.mino.core.ImageBuildException;
import dev.mino.core.PodmanException;
import dev.mino.core.PodmanNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * The libpod image endpoints: build, look up, list and remove local images, and pull the base
 * image a composition starts from.
 */
public final class ImagesApi {
    /**
     * The network the {@code RUN} steps of a build get. Podman 4.3's API builds in the engine's own
     * network namespace unless told otherwise (on a rootless engine: the rootless namespace, which
     * reaches the internet and the containers of Podman's default network).
     */
    public enum BuildNetwork {
        /** The engine's default, with full egress. */
        DEFAULT,
        /** A network namespace of the build's own with only loopback: no egress, no DNS. */
        NONE,
        /**
         * The network namespace of a process the engine runs, given to
         * {@link #build(InputStream, String, Map, String, Consumer)}: for egress without the
         * host's loopback. Podman 4.3 cannot give a build such a namespace of its own: the
         * slirp4netns it starts for a build lets {@code 10.0.2.2} reach the host's loopback.
         */
        JOINED
    }

    private final PodmanTransport transport;

    ImagesApi(PodmanTransport transport) {
        this.transport = transport;
    }

    /**
     * One entry of an image list.
     *
     * @param id the image id, 64 hex digits without {@code sha256:}
     * @param repoTags the tags, for example {@code localhost/x:latest}; empty for a dangling image
     * @param names the names Podman knows the image by (usually the tags)
     * @param created when the image was made, in seconds since the epoch
     * @param size the image's size in bytes
     * @param labels the image's labels, including those inherited from its base
     * @param dangling true for an image left without a tag, for example by a rebuild with the same tag
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Created") long created,
        @JsonProperty("Size") long size,
        @JsonProperty("Labels") Map<String, String> labels,
        // Podman sends the key only for dangling images.
        @JsonProperty("Dangling") boolean dangling) {

        /** Replaces missing lists and maps by empty ones. */
        public ImageSummary {
            repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
            names = names == null ? List.of() : List.copyOf(names);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** What an image runs by default: its entrypoint and command (either may be empty) and its user. */
    public record ImageDefaults(List<String> entrypoint, List<String> command, String user) {
        /** Copies the lists. */
        public ImageDefaults {
            entrypoint = List.copyOf(entrypoint);
            command = List.copyOf(command);
        }
    }

    /** The entrypoint, command and user of a local image. */
    public ImageDefaults defaults(String ref) {
        com.fasterxml.jackson.databind.JsonNode config = transport.callTree(
            new Request.Builder().url(imageUrl(ref, "json", Map.of())).get().build(), "inspect image " + ref)
            .path("Config");
        List<String> entrypoint = new java.util.ArrayList<>();
        config.path("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        List<String> command = new java.util.ArrayList<>();
        config.path("Cmd").forEach(n -> command.add(n.asText()));
        return new ImageDefaults(entrypoint, command, config.path("User").asText(""));
    }

    /**
     * What names an image for good: its id, and its labels (those inherited from its base too).
     *
     * @param id the image id, 64 hex digits without {@code sha256:}
     * @param labels the image's labels
     */
    public record ImageIdentity(String id, Map<String, String> labels) {
        /** Copies the labels. */
        public ImageIdentity {
            Objects.requireNonNull(id, "id");
            labels = Map.copyOf(labels);
        }
    }

    /**
     * The id and labels of a local image, so that a container can be created from the id: a tag
     * moved to another image in between then does not matter.
     *
     * @throws PodmanNotFoundException when there is no such image
     */
    public ImageIdentity identity(String ref) {
        JsonNode image = transport.callTree(
            new Request.Builder().url(imageUrl(ref, "json", Map.of())).get().build(), "inspect image " + ref);
        String id = image.path("Id").asText("");
        if (!id.matches("(sha256:)?[0-9a-f]{64}")) {
            throw new PodmanException("Podman answered the inspection of image " + ref + " without an id",
                "check the Podman version (4.0 or later is needed)", 200, "no Id");
        }
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        image.path("Labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        return new ImageIdentity(id.replaceFirst("^sha256:", ""), labels);
    }

    /**
     * The id of a local image, 64 hex digits without {@code sha256:}; empty when there is none.
     * What a tag names now: after a rebuild or pull under the same tag, a different id.
     */
    public Optional<String> id(String ref) {
        try {
            return Optional.of(identity(ref).id());
        } catch (PodmanNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Pulls an image unless it is local already and returns its id. Blocks while it pulls.
     *
     * @param progress receives each line of pull output, without its line break
     * @throws PodmanException when the pull fails (Podman reports that inside a 200 answer)
     */
    public String pull(String ref, Consumer<String> progress) {
        String what = "pull image " + ref;
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("reference", ref);
        query.put("policy", "missing");
        Request request = transport.post("images/pull", query, PodmanTransport.emptyBody()).build();
        String id = null;
        try (Response response = transport.send(request, what, true);
             MappingIterator<JsonNode> messages = transport.json().readerFor(JsonNode.class)
                 .readValues(response.body().byteStream())) {
            while (messages.hasNextValue()) {
                JsonNode message = messages.nextValue();
                if (message.hasNonNull("error")) {
                    String error = message.get("error").asText();
                    throw new PodmanException(what + " failed: " + error.strip(),
                        "check the image reference, and that its registry is reachable from the engine", 200, error);
                }
                if (message.hasNonNull("stream")) {
                    progress.accept(message.get("stream").asText().stripTrailing());
                }
                if (message.hasNonNull("id")) {
                    id = message.get("id").asText();
                }
            }
        } catch (IOException e) {
            throw new PodmanException(what + " was cut off: " + e.getMessage(),
                "check that the Podman service is still running", 0, "");
        }
        if (id == null || id.isBlank()) {
            throw new PodmanException(what + " ended without an image id", "see Podman's log", 200, "");
        }
        return id;
    }

    /** True when a local image of that name, tag or id exists; a short name such as {@code busybox} resolves too. */
    public boolean exists(String ref) {
        try {
            transport.call(new Request.Builder().url(imageUrl(ref, "exists", Map.of())).get().build(),
                "check image " + ref);
            return true;
        } catch (PodmanNotFoundException e) {
            return false;
        }
    }

    /**
     * Builds an image from a build context and returns its id. This blocks for as long as the build
     * runs; a base image that is not local makes Podman try to pull it.
     *
     * @param tarContext a tar of the context directory with a {@code Containerfile} (or
     *     {@code Dockerfile}) at its top; read to the end but not closed
     * @param tag the name to give the image, for example {@code localhost/agent:1}, or null for none
     * @param labels labels to add to the image (Podman adds them as a last {@code LABEL} step)
     * @param progress receives each line of build output as it arrives, without its line break;
     *     the last one is the image id
     * @return the image id, 64 hex digits
     * @throws ImageBuildException when a step fails; it carries the last 50 lines of output
     * @throws PodmanException when Podman refuses the build before it starts
     * @throws UncheckedIOException when {@code tarContext} cannot be read
     */
    public String build(InputStream tarContext, String tag, Map<String, String> labels, Consumer<String> progress) {
        return build(tarContext, tag, labels, BuildNetwork.DEFAULT, progress);
    }

    /**
     * Builds an image as {@link #build(InputStream, String, Map, Consumer)} does, its {@code RUN}
     * steps on the given network.
     *
     * @param network {@link BuildNetwork#NONE} for steps that must reach nothing
     */
    public String build(InputStream tarContext, String tag, Map<String, String> labels, BuildNetwork network,
                        Consumer<String> progress) {
        Objects.requireNonNull(network, "network");
        if (network == BuildNetwork.JOINED) {
            throw new IllegalArgumentException("a joined network needs the namespace to join");
        }
        return build(tarContext, tag, labels, network, null, true, progress);
    }

    /**
     * Builds an image as {@link #build(InputStream, String, Map, Consumer)} does, but commits only
     * the final image: no intermediate image is kept for a later build to reuse, so a failed
     * build leaves no image behind at all.
     */
    public String buildFinalImageOnly(InputStream tarContext, String tag, Map<String, String> labels,
                                      Consumer<String> progress) {
        return build(tarContext, tag, labels, BuildNetwork.DEFAULT, null, false, progress);
    }

    /**
     * Builds an image as {@link #build(InputStream, String, Map, Consumer)} does, its {@code RUN}
     * steps in the network namespace at {@code networkNamespace}, a path as the engine sees it
     * ({@code /proc/<pid>/ns/net} of a container's process).
     */
    public String build(InputStream tarContext, String tag, Map<String, String> labels, String networkNamespace,
                        Consumer<String> progress) {
        Objects.requireNonNull(networkNamespace, "networkNamespace");
        return build(tarContext, tag, labels, BuildNetwork.JOINED, networkNamespace, true, progress);
    }

    private String build(InputStream tarContext, String tag, Map<String, String> labels, BuildNetwork network,
                         String networkNamespace, boolean intermediateImages, Consumer<String> progress) {
        Objects.requireNonNull(tarContext, "tarContext");
        Objects.requireNonNull(progress, "progress");
        Map<String, Object> query = new LinkedHashMap<>();
        if (tag != null) {
            query.put("t", tag);
        }
        if (labels != null && !labels.isEmpty()) {
            query.put("labels", toJson(labels));
        }
        // Clean up after a failed step too: no one is there to look into its working container.
        query.put("forcerm", true);
        if (!intermediateImages) {
            query.put("layers", false);
        }
        if (network == BuildNetwork.NONE) {
            // Both are needed on 4.3: without nsoptions the build shares the engine's network
            // namespace (networkmode alone is ignored); a namespace of its own without
            // NetworkDisabled gets slirp4netns, with full egress.
            query.put("nsoptions", "[{\"Name\":\"network\",\"Host\":false}]");
            query.put("networkmode", "NetworkDisabled");
        } else if (network == BuildNetwork.JOINED) {
            query.put("nsoptions", toJson(List.of(Map.of("Name", "network", "Host", false, "Path", networkNamespace))));
        }
        String what = "build image" + (tag == null ? "" : " " + tag);
        BuildStream stream = new BuildStream(what, progress);
        Request request = transport.post("build", query, streamOf(tarContext, PodmanTransport.TAR)).build();
        try (Response response = transport.send(request, what, true);
             MappingIterator<JsonNode> messages = transport.json().readerFor(JsonNode.class)
                 .readValues(response.body().byteStream())) {
            while (messages.hasNextValue()) {
                stream.accept(messages.nextValue());
            }
        } catch (IOException e) {
            throw new ImageBuildException(what + " was cut off: " + e.getMessage(),
                "check that the Podman service is still running; lastOutput() holds the output so far",
                stream.lastLines());
        }
        return stream.finish();
    }

    /**
     * Removes an image. Forcing also removes the containers that use it.
     *
     * @return false when there was no such image
     * @throws dev.mino.core.PodmanConflictException when containers use it and {@code force} is false
     */
    public boolean remove(String ref, boolean force) {
        JsonNode answer;
        try {
            answer = transport.callTree(new Request.Builder().url(imageUrl(ref, null, Map.of("force", force))).delete()
                .build(), "remove image " + ref);
        } catch (PodmanNotFoundException e) {
            return false;
        }
        JsonNode errors = answer.path("Errors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw new PodmanException("remove image " + ref + " failed: " + errors, "see Podman's message", 200, "");
        }
        return true;
    }

    /**
     * Lists local images (not the intermediate ones) matching the filters, for example
     * {@code label}, {@code reference} (a glob) or {@code dangling}. Several label conditions all
     * have to hold, as for the other lists: Podman 4.3 matches no image at all when given more
     * than one, so only the first goes to Podman and the others are checked here.
     *
     * @param filters the conditions, or null for every image
     */
    public List<ImageSummary> list(Filters filters) {
        Map<String, List<String>> conditions = filters == null ? Map.of() : parse(filters.toJson());
        List<String> labels = conditions.getOrDefault("label", List.of());
        Map<String, List<String>> sent = new LinkedHashMap<>(conditions);
        if (labels.size() > 1) {
            sent.put("label", List.of(labels.get(0)));
        }
        ImageSummary[] found = transport.call(transport.get("images/json",
            Collections.singletonMap("filters", filters == null ? null : toJson(sent))).build(),
            "list images", ImageSummary[].class);
        List<String> rest = labels.size() > 1 ? labels.subList(1, labels.size()) : List.of();
        return Stream.of(found).filter(image -> rest.stream().allMatch(c -> hasLabel(image.labels(), c))).toList();
    }

    /** Podman's reading of a label condition: {@code key=value}, or {@code key} for any value. */
    static boolean hasLabel(Map<String, String> labels, String condition) {
        int eq = condition.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(condition);
        }
        return condition.substring(eq + 1).equals(labels.get(condition.substring(0, eq)));
    }

    private Map<String, List<String>> parse(String filtersJson) {
        try {
            return transport.json().readValue(filtersJson, new TypeReference<Map<String, List<String>>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filters are not a JSON map of lists: " + filtersJson, e);
        }
    }

    /**
     * The URL of {@code images/<ref>[/<action>]}. A reference such as {@code localhost/x:latest}
     * holds a slash, which must reach Podman escaped as one path segment; it is escaped exactly
     * once here rather than through {@link PodmanTransport#segment}, whose escapes the path builder
     * of {@link PodmanTransport#url} would escape a second time.
     */
    private HttpUrl imageUrl(String ref, String action, Map<String, ?> query) {
        HttpUrl.Builder url = transport.url("images", query).newBuilder().addPathSegment(ref);
        if (action != null) {
            url.addPathSegment(action);
        }
        return url.build();
    }

    private String toJson(Object value) {
        try {
            return transport.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /** A body that streams from {@code in}, so a large build context is never held in memory. */
    private static RequestBody streamOf(InputStream in, MediaType type) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] buffer = new byte[64 * 1024];
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        // Unchecked, so that it is not taken for Podman being unreachable.
                        throw new UncheckedIOException("cannot read the build context: " + e.getMessage(), e);
                    }
                    if (n < 0) {
                        return;
                    }
                    sink.write(buffer, 0, n);
                }
            }
        };
    }
}
