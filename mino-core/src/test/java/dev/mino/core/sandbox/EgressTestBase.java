package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.EgressProbe;
import dev.mino.core.testing.EgressTestbed;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the egress integration tests share: one {@link EgressTestbed} per class (its servers are
 * the only destinations the tests talk to), fresh project and state folders per test, and
 * sandboxes from the Debian test image (it has python3 for {@link EgressProbe}) on the testbed's
 * network, allowlisted ones with the testbed's upstream as their guard's resolver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EgressTestBase extends SandboxFolders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String prefix;
    protected PodmanClient podman;
    protected EgressTestbed bed;

    /** @param prefix part of the names of the testbed's network and servers */
    EgressTestBase(String prefix) {
        this.prefix = prefix;
    }

    @BeforeAll
    void startServers() {
        podman = TestPodman.newClient();
        bed = EgressTestbed.start(podman, prefix);
    }

    @AfterAll
    void stopServers() {
        try {
            if (bed != null) {
                bed.close();
            }
        } finally {
            podman.close();
        }
    }

    /** What hears the sandboxes' progress and egress events; none by default. */
    SandboxListener listener() {
        return SandboxListener.NONE;
    }

    /** A sandbox on the testbed's network, with no network policy chosen yet. */
    SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.DEBIAN_IMAGE).project(project)
            .stateDirectory(state).podmanNetwork(bed.network().name()).command("sleep", "300").listener(listener());
    }

    /** An allowlisted sandbox whose guard asks the testbed's upstream DNS server. */
    SandboxBuilder guarded(String... rules) {
        return builder().firewallImage(TestPodman.DEBIAN_IMAGE).upstreamDns(bed.upstream().ipv4())
            .network(NetworkPolicy.allow(rules));
    }

    /** A rule's text: {@code host:port}, an IPv6 address in brackets. */
    static String rule(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The body a web server sends for {@code GET /}, or {@code error ...}. */
    static String fetch(Sandbox sb, String host, int port) {
        return EgressProbe.run(sb, "http", host, Integer.toString(port));
    }

    /** The probe got no answer: it says {@code error ...}. */
    static void assertBlocked(String answer, String what) {
        assertTrue(answer.startsWith("error "), what + " must get no answer, got: " + answer);
    }

    /** The lines of the audit log in the test's state folder. */
    List<JsonNode> auditLines() throws IOException {
        return Files.readAllLines(state.resolve("audit.log")).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Some line of the audit log is this event with these fields (and maybe more) in its data. */
    static void assertAudited(List<JsonNode> audit, String event, Map<String, String> fields) {
        boolean found = audit.stream().filter(line -> line.path("event").asText().equals(event))
            .map(line -> line.path("data"))
            .anyMatch(data -> fields.entrySet().stream().allMatch(f -> data.path(f.getKey()).asText()
                .equals(f.getValue())));
        assertTrue(found, event + " " + fields + " is not in the audit log: " + audit);
    }
}
