package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ErrorCodes;
import dev.mino.core.FirewallImage;
import dev.mino.core.Mino;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.Labels;
import dev.mino.core.testing.FlagFreeText;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestFirewallImage;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code plan()} is the plan {@code start()} executes: what the engine reports for the containers
 * a start created (image, command with the credentials' wrapper, mounts, secrets, env names,
 * labels, network namespace, capabilities, security options) is what the plan made beforehand
 * said, for a plain run, an allowlist with its firewall, credentials and the SSH agent's relay.
 * A plan creates and mints nothing; a start that fails after minting and starting the relay
 * leaves nothing behind, whatever failed, an Error included.
 */
@RequiresPodman
@Timeout(180)
class PlanIsStartIT extends SandboxFolders {
    private static PodmanClient podman;
    private static FirewallImage.Pinned firewall;
    private static Path firewallState;

    private Path runtimeDir;
    private Path agentDir;
    private ServerSocketChannel fakeAgent;
    private String savedTmpdir;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
        firewallState = TestDirectories.create("mino-it-plan-fw");
        firewall = TestFirewallImage.pin(firewallState);
    }

    @AfterAll
    static void disconnect() {
        TestFirewallImage.remove(podman, firewall);
        TestDirectories.delete(firewallState);
        podman.close();
    }

    /**
     * A fake agent (a listening socket is all a plan looks for), and the relay's folders kept in
     * folders of this test: the runtime directory of the Mino's environment, and the temporary
     * folder (where the relay goes when the JVM is root beside another user's engine).
     */
    @BeforeEach
    void folders() throws IOException {
        runtimeDir = TestDirectories.create("mino-it-plan-run");
        agentDir = TestDirectories.create("mino-it-plan-agent");
        fakeAgent = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        fakeAgent.bind(UnixDomainSocketAddress.of(agentDir.resolve("agent.sock")));
        savedTmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", runtimeDir.toString());
        // The pin of the class's firewall image, for this test's state directory too.
        Files.copy(firewallState.resolve("firewall-image.json"), state.resolve("firewall-image.json"));
    }

    @AfterEach
    void removeFolders() throws IOException {
        System.setProperty("java.io.tmpdir", savedTmpdir);
        fakeAgent.close();
        TestDirectories.delete(agentDir);
        TestDirectories.delete(runtimeDir);
    }

    private Mino mino() {
        return Mino.builder().stateDirectory(state).environment(Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()))
            .build();
    }

    private SandboxBuilder builder(Mino mino, String session) {
        return mino.sandbox().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .name(session).sshAgent(false).command("sleep", "300");
    }

    private static String session(String what) {
        return "plan-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A provider with fixed values that declares them, counting how often it was asked to mint. */
    private static final class CountingProvider implements CredentialProvider {
        final AtomicInteger issued = new AtomicInteger();
        private final String token = "SECRET-" + UUID.randomUUID();
        private final boolean fails;

        CountingProvider(boolean fails) {
            this.fails = fails;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public String cacheKey() {
            return "counting|" + token;
        }

        @Override
        public IssuedCredential issue() {
            issued.incrementAndGet();
            if (fails) {
                throw new dev.mino.core.credentials.CredentialException("counting", "counting is not configured",
                    "configure it", null);
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            secrets.put("COUNTING_TOKEN", token);
            secrets.put("COUNTING_KEY", token + "-key");
            return new IssuedCredential("counting", secrets, Map.of("COUNTING_REGION", "eu-test-1"),
                Instant.now().plus(Duration.ofHours(1)));
        }

        @Override
        public Optional<PlannedCredential> planned() {
            return Optional.of(new PlannedCredential("counting", List.of("COUNTING_TOKEN", "COUNTING_KEY"),
                Map.of("COUNTING_REGION", "eu-test-1")));
        }
    }

    // ---- what the engine reports, compared with the plan ----

    private static JsonNode inspect(String nameOrId) {
        return podman.containers().inspect(nameOrId).orElseThrow().raw();
    }

    /** Checks that the container the engine reports is the one {@code body} asked for. */
    private static void assertCreatedAsPlanned(Map<String, Object> body, JsonNode container) {
        String name = (String) body.get("name");
        assertEquals(name, container.path("Name").asText(), "name");
        JsonNode config = container.path("Config");
        JsonNode host = container.path("HostConfig");
        String image = (String) body.get("image");
        assertTrue(image.equals(container.path("ImageName").asText()) || image.equals(container.path("Image").asText()),
            name + ": image " + image + " vs " + container.path("ImageName") + " / " + container.path("Image"));

        // What runs: the entrypoint (the credentials' wrapper when there is one) and the command.
        List<String> planned = new ArrayList<>();
        planned.addAll(strings(body.get("entrypoint")));
        planned.addAll(strings(body.get("command")));
        List<String> ran = new ArrayList<>();
        ran.add(container.path("Path").asText());
        container.path("Args").forEach(arg -> ran.add(arg.asText()));
        if (body.containsKey("entrypoint")) {
            assertEquals(planned, ran, name + ": entrypoint and command");
        } else {
            assertEquals(strings(body.get("command")), texts(config.path("Cmd")), name + ": command");
        }
        if (body.containsKey("user")) {
            assertEquals(body.get("user"), config.path("User").asText(), name + ": user");
        }
        if (body.containsKey("work_dir")) {
            assertEquals(body.get("work_dir"), config.path("WorkingDir").asText(), name + ": workdir");
        }

        // Environment: by names only (a value may be a secret's in a wrong setup; none is compared).
        Set<String> envNames = new HashSet<>();
        config.path("Env").forEach(e -> envNames.add(e.asText().split("=", 2)[0]));
        for (String key : mapOf(body.get("env")).keySet()) {
            assertTrue(envNames.contains(key), name + ": env " + key + " in " + envNames);
        }

        // Labels: every planned one, with its value (the image may add its own).
        Map<String, Object> labels = mapOf(body.get("labels"));
        labels.forEach((key, value) -> assertEquals(value, config.path("Labels").path(key).asText(null),
            name + ": label " + key));

        // Mounts: every bind mount at its destination from its source; tmpfs at their destinations.
        Map<String, String> binds = new LinkedHashMap<>();
        container.path("Mounts").forEach(m -> {
            if ("bind".equals(m.path("Type").asText())) {
                binds.put(m.path("Destination").asText(), m.path("Source").asText());
            }
        });
        Set<String> tmpfs = new HashSet<>();
        host.path("Tmpfs").fieldNames().forEachRemaining(tmpfs::add);
        container.path("Mounts").forEach(m -> {
            if ("tmpfs".equals(m.path("Type").asText())) {
                tmpfs.add(m.path("Destination").asText());
            }
        });
        for (Object mount : listOf(body.get("mounts"))) {
            Map<String, Object> m = mapOf(mount);
            if ("bind".equals(m.get("type"))) {
                assertEquals(m.get("source"), binds.get((String) m.get("destination")),
                    name + ": bind mount at " + m.get("destination") + " in " + binds);
            } else {
                assertTrue(tmpfs.contains((String) m.get("destination")),
                    name + ": tmpfs at " + m.get("destination") + " in " + tmpfs);
            }
        }

        // Secrets: by name (the engine never shows a value).
        List<String> plannedSecrets = new ArrayList<>();
        listOf(body.get("secrets")).forEach(s -> plannedSecrets.add((String) mapOf(s).get("Source")));
        List<String> secrets = new ArrayList<>();
        config.path("Secrets").forEach(s -> secrets.add(s.path("Name").asText()));
        assertEquals(plannedSecrets, secrets, name + ": secrets");

        // Network namespace.
        Map<String, Object> netns = mapOf(body.get("netns"));
        String mode = host.path("NetworkMode").asText();
        if ("container".equals(netns.get("nsmode"))) {
            assertEquals("container:" + inspect((String) netns.get("value")).path("Id").asText(), mode,
                name + ": joins the firewall's network namespace");
        } else if ("none".equals(netns.get("nsmode"))) {
            assertEquals("none", mode, name + ": network");
        } else {
            assertNotEquals("host", mode, name + ": network");
            assertFalse(mode.startsWith("container:"), name + ": network " + mode);
        }

        // Capabilities and security options.
        List<String> effective = texts(container.path("EffectiveCaps"));
        List<String> added = strings(body.get("cap_add")).stream().map(c -> "CAP_" + c).toList();
        assertEquals(new HashSet<>(added), new HashSet<>(effective), name + ": effective capabilities");
        if (Boolean.TRUE.equals(body.get("no_new_privileges"))) {
            assertTrue(texts(host.path("SecurityOpt")).contains("no-new-privileges"), name + ": no-new-privileges");
        }
        assertEquals(Boolean.TRUE.equals(body.get("read_only_filesystem")), host.path("ReadonlyRootfs").asBoolean(),
            name + ": read-only root");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<?> listOf(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static List<String> strings(Object value) {
        return listOf(value).stream().map(String::valueOf).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The plan of {@code builder}, then the started sandbox compared with it. */
    private static Sandbox startAsPlanned(SandboxBuilder builder, SandboxPlan plan) {
        Sandbox sb = builder.start();
        try {
            assertCreatedAsPlanned(plan.createBody(), inspect(sb.containerId()));
            plan.firewallCreateBody().ifPresent(body -> assertCreatedAsPlanned(body, inspect((String) body.get("name"))));
            return sb;
        } catch (RuntimeException | Error e) {
            sb.close();
            throw e;
        }
    }

    private static List<String> secretsOf(String session) {
        // Podman 4.3 keeps no labels on secrets (nor filters by them): a session's secrets share a prefix.
        String prefix = SecretDelivery.secretPrefix(session);
        return podman.secrets().list(null).stream().map(s -> s.name()).filter(name -> name.startsWith(prefix))
            .sorted().toList();
    }

    private static List<String> containersOf(String session) {
        return podman.containers().list(Filters.labels(Map.of(Labels.SESSION, session)), true).stream()
            .map(c -> c.id()).toList();
    }

    /** Every relay folder (and socket) under the test's runtime and temporary folder. */
    private List<Path> relayFolders() throws IOException {
        try (Stream<Path> all = Files.walk(runtimeDir)) {
            return all.filter(p -> p.getFileName().toString().startsWith("mino-agent-")).toList();
        }
    }

    // ---- the cases ----

    @Test
    void aPlainRunIsCreatedAsPlanned() {
        String session = session("plain");
        try (Mino mino = mino()) {
            SandboxBuilder builder = builder(mino, session).env("PLAIN", "1").readOnly(true);
            SandboxPlan plan = builder.plan();
            assertTrue(containersOf(session).isEmpty(), "a plan creates nothing");
            try (Sandbox sb = startAsPlanned(builder, plan)) {
                assertEquals(plan.spec(), sb.spec(), "the started sandbox tells the planned spec");
                // The control: the comparison tells a request that differs in any part.
                JsonNode container = inspect(sb.containerId());
                Map<String, Object> changes = new LinkedHashMap<>();
                changes.put("command", List.of("sleep", "301"));
                changes.put("cap_add", List.of("NET_RAW"));
                changes.put("read_only_filesystem", false);
                changes.put("labels", Map.of(Labels.SESSION, "another"));
                changes.put("env", Map.of("NOT_SET", "1"));
                changes.put("mounts", List.of(Map.of("destination", "/elsewhere", "type", "bind", "source",
                    project.toString())));
                for (Map.Entry<String, Object> change : changes.entrySet()) {
                    Map<String, Object> changed = new LinkedHashMap<>(plan.createBody());
                    changed.put(change.getKey(), change.getValue());
                    assertThrows(AssertionError.class, () -> assertCreatedAsPlanned(changed, container),
                        "a plan with another " + change.getKey() + " is told apart");
                }
            }
        }
    }

    @Test
    void anAllowlistsFirewallIsCreatedAsPlanned() {
        String session = session("allow");
        try (Mino mino = mino()) {
            SandboxBuilder builder = builder(mino, session).network(NetworkPolicy.allow("10.0.0.1:443"));
            SandboxPlan plan = builder.plan();
            Map<String, Object> firewallBody = plan.firewallCreateBody().orElseThrow();
            assertEquals(firewall.id(), firewallBody.get("image"), "the plan names the pinned firewall image's id");
            assertTrue(containersOf(session).isEmpty(), "a plan creates nothing");
            try (Sandbox sb = startAsPlanned(builder, plan)) {
                assertEquals(firewall.id(), inspect((String) firewallBody.get("name")).path("Image").asText());
            }
        }
    }

    @Test
    void credentialsAreDeliveredAsPlannedAndADryRunMintsNothing() throws IOException {
        String session = session("creds");
        CountingProvider provider = new CountingProvider(false);
        try (Mino mino = mino()) {
            SandboxBuilder builder = builder(mino, session).credentials(provider);
            SandboxPlan plan = builder.plan();
            assertEquals(0, provider.issued.get(), "a plan mints nothing");
            assertFalse(Files.exists(state.resolve("credentials")) && Files.list(state.resolve("credentials"))
                .findAny().isPresent(), "a plan does not touch the credential cache");
            assertTrue(secretsOf(session).isEmpty(), "a plan creates no secret");
            assertEquals(List.of("COUNTING_TOKEN", "COUNTING_KEY"), List.copyOf(plan.secrets().values()));
            assertTrue(String.valueOf(plan.createBody().get("entrypoint")).contains("mino-env"),
                "the plan shows the wrapper: " + plan.createBody().get("entrypoint"));
            assertFalse(plan.toJson().contains(provider.token), "no value in the plan");

            try (Sandbox sb = startAsPlanned(builder, plan)) {
                assertEquals(1, provider.issued.get(), "the start minted once");
                assertEquals(plan.secrets().keySet().stream().sorted().toList(), secretsOf(session),
                    "the secrets the plan named are the secrets created");
                assertEquals(provider.token + "\n", sb.exec("sh", "-c", "echo \"$COUNTING_TOKEN\"").stdout(),
                    "the control: the command sees the credential");
                assertFalse(inspect(sb.containerId()).toString().contains(provider.token), "never in inspect");
            }
            assertTrue(secretsOf(session).isEmpty(), "closed: the secrets are gone");
        }
    }

    @Test
    void theAgentRelaysSocketIsMountedAsPlanned() throws IOException {
        String session = session("agent");
        try (Mino mino = mino()) {
            SandboxBuilder builder = builder(mino, session).sshAgent(agentDir.resolve("agent.sock"));
            SandboxPlan plan = builder.plan();
            Path planned = plan.agentRelaySocket().orElseThrow();
            assertTrue(relayFolders().isEmpty(), "a plan binds no socket: " + relayFolders());
            try (Sandbox sb = builder.start()) {
                JsonNode container = inspect(sb.containerId());
                Path relay = sb.spec().mounts().stream().filter(m -> m.containerPath().equals("/ssh-agent"))
                    .findFirst().orElseThrow().hostPath();
                // Each start chooses a new random folder (never one that is there already); the
                // rest of the request is the plan's, the socket's mount included.
                assertEquals(planned.getParent().getParent(), relay.getParent().getParent(), "the same place");
                assertEquals(planned.getFileName(), relay.getFileName());
                assertTrue(Files.exists(relay), "the start bound the relay's socket");
                Map<String, Object> body = withRelay(plan.createBody(), planned, relay);
                assertCreatedAsPlanned(body, container);
                assertEquals("/ssh-agent", sb.exec("sh", "-c", "echo -n $SSH_AUTH_SOCK").stdout());
            }
            assertTrue(relayFolders().isEmpty(), "closed: the relay's folder is gone: " + relayFolders());
        }
    }

    /** The plan's body with the relay's socket {@code planned} replaced by the one a start bound. */
    private static Map<String, Object> withRelay(Map<String, Object> body, Path planned, Path bound) {
        List<Object> mounts = new ArrayList<>();
        for (Object mount : listOf(body.get("mounts"))) {
            Map<String, Object> m = new LinkedHashMap<>(mapOf(mount));
            if (planned.toString().equals(m.get("source"))) {
                m.put("source", bound.toString());
            }
            mounts.add(m);
        }
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put("mounts", mounts);
        return copy;
    }

    @Test
    void aStartThatFailsAfterMintingLeavesNothingBehind() throws IOException {
        String session = session("fails");
        CountingProvider provider = new CountingProvider(false);
        try (Mino mino = mino()) {
            // busybox has no nft: the firewall fails after the secrets and the relay were made.
            SandboxBuilder builder = builder(mino, session).credentials(provider)
                .sshAgent(agentDir.resolve("agent.sock")).network(NetworkPolicy.allow("10.0.0.1:443"))
                .firewallImage(TestPodman.BUSYBOX_IMAGE);
            MinoException e = assertThrows(MinoException.class, builder::start);
            assertTrue(e.getMessage().contains("cannot enforce the allowlist"), e.getMessage());
            FlagFreeText.assertCodedAndFlagFree(ErrorCodes.FIREWALL_IMAGE_MISSING_TOOL, e);
            assertEquals(1, provider.issued.get(), "the control: the credential was minted before the failure");
            assertNothingLeft(session);
        }
    }

    @Test
    void anErrorAfterMintingLeavesNothingBehindEither() throws IOException {
        String session = session("error");
        CountingProvider provider = new CountingProvider(false);
        List<String> seenWhileRunning = new ArrayList<>();
        SandboxListener failing = new SandboxListener() {
            @Override
            public void onEvent(MinoEvent event) {
                if (event instanceof MinoEvent.ProgressStep step && step.step() == MinoEvent.Step.CREATE_CONTAINER) {
                    // The control: everything a start makes before its container is there now.
                    secretsOf(session).forEach(seenWhileRunning::add);
                    containersOf(session).forEach(id -> seenWhileRunning.add("container " + id));
                    try {
                        relayFolders().forEach(p -> seenWhileRunning.add(p.toString()));
                    } catch (IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                    throw new StackOverflowError("a listener that fails with an Error");
                }
            }
        };
        try (Mino mino = mino()) {
            SandboxBuilder builder = builder(mino, session).credentials(provider).listener(failing)
                .sshAgent(agentDir.resolve("agent.sock")).network(NetworkPolicy.allow("10.0.0.1:443"));
            assertThrows(StackOverflowError.class, builder::start);
            assertEquals(2 + 1 + 1, seenWhileRunning.size(),
                "the control: two secrets, the firewall and the relay's folder existed: " + seenWhileRunning);
            assertNothingLeft(session);
        }
    }

    private void assertNothingLeft(String session) throws IOException {
        assertEquals(List.of(), secretsOf(session), "no secret left");
        assertEquals(List.of(), containersOf(session), "no container with the sandbox's labels left");
        assertEquals(List.of(), relayFolders(), "the relay's socket and folder are gone");
    }
}
