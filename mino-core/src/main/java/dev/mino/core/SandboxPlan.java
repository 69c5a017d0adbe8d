package dev.mino.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What will be asked of Podman for one sandbox, as pure data: printable (a dry run) and
 * comparable. Immutable.
 *
 * <p>{@link SandboxBuilder#plan()} and {@link SandboxBuilder#start()} make the plan the same way:
 * they read what the engine knows (its kind, the base image's id that names a composed image,
 * mino's pinned firewall image, the image's entrypoint and command that the credentials' wrapper
 * runs, the caches' state), then plan without any I/O; a start then executes exactly that plan.
 * So a plan needs the engine (without one, {@link PodmanConnectionException}), and a dry run
 * shows the firewall, the credentials' secrets and wrapper and the SSH agent's socket as a start
 * creates them. Where the two can differ: a start names its own relay folder and its own session
 * when none was given; a provider that fails (strict mode off), or issues other variables than it
 * declared, makes the start plan again from what was issued; a composed image whose base image is
 * missing is named after the base image's name in a plan (a start pulls the base first and names
 * it after its id); and on a rootful engine with an allowlist, the sandbox's create request gets
 * the firewall container's id mappings once that exists.
 */
public final class SandboxPlan {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SandboxSpec spec;
    private final String sessionName;
    private final String containerName;
    private final Map<String, String> labels;
    private final Map<String, Object> createBody;
    private final Map<String, Object> firewallCreateBody;
    private final String imageToBuild;
    private final Map<String, String> secrets;
    private final Path agentRelaySocket;

    /**
     * @param spec the spec the plan was made from
     * @param sessionName the session's name
     * @param containerName the container's name
     * @param labels the labels on everything made for the sandbox
     * @param createBody the body of Podman's container-create request; must be deeply immutable
     * @param firewallCreateBody the create request of the firewall container of an allowlist, or null
     */
    public SandboxPlan(SandboxSpec spec, String sessionName, String containerName, Map<String, String> labels,
                       Map<String, Object> createBody, Map<String, Object> firewallCreateBody) {
        this(spec, sessionName, containerName, labels, createBody, firewallCreateBody, null, Map.of(), null);
    }

    /**
     * @param spec the spec the plan was made from
     * @param sessionName the session's name
     * @param containerName the container's name
     * @param labels the labels on everything made for the sandbox
     * @param createBody the body of Podman's container-create request; must be deeply immutable
     * @param firewallCreateBody the create request of the firewall container of an allowlist, or null
     * @param imageToBuild the composed image a start builds first because the engine lacks it, or null
     * @param secrets the Podman secrets a start creates, by name, each with the variable it becomes
     * @param agentRelaySocket the host socket of the SSH agent relay the sandbox mounts, or null
     */
    public SandboxPlan(SandboxSpec spec, String sessionName, String containerName, Map<String, String> labels,
                       Map<String, Object> createBody, Map<String, Object> firewallCreateBody, String imageToBuild,
                       Map<String, String> secrets, Path agentRelaySocket) {
        this.imageToBuild = imageToBuild;
        this.secrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secrets));
        this.agentRelaySocket = agentRelaySocket;
        this.spec = spec;
        this.sessionName = sessionName;
        this.containerName = containerName;
        this.labels = Map.copyOf(labels);
        this.createBody = createBody;
        this.firewallCreateBody = firewallCreateBody;
    }

    /** The spec this plan was made from. */
    public SandboxSpec spec() {
        return spec;
    }

    /** The session's name. */
    public String sessionName() {
        return sessionName;
    }

    /** The container's name. */
    public String containerName() {
        return containerName;
    }

    /** The labels put on the container and everything else made for it. */
    public Map<String, String> labels() {
        return labels;
    }

    /** The exact body of Podman's container-create request (libpod SpecGenerator), read-only. */
    public Map<String, Object> createBody() {
        return createBody;
    }

    /**
     * The create request of the firewall container that enforces an egress allowlist (created
     * first; the sandbox joins its network namespace), if the policy is an allowlist.
     */
    public java.util.Optional<Map<String, Object>> firewallCreateBody() {
        return java.util.Optional.ofNullable(firewallCreateBody);
    }

    /**
     * The composed image a start builds before anything else, because the engine does not have it
     * yet (its tag hashes everything that goes into it, so one that exists is current).
     */
    public Optional<String> imageToBuild() {
        return Optional.ofNullable(imageToBuild);
    }

    /**
     * The Podman secrets a start creates (and removes with the sandbox), by name, each with the
     * environment variable it becomes inside (or, for the trust files of a sandbox that holds
     * credential placeholders, the absolute path of the file); never a value. Empty without
     * credentials.
     */
    public Map<String, String> secrets() {
        return secrets;
    }

    /**
     * The socket on the host that the SSH agent relay listens on, mounted into the sandbox at
     * {@code /ssh-agent}: chosen by the plan, bound by the start (in a new private folder that
     * must not exist yet), closed when the sandbox is.
     */
    public Optional<Path> agentRelaySocket() {
        return Optional.ofNullable(agentRelaySocket);
    }

    /**
     * The create request as indented JSON, as a dry run prints it; with an allowlist, an object
     * holding the firewall's and the sandbox's requests. The egress guard's program, which the
     * firewall's command carries in full, is shown by its size and SHA-256 digest instead (see
     * {@link dev.mino.network.EgressGuard#source()}), so the plan stays readable.
     */
    public String toJson() {
        try {
            if (firewallCreateBody != null) {
                Map<String, Object> both = new java.util.LinkedHashMap<>();
                both.put("firewall", withGuardAbbreviated(firewallCreateBody));
                both.put("sandbox", createBody);
                return JSON.writeValueAsString(both);
            }
            return JSON.writeValueAsString(createBody);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plan cannot be written as JSON", e);
        }
    }

    private static Map<String, Object> withGuardAbbreviated(Map<String, Object> body) {
        Object command = body.get("command");
        if (!(command instanceof java.util.List<?>)) {
            return body;
        }
        String source = dev.mino.network.EgressGuard.source();
        java.util.List<Object> shown = new java.util.ArrayList<>();
        for (Object word : (java.util.List<?>) command) {
            shown.add(source.equals(word) ? "<mino egress guard: " + source.length() + " characters, sha256 "
                + sha256(source) + ">" : word);
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>(body);
        copy.put("command", shown);
        return copy;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SandboxPlan[" + sessionName + ", " + spec.image() + "]";
    }
}
