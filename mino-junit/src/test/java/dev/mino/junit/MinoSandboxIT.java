package dev.mino.junit;

import static dev.mino.junit.Samples.containersOfRun;
import static dev.mino.junit.Samples.exists;
import static dev.mino.junit.Samples.failures;
import static dev.mino.junit.Samples.see;
import static dev.mino.junit.Samples.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mino.core.ExecResult;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@link MinoSandbox} against the real Podman: sample test classes (the static nested classes
 * below, which no build runs by themselves) are run through JUnit's engine test kit, record what
 * they saw in {@link Samples}, and each test here checks their outcomes and asks Podman whether
 * their containers are gone.
 */
@RequiresPodman
class MinoSandboxIT {
    private static final String BUSYBOX = TestPodman.BUSYBOX_IMAGE;

    @Test
    void anInstanceFieldGetsAStartedSandboxPerTestClosedAfterIt() {
        EngineExecutionResults results = Samples.execute(PerTestSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
        List<String> ids = seen("id");
        assertEquals(2, ids.size(), "each test saw its sandbox: " + Samples.SEEN);
        assertNotEquals(ids.get(0), ids.get(1), "each test has a sandbox of its own");
        // Positive control: while a test ran, Podman had its container, found by the run's label.
        assertEquals(List.of("true", "true"), seen("running"));
        assertEquals(List.of("1", "1"), seen("labelled"));
        // The attributes took effect: user, env, and the working directory (this module) is the project.
        assertEquals(List.of("1000", "1000"), seen("uid"));
        assertEquals(List.of("hello", "hello"), seen("env"));
        assertEquals(List.of("true", "true"), seen("reads pom.xml"));
        for (String id : ids) {
            assertFalse(exists(id), "container " + id + " was removed after its test");
        }
        assertEquals(0, containersOfRun(), "nothing of the run is left");
        // Each sandbox is named in the test's report, for matching a failure with the audit log.
        List<String> reported = results.allEvents().reportingEntryPublished().stream()
            .map(event -> event.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class)
                .getKeyValuePairs().get("mino.sandbox"))
            .toList();
        assertEquals(2, reported.size(), reported.toString());
        for (String id : ids) {
            assertTrue(reported.stream().anyMatch(entry -> entry.startsWith("@MinoSandbox field 'sandbox' of "
                + "PerTestSample: session session-") && entry.endsWith(", container " + id)), reported.toString());
        }
    }

