package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.WarningCodes;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.DelayingEngineProxy;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A warning with a code, true of the host rather than of one sandbox, reaches the listener once
 * per JVM: the limits a rootless cgroup v1 engine ignores once per engine, no GitHub token once
 * per message. A failure without a code is told on every start, and each sandbox's
 * {@link Sandbox#warnings()} still lists Podman's own warning. In a JVM of its own, so that no
 * other test's start has told them already.
 */
@RequiresPodman
@Timeout(300)
class WarningsOncePerJvmIT extends SandboxFolders {

    @Test
    void codedWarningsComeOncePerJvmAndEngineOthersEveryTime() throws Exception {
        try (PodmanClient podman = TestPodman.newClient()) {
            JsonNode host = podman.info().path("host");
            Prerequisites.require("v1".equals(host.path("cgroupVersion").asText())
                && host.path("security").path("rootless").asBoolean(), "a rootless engine on cgroup v1");
        }
        Prerequisites.require(TestPodman.address() instanceof EngineAddress.Unix, "a test Podman on a Unix socket");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Child.class.getName(), TestPodman.address().uri(),
            ((EngineAddress.Unix) TestPodman.address()).socket().toString(), project.toString(), state.toString())
            .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(200, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(0, child.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.stream().filter(l -> l.startsWith("STARTED")).count(), out);
        // Two starts on the test engine, a third on the same engine through another address.
        assertEquals(2, lines.stream().filter(l -> l.startsWith("CODED " + WarningCodes.LIMITS_NOT_ENFORCED + " "))
            .count(), out);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("CODED " + WarningCodes.GITHUB_NO_TOKEN + " "))
            .count(), out);
        // The control: a failure without a code comes with every start.
        assertEquals(3, lines.stream().filter(l -> l.startsWith("WARNING broken: ")).count(), out);
        assertEquals(3, lines.stream().filter(l -> l.startsWith("STARTED") && l.contains("Resource limits")).count(),
            out);
    }

    /** Starts three sandboxes (the third through a proxy address), printing what the listener hears. */
    public static final class Child {
        private Child() {
        }

        /** Arguments: engine URI, its socket, project, state directory. */
        public static void main(String[] args) throws Exception {
            SandboxListener listener = new SandboxListener() {
                @Override
                public void onWarning(String message) {
                    System.out.println("WARNING " + message.replace('\n', ' '));
                }

                @Override
                public void onWarning(String code, String message) {
                    System.out.println("CODED " + code + " " + message.replace('\n', ' '));
                }
            };
            Path project = Path.of(args[2]);
            try (DelayingEngineProxy proxy = new DelayingEngineProxy(Path.of(args[3]).resolve("proxy.sock"),
                Path.of(args[1]), "\u0000", Duration.ZERO)) {
                for (String engine : List.of(args[0], args[0], proxy.uri())) {
                    try (Sandbox sb = Sandbox.builder().engine(engine).image(TestPodman.BUSYBOX_IMAGE).project(project)
                        .stateDirectory(Path.of(args[3])).sshAgent(false).listener(listener)
                        .credentials(new Failing("github", WarningCodes.GITHUB_NO_TOKEN), new Failing("broken", null))
                        .command("true").start()) {
                        sb.awaitExit(Duration.ofSeconds(60));
                        System.out.println("STARTED " + String.join(" | ", sb.warnings()).replace('\n', ' '));
                    }
                }
            }
            System.exit(0);
        }
    }

    /** A provider that never has a credential, with a coded failure or not. */
    private static final class Failing implements CredentialProvider {
        private final String name;
        private final String code;

        Failing(String name, String code) {
            this.name = name;
            this.code = code;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String cacheKey() {
            return name;
        }

        @Override
        public IssuedCredential issue() {
            throw new CredentialException(name, "nothing to give", "", null, code);
        }
    }
}
