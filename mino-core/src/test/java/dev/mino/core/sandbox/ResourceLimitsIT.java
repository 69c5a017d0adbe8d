package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.RootfulPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory, CPU and pids limits hold inside a sandbox on an engine that enforces them (the rootful
 * one: cgroup v1 limits apply there), and a rootless cgroup v1 engine, which cannot, is reported
 * once per JVM instead of on every start.
 */
@RequiresPodman
@Timeout(180)
class ResourceLimitsIT extends SandboxFolders {

    private SandboxBuilder rootful() {
        return Sandbox.builder().engine(RootfulPodman.requireAddress()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).sshAgent(false).command("sleep", "300");
    }

    private static String read(Sandbox sb, String file) {
        ExecResult r = sb.exec("cat", file);
        assertEquals(0, r.exitCode(), file + ": " + r.stderr());
        return r.stdout().strip();
    }

    @Test
    void theLimitsShowInTheSandboxsCgroups() {
        try (Sandbox sb = rootful().memoryLimit("96m").cpus(0.5).pidsLimit(100).start()) {
            assertEquals(Long.toString(96L << 20), read(sb, "/sys/fs/cgroup/memory/memory.limit_in_bytes"));
            assertEquals("50000", read(sb, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
            assertEquals("100000", read(sb, "/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
            assertEquals("100", read(sb, "/sys/fs/cgroup/pids/pids.max"));
        }
    }

    @Test
    void theDefaultsAreLimitsToo() {
        try (Sandbox sb = rootful().start()) {
            long memory = Long.parseLong(read(sb, "/sys/fs/cgroup/memory/memory.limit_in_bytes"));
            assertTrue(memory <= 16L << 30, "memory limit " + memory);
            assertTrue(Long.parseLong(read(sb, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us")) > 0, "a CPU quota is set");
            assertEquals("4096", read(sb, "/sys/fs/cgroup/pids/pids.max"));
        }
    }

    @Test
    void aProcessBeyondTheMemoryLimitIsKilled_oneBelowItLives() {
        try (Sandbox sb = rootful().memoryLimit("64m").start()) {
            // dd fills a buffer of its block size: 32 MiB fits, 256 MiB does not.
            ExecResult below = sb.exec("dd", "if=/dev/zero", "of=/dev/null", "bs=32M", "count=2");
            assertEquals(0, below.exitCode(), "positive control: " + below.stderr());
            ExecResult beyond = sb.exec("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=2");
            assertEquals(137, beyond.exitCode(), "killed by the OOM killer (SIGKILL): " + beyond.stderr());
            assertTrue(read(sb, "/sys/fs/cgroup/memory/memory.failcnt").matches("[1-9]\\d*"));
            // The sandbox itself goes on.
            assertEquals(0, sb.exec("true").exitCode());
        }
    }

    @Test
    void aForkBombStopsAtThePidsLimit() {
        try (Sandbox sb = rootful().pidsLimit(64).start()) {
            // The bomb in a subshell (busybox sh ends when it cannot fork), then only builtins:
            // once the limit is reached nothing more can fork.
            ExecResult r = sb.exec("sh", "-c", "(i=0; while [ $i -lt 100 ]; do sleep 60 & i=$((i+1)); done) 2>/dev/null; "
                + "read n < /sys/fs/cgroup/pids/pids.current; echo \"$n\"");
            int processes = Integer.parseInt(r.stdout().strip());
            assertTrue(processes <= 64, processes + " processes");
            assertTrue(processes > 32, "positive control: the sandbox ran " + processes + " processes");
        }
    }

    /**
     * The rootless engine of this machine runs on cgroup v1 and cannot enforce limits: Podman warns
     * on every create; mino tells once per JVM instead. Two sandboxes in a JVM of their own.
     */
    @Test
    void aRootlessCgroupV1EngineIsReportedOncePerJvm() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), UnenforcedLimitsChild.class.getName(),
            TestPodman.address().uri(), project.toString(), state.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        List<String> warnings = out.lines().filter(l -> l.startsWith("WARNING ")).toList();
        assertEquals(2, out.lines().filter(l -> l.equals("STARTED")).count(), out);
        assertEquals(1, warnings.size(), out);
        assertTrue(warnings.get(0).contains("not enforced"), out);
        assertFalse(out.contains("Resource limits are not supported"), out);
    }

    /** The child of {@link #aRootlessCgroupV1EngineIsReportedOncePerJvm}: starts two sandboxes, prints warnings. */
    public static final class UnenforcedLimitsChild {
        private UnenforcedLimitsChild() {
        }

        /** Arguments: engine, project, state directory. */
        public static void main(String[] args) {
            for (int i = 0; i < 2; i++) {
                try (Sandbox sb = Sandbox.builder().engine(args[0]).image(TestPodman.BUSYBOX_IMAGE)
                    .project(Path.of(args[1])).stateDirectory(Path.of(args[2])).sshAgent(false).memoryLimit("1g")
                    .listener(new dev.mino.core.SandboxListener() {
                        @Override
                        public void onWarning(String message) {
                            System.out.println("WARNING " + message.replace('\n', ' '));
                        }
                    }).command("true").start()) {
                    sb.awaitExit(java.time.Duration.ofSeconds(60));
                    System.out.println("STARTED");
                }
            }
            System.exit(0);
        }
    }
}