    @Test
    void aStaticFieldGetsOneSandboxSharedByTheClassUntilAfterAll() {
        EngineExecutionResults results = Samples.execute(PerClassSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        List<String> ids = seen("id");
        assertEquals(4, ids.size(), "@BeforeAll, both tests and @AfterAll saw the sandbox: " + Samples.SEEN);
        assertEquals(1, Set.copyOf(ids).size(), "one sandbox for the class: " + ids);
        // The second test sees the file the first one wrote into the shared sandbox.
        assertEquals(List.of("written by first"), seen("second reads"));
        assertEquals(List.of("0"), seen("exec in @AfterAll"));
        // A @BeforeAll method's parameter lives as long as the class.
        assertEquals(List.of("0"), seen("parameter in @AfterAll"));
        assertNotEquals(ids.get(0), seen("parameter").get(0));
        assertFalse(exists(ids.get(0)), "the class's container was removed after @AfterAll");
        assertFalse(exists(seen("parameter").get(0)));
        assertEquals(0, containersOfRun());
    }

    @Test
    void withOneInstanceForTheClassAnInstanceFieldIsSharedToo() {
        EngineExecutionResults results = Samples.execute(PerClassLifecycleSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        List<String> ids = seen("id");
        assertEquals(2, ids.size());
        assertEquals(1, Set.copyOf(ids).size(), "one sandbox for the class: " + ids);
        assertFalse(exists(ids.get(0)));
        assertEquals(0, containersOfRun());
    }

    @Test
    void aFailingTestStillClosesItsSandbox() {
        EngineExecutionResults results = Samples.execute(FailingSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = failures(results.testEvents()).get(0);
        assertInstanceOf(AssertionError.class, failure);
        assertEquals("the test's own failure", failure.getMessage(), "the test's failure is reported, not ours");
        List<String> ids = seen("id");
        assertEquals(List.of("true"), seen("running"));
        assertFalse(exists(ids.get(0)), "the failed test's container was removed");
        assertEquals(0, containersOfRun());
    }

    @Test
    void aParameterGetsASandboxWithAPrivateTemporaryProjectDeletedAfterTheTest() {
        EngineExecutionResults results = Samples.execute(ParameterSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertEquals(List.of("0"), seen("write exit"), "the sandbox can write its temporary project: " + Samples.SEEN);
        assertEquals(List.of("written inside"), seen("host reads"), "and the host sees what it wrote");
        assertEquals(List.of("rwx------"), seen("permissions"), "the folder is private on the host");
        Path folder = Path.of(seen("project").get(0));
        assertTrue(folder.getFileName().toString().startsWith("mino-junit-"), folder.toString());
        assertFalse(Files.exists(folder), "the temporary project was deleted after the test: " + folder);
        assertFalse(exists(seen("id").get(0)));
        assertEquals(0, containersOfRun());
    }

    @Test
    void linksTheSandboxPlantsInItsTemporaryProjectAreNotFollowedWhenItIsDeleted() throws IOException {
        // A hostile command points links at a host folder, hoping that the JVM (root here) deletes
        // what they point to when it deletes the temporary project.
        Path victim = TestDirectories.create("mino-junit-victim");
        try {
            Files.writeString(victim.resolve("keep.txt"), "precious");
            HostileSample.victim = victim;
            EngineExecutionResults results = Samples.execute(HostileSample.class);

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            // Positive control: the links were there, on the host, pointing at the victim.
            assertEquals(List.of("0"), seen("links made"), Samples.SEEN.toString());
            assertEquals(List.of(victim.toString(), victim.resolve("keep.txt").toString()), seen("host sees links to"));
            assertFalse(Files.exists(Path.of(seen("project").get(0))), "the project was deleted");
            assertEquals("precious", Files.readString(victim.resolve("keep.txt")), "what the links named is intact");
        } finally {
            TestDirectories.delete(victim);
        }
    }

    @Test
    void theRunsOwnMinoIsClosedWhenTheRunEndsLeavingNoThreadOfIt() throws InterruptedException {
        Set<Thread> before = minoThreads();
        RunMinoSample.before = before;

        EngineExecutionResults results = Samples.execute(RunMinoSample.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        // Positive control: while the test ran, the run's Mino followed the engine on threads of its own.
        assertTrue(RunMinoSample.started.stream().anyMatch(t -> t.getName().equals("mino-events")),
            "threads started for the run: " + RunMinoSample.started);
        for (Thread thread : RunMinoSample.started) {
            // Mino.close waits for its threads; join only guards against a slow machine's scheduling.
            thread.join(5_000);
            assertFalse(thread.isAlive(), "left running after the run: " + thread);
        }
        assertEquals(0, containersOfRun());
    }

    private static Set<Thread> minoThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("mino-"))
            .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aSandboxThatFailsToStartFailsTheTestAndLeavesNothing() {
        EngineExecutionResults results = Samples.execute(StartFailureSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = failures(results.testEvents()).get(0);
        SandboxStartException start = assertInstanceOf(SandboxStartException.class, failure);
        assertTrue(start.getMessage().startsWith("@MinoSandbox field 'sandbox' of StartFailureSample: "),
            start.getMessage());
        MinoException cause = assertInstanceOf(MinoException.class, start.getCause());
        assertTrue(start.getMessage().contains(cause.getMessage()), "the library's message is shown: " + start);
        assertEquals(List.of(), seen("ran"), "the test body never ran");
        // The customizer ran, so the start really was attempted with this label and folder.
        assertEquals(1, seen("customized").size());
        assertEquals(0, containersOfRun(), "the engine has no container of the run");
        Path folder = Path.of(seen("project").get(0));
        assertFalse(Files.exists(folder), "the temporary project was deleted: " + folder);
    }

    @Test
    void testsRunningInParallelEachGetTheirOwnSandbox() {
        EngineExecutionResults results = Samples.execute(ParallelSample.class, Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"));

        // Both passed the barrier, which each waits at for the other: they ran at the same time.
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        List<String> ids = seen("id");
        assertEquals(2, Set.copyOf(ids).size(), "two sandboxes: " + ids);
        assertEquals(2, Set.copyOf(seen("thread")).size(), "on two threads: " + seen("thread"));
        assertEquals(List.of("0", "0"), seen("exec"));
        for (String id : ids) {
            assertFalse(exists(id));
        }
        assertEquals(0, containersOfRun());
    }

    @Test
    void aNestedTestGetsItsOwnAndItsEnclosingInstancesSandboxes() {
        EngineExecutionResults results = Samples.execute(OuterSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        String outer = seen("outer").get(0);
        String inner = seen("inner").get(0);
        assertNotEquals(outer, inner);
        // The inner one's attributes took effect, and (positive control) the outer one, without them, differs.
        assertEquals(List.of("lo"), seen("inner interfaces"), "network = NONE leaves only the loopback");
        assertNotEquals(List.of("lo"), seen("outer interfaces"));
        assertEquals(List.of("refused"), seen("inner writes /etc"), "readOnly = true");
        assertEquals(List.of("written"), seen("outer writes /etc"));
        assertFalse(exists(outer));
        assertFalse(exists(inner));
        assertEquals(0, containersOfRun());
    }

    // ----- The samples: run only through Samples.execute. -----

    static class PerTestSample {
        @MinoSandbox(image = BUSYBOX, user = "1000", env = "GREETING=hello", customizer = Samples.Labelled.class)
        Sandbox sandbox;

        @Test
        void first() {
            use(sandbox);
        }

        @Test
        void second() {
            use(sandbox);
        }

        private static void use(Sandbox sandbox) {
            see("id", sandbox.containerId());
            see("running", String.valueOf(exists(sandbox.containerId())));
            see("labelled", String.valueOf(containersOfRun()));
            see("uid", sandbox.exec("id", "-u").stdout().strip());
            see("env", sandbox.exec("sh", "-c", "echo $GREETING").stdout().strip());
            ExecResult pom = sandbox.exec("cat", "pom.xml");
            see("reads pom.xml", String.valueOf(pom.exitCode() == 0
                && pom.stdout().contains("<artifactId>mino-junit</artifactId>")));
        }
    }

    static class OuterSample {
        @MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class)
        Sandbox outer;

        @Nested
        class Inner {
            @MinoSandbox(image = BUSYBOX, network = MinoSandbox.Network.NONE, readOnly = true,
                customizer = Samples.Labelled.class)
            Sandbox inner;

            @Test
            void seesBoth() {
                see("outer", outer.containerId());
                see("inner", inner.containerId());
                see("inner interfaces", inner.exec("ls", "/sys/class/net").stdout().strip());
                see("outer interfaces", outer.exec("ls", "/sys/class/net").stdout().strip());
                see("inner writes /etc", inner.exec("touch", "/etc/mino-junit").exitCode() == 0 ? "written" : "refused");
                see("outer writes /etc", outer.exec("touch", "/etc/mino-junit").exitCode() == 0 ? "written" : "refused");
            }
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassSample {
        @MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class)
        static Sandbox shared;

        private static Sandbox fromBeforeAll;

        @BeforeAll
        static void before(@MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class) Sandbox parameter) {
            see("id", shared.containerId());
            see("parameter", parameter.containerId());
            fromBeforeAll = parameter;
        }

        @Test
        @Order(1)
        void first() {
            see("id", shared.containerId());
            assertEquals(0, shared.exec("sh", "-c", "echo written by first > /tmp/shared").exitCode());
        }

        @Test
        @Order(2)
        void second() {
            see("id", shared.containerId());
            see("second reads", shared.exec("cat", "/tmp/shared").stdout().strip());
        }

        @AfterAll
        static void after() {
            see("id", shared.containerId());
            see("exec in @AfterAll", String.valueOf(shared.exec("true").exitCode()));
            see("parameter in @AfterAll", String.valueOf(fromBeforeAll.exec("true").exitCode()));
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassLifecycleSample {
        @MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class)
        Sandbox sandbox;

        @Test
        void one() {
            see("id", sandbox.containerId());
        }

        @Test
        void other() {
            see("id", sandbox.containerId());
        }
    }

    static class RunMinoSample {
        static volatile Set<Thread> before = Set.of();
        static volatile Set<Thread> started = Set.of();

        @MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class)
        Sandbox sandbox;

        @Test
        void runs() {
            assertEquals(0, sandbox.exec("true").exitCode());
            Set<Thread> now = new java.util.HashSet<>(minoThreads());
            now.removeAll(before);
            started = now;
        }
    }

    static class FailingSample {
        @MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class)
        Sandbox sandbox;

        @Test
        void fails() {
            see("id", sandbox.containerId());
            see("running", String.valueOf(exists(sandbox.containerId())));
            fail("the test's own failure");
        }
    }

    static class ParameterSample {
        @Test
        void writes(@MinoSandbox(image = BUSYBOX, project = MinoSandbox.Project.TEMPORARY,
            customizer = Samples.Labelled.class) Sandbox sandbox) throws IOException {
            see("id", sandbox.containerId());
            Path project = sandbox.spec().project();
            see("write exit", String.valueOf(sandbox.exec("sh", "-c", "echo written inside > made-here.txt")
                .exitCode()));
            see("host reads", Files.readString(project.resolve("made-here.txt")).strip());
            see("permissions", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(project)));
        }
    }

    static class HostileSample {
        static volatile Path victim;

        @Test
        void plantsLinks(@MinoSandbox(image = BUSYBOX, project = MinoSandbox.Project.TEMPORARY,
            customizer = Samples.Labelled.class) Sandbox sandbox) throws IOException {
            see("links made", String.valueOf(sandbox.exec("sh", "-c", "ln -s " + victim + " folder-link && mkdir deep "
                + "&& ln -s " + victim.resolve("keep.txt") + " deep/file-link").exitCode()));
            Path project = sandbox.spec().project();
            see("host sees links to", Files.readSymbolicLink(project.resolve("folder-link")).toString());
            see("host sees links to", Files.readSymbolicLink(project.resolve("deep/file-link")).toString());
        }
    }

    static class StartFailureSample {
        // Created, then refused by the runtime at start: the library removes what it made.
        @MinoSandbox(image = BUSYBOX, command = "/no/such/program", project = MinoSandbox.Project.TEMPORARY,
            customizer = Samples.Labelled.class)
        Sandbox sandbox;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelSample {
        private static final CyclicBarrier BOTH = new CyclicBarrier(2);

        @MinoSandbox(image = BUSYBOX, customizer = Samples.Labelled.class)
        Sandbox sandbox;

        @Test
        void one() throws Exception {
            together();
        }

        @Test
        void other() throws Exception {
            together();
        }

        private void together() throws Exception {
            see("id", sandbox.containerId());
            see("thread", Thread.currentThread().getName());
            BOTH.await(120, TimeUnit.SECONDS);
            see("exec", String.valueOf(sandbox.exec("true").exitCode()));
        }
    }
}
