package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.HostName;
import dev.mino.core.sandbox.OwnerProcessMain;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.SessionObjects;
import dev.mino.core.testing.TestPodman;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep judges only sandboxes whose owner pid means a process here: the same machine, boot
 * and PID namespace. A JVM in another PID namespace with the same host name (a Flatpak IDE, a CI
 * container) has pids of its own; its live sandboxes must not be taken for abandoned ones.
 */
@RequiresPodman
@Timeout(300)
class StaleSandboxSweeperIT extends SandboxFolders {
    private static PodmanClient podman;
    private final List<String> sessions = new java.util.ArrayList<>();

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @AfterEach
    void cleanUp() {
        for (String session : sessions) {
            SessionObjects.removeContainers(podman, session);
        }
    }

    /** This JVM's machine, boot and PID namespace, read here as a host tool would, not through Mino. */
    private static Map<String, String> scopeHere() throws IOException {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("dev.mino.owner.machine", Files.readString(Path.of("/etc/machine-id")).strip());
        scope.put("dev.mino.owner.boot", Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip());
        scope.put("dev.mino.owner.pidns", Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        return scope;
    }

    /** A pid that no process of this namespace has: one of a child that has ended and been reaped. */
    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertEquals(0, gone.waitFor());
        assertTrue(ProcessHandle.of(gone.pid()).isEmpty());
        return gone.pid();
    }

    /** A running container labelled as a sandbox of this host owned by {@code pid}, with {@code scope}. */
    private String sandboxOwnedBy(String tag, long pid, Map<String, String> scope) {
        String session = "sweep-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        sessions.add(session);
        Map<String, String> labels = new LinkedHashMap<>(scope);
        labels.put("dev.mino.managed", "true");
        labels.put("dev.mino.session", session);
        labels.put("dev.mino.owner.host", HostName.local());
        labels.put("dev.mino.owner.pid", Long.toString(pid));
        labels.put("dev.mino.owner.started", "0");
        labels.put("dev.mino.test", "true");
        String id = podman.containers().create(Map.of("name", "mino-" + session, "image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sleep", "300"), "labels", labels)).id();
        podman.containers().start(id);
        return session;
    }

    private boolean exists(String session) {
        return !SessionObjects.containers(podman, session).isEmpty();
    }

    @Test
    void aDeadPidOfAnotherPidNamespaceOrBootIsNotJudgedButOneOfThisNamespaceIsSwept() throws Exception {
        long dead = deadPid();
        Map<String, String> here = scopeHere();
        Map<String, String> otherNamespace = new LinkedHashMap<>(here);
        otherNamespace.put("dev.mino.owner.pidns", "pid:[1]");
        Map<String, String> otherBoot = new LinkedHashMap<>(here);
        otherBoot.put("dev.mino.owner.boot", UUID.randomUUID().toString());
        Map<String, String> otherMachine = new LinkedHashMap<>(here);
        otherMachine.put("dev.mino.owner.machine", "0123456789abcdef0123456789abcdef");
        String inOtherNamespace = sandboxOwnedBy("ns", dead, otherNamespace);
        String ofOtherBoot = sandboxOwnedBy("boot", dead, otherBoot);
        String ofOtherMachine = sandboxOwnedBy("machine", dead, otherMachine);
        String withoutScope = sandboxOwnedBy("legacy", dead, Map.of());
        String ofThisNamespace = sandboxOwnedBy("here", dead, here);

        List<String> removed = StaleSandboxSweeper.sweep(podman, Owner.current(), SessionJournal.at(state, false));

        // The positive control: the same dead pid in this namespace is an abandoned sandbox.
        assertTrue(removed.contains(ofThisNamespace), removed.toString());
        assertFalse(exists(ofThisNamespace));
        for (String session : List.of(inOtherNamespace, ofOtherBoot, ofOtherMachine, withoutScope)) {
            assertTrue(exists(session), session + " is not this namespace's to judge");
            assertFalse(removed.contains(session), session);
        }
    }

    @Test
    void aLiveSandboxOfAJvmInAnotherPidNamespaceSurvivesTheSweep() throws Exception {
        boolean root = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        boolean unshare = Files.isExecutable(Path.of("/usr/bin/unshare"));
        Prerequisites.require(root && unshare, "root and unshare, for a PID namespace of its own");
        // A pid that is dead here: the child JVM gets it in its own namespace (set through ns_last_pid).
        long pid = 0;
        for (long candidate = 20_000; candidate < 30_000 && pid == 0; candidate++) {
            if (ProcessHandle.of(candidate).isEmpty()) {
                pid = candidate;
            }
        }
        String session = "pidns" + Long.toHexString(System.nanoTime());
        sessions.add(session);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // sh is pid 1 of the new namespace; the JVM it forks gets the pid after ns_last_pid.
        List<String> command = List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "sh", "-c",
            "echo " + (pid - 1) + " > /proc/sys/kernel/ns_last_pid && \"$@\"; exit $?", "sh", java, "-cp",
            System.getProperty("java.class.path"), OwnerProcessMain.class.getName(), "wait",
            TestPodman.address().uri(), TestPodman.BUSYBOX_IMAGE, project.toString(), state.toString(), session, "-",
            "sleep", "600");
        Process owner = new ProcessBuilder(command).redirectError(new File(state.toFile(), "owner-stderr.txt"))
            .start();
        try {
            String line = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
            assertTrue(line != null && line.startsWith("STARTED "),
                "child said " + line + ": " + Files.readString(state.resolve("owner-stderr.txt")));
            String containerId = line.substring("STARTED ".length());
            Map<String, String> labels = podman.containers().inspect(containerId).orElseThrow().labels();
            long ownerPid = Long.parseLong(labels.get("dev.mino.owner.pid"));
            // The scenario: the owner's pid names no process here, though the owner runs.
            assertTrue(ProcessHandle.of(ownerPid).isEmpty(), "pid " + ownerPid + " is free in this namespace");
            assertTrue(owner.isAlive());

            StaleSandboxSweeper.sweep(podman, Owner.current(), SessionJournal.at(state, false));

            assertTrue(podman.containers().inspect(containerId).map(c -> c.running()).orElse(false),
                "the live sandbox of the other namespace's JVM is left alone");
            assertEquals("running", new ObjectMapper().readTree(state.resolve("sessions").resolve(session + ".json")
                .toFile()).get("status").asText(), "and its session is not marked failed");
            assertNotEquals(scopeHere().get("dev.mino.owner.pidns"), labels.get("dev.mino.owner.pidns"));
            assertEquals(scopeHere().get("dev.mino.owner.boot"), labels.get("dev.mino.owner.boot"));
        } finally {
            owner.destroyForcibly();
            owner.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * An image whose author labelled it as a sandbox of a dead JVM of this host: a container made
     * from it without Mino (the user's own {@code podman run}) carries those labels, but is not
     * Mino's to remove. The same labels set on the container at its creation, as Mino sets them,
     * are swept (the positive control).
     */
    @Test
    void aContainerWhoseOwnerLabelsComeFromItsImageIsNotSwept() throws Exception {
        long dead = deadPid();
        String forged = "sweep-forged-" + UUID.randomUUID().toString().substring(0, 8);
        sessions.add(forged);
        Map<String, String> claim = new LinkedHashMap<>(scopeHere());
        claim.put("dev.mino.managed", "true");
        claim.put("dev.mino.session", forged);
        claim.put("dev.mino.owner.host", HostName.local());
        claim.put("dev.mino.owner.pid", Long.toString(dead));
        claim.put("dev.mino.owner.started", "0");
        claim.put("dev.mino.test", "true");
        String tag = "localhost/mino-test-forged-owner:" + UUID.randomUUID().toString().substring(0, 8);
        podman.images().build(new java.io.ByteArrayInputStream(dev.mino.core.internal.podman.TestTar.of(
            Map.of("Containerfile", "FROM " + TestPodman.BUSYBOX_IMAGE + "\n"))), tag, claim, line -> { });
        try {
            String id = podman.containers().create(Map.of("name", "mino-" + forged, "image", tag,
                "command", List.of("sleep", "300"), "labels", Map.of("dev.mino.test", "true"))).id();
            podman.containers().start(id);
            assertEquals(dead, Long.parseLong(podman.containers().inspect(id).orElseThrow().labels()
                .get("dev.mino.owner.pid")), "the container carries the image's claim");
            String genuine = sandboxOwnedBy("genuine", dead, scopeHere());

            List<String> removed = StaleSandboxSweeper.sweep(podman, Owner.current(), SessionJournal.at(state, false));

            assertTrue(removed.contains(genuine), removed.toString());
            assertFalse(removed.contains(forged), removed.toString());
            assertTrue(podman.containers().inspect(id).orElseThrow().running(), "the user's container runs on");
        } finally {
            cleanUp();
            podman.images().remove(tag, true);
        }
    }
}
