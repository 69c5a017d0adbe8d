package dev.mino.junit;

import static dev.mino.junit.Samples.aborts;
import static dev.mino.junit.Samples.failures;
import static dev.mino.junit.Samples.see;
import static dev.mino.junit.Samples.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/**
 * {@link MinoSandbox} without Podman: bad attributes and declarations fail the test with the
 * library's message and hint before anything is made (not even the engine is asked: these run
 * where there is none), and a missing engine fails the test, or skips it when the annotation says
 * so. The sample classes below are run through JUnit's engine test kit.
 */
class MinoSandboxInputTest {
    /** An engine address where no Podman can ever answer. */
    static final String NO_ENGINE = "unix:///nonexistent/mino-junit-test/podman.sock";

    @Test
    void anInvalidImageFailsTheTestWithTheLibrarysMessageBeforeAnythingIsMade() {
        EngineExecutionResults results = Samples.execute(BadImageSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        SandboxStartException failure = assertInstanceOf(SandboxStartException.class,
            failures(results.testEvents()).get(0));
        assertInstanceOf(InvalidSpecException.class, failure.getCause());
        assertEquals("@MinoSandbox field 'sandbox' of BadImageSample: image reference 'Not A Valid Image!' is not "
            + "valid (write [registry/]name[:tag][@digest] in lower case, for example localhost/tools:1.0)",
            failure.getMessage());
        assertEquals(((InvalidSpecException) failure.getCause()).hint(), failure.hint());
        assertEquals(List.of(), seen("customized"), "the customizer was never called: nothing was made");
        assertEquals(List.of(), seen("ran"));
    }

    @Test
    void aMalformedEnvEntryFailsTheTest() {
        EngineExecutionResults results = Samples.execute(BadEnvSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = failures(results.testEvents()).get(0);
        assertTrue(failure.getMessage().contains("env entry 'GREETING' is not NAME=value"), failure.getMessage());
    }

    @Test
    void aFieldOrParameterThatCannotTakeASandboxFailsBeforeOneIsStarted() {
        assertEquals("@MinoSandbox field 'notASandbox' of StringFieldSample: is of type java.lang.String, not "
            + "Sandbox (declare it as dev.mino.core.Sandbox)", onlyFailure(StringFieldSample.class).getMessage());
        assertEquals("@MinoSandbox field 'sandbox' of FinalFieldSample: is final (remove final: the sandbox "
            + "is assigned to it)", onlyFailure(FinalFieldSample.class).getMessage());
        Throwable parameter = onlyFailure(ObjectParameterSample.class);
        assertInstanceOf(ParameterResolutionException.class, parameter);
        assertEquals("@MinoSandbox parameter 0 of ObjectParameterSample.neverRuns(): is of type java.lang.Object, "
            + "not Sandbox (declare it as dev.mino.core.Sandbox)", parameter.getMessage());
    }

    @Test
    void everyFieldIsCheckedBeforeTheFirstSandboxStarts() {
        // The superclass's good field comes first (top down): it must not be started, not even
        // tried (its customizer would record it), before the subclass's bad one is found.
        assertEquals("@MinoSandbox field 'bad' of SecondFieldBadSample: image reference 'Not A Valid Image!' is not "
            + "valid (write [registry/]name[:tag][@digest] in lower case, for example localhost/tools:1.0)",
            onlyFailure(SecondFieldBadSample.class).getMessage());
    }

    private static Throwable onlyFailure(Class<?> sample) {
        EngineExecutionResults results = Samples.execute(sample);
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertEquals(List.of(), seen("customized"), "no sandbox was attempted");
        assertEquals(List.of(), seen("ran"));
        return failures(results.testEvents()).get(0);
    }

    @Test
    void withoutPodmanATestThatNeedsASandboxFailsWithTheHint() {
        EngineExecutionResults results = Samples.execute(NoEngineSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).aborted(0));
        SandboxStartException failure = assertInstanceOf(SandboxStartException.class,
            failures(results.testEvents()).get(0));
        PodmanConnectionException cause = assertInstanceOf(PodmanConnectionException.class, failure.getCause());
        assertFalse(cause.hint().isEmpty());
        assertTrue(failure.getMessage().endsWith("(" + cause.hint() + ")"), failure.getMessage());
        assertTrue(failure.getMessage().contains("nonexistent/mino-junit-test"), failure.getMessage());
    }

    @Test
    void withoutPodmanATestMayAskToBeSkippedInstead() {
        EngineExecutionResults results = Samples.execute(SkippedWithoutEngineSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1).failed(0));
        Throwable reason = assertInstanceOf(TestAbortedException.class, aborts(results.testEvents()).get(0));
        assertTrue(reason.getMessage().contains("no Podman for the sandbox of field 'sandbox' of "
            + "SkippedWithoutEngineSample (disabledWithoutPodman = true)"), reason.getMessage());
        assertEquals(List.of(), seen("ran"));
        // Its temporary project was made (the customizer saw it) and is gone again.
        Path folder = Path.of(seen("project").get(0));
        assertFalse(Files.exists(folder), folder.toString());
    }

    @Test
    void withoutPodmanAClassWithASharedSandboxMayBeSkippedWhole() {
        EngineExecutionResults results = Samples.execute(SkippedClassSample.class);

        results.testEvents().assertStatistics(stats -> stats.started(0).failed(0));
        results.containerEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertEquals(List.of(), seen("ran"));
    }

    // ----- The samples: run only through Samples.execute. -----

    /** Points the sandbox at an engine that is not there, and records what the customizer saw. */
    static final class NoEngine implements SandboxCustomizer {
        @Override
        public void customize(SandboxBuilder builder, ExtensionContext context) {
            see("customized", context.getDisplayName());
            see("project", builder.build().project().toString());
            builder.engine(NO_ENGINE);
        }
    }

    static class BadImageSample {
        @MinoSandbox(image = "Not A Valid Image!", customizer = NoEngine.class)
        Sandbox sandbox;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class BadEnvSample {
        @MinoSandbox(image = "localhost/tools:1.0", env = "GREETING", customizer = NoEngine.class)
        Sandbox sandbox;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class FirstFieldGood {
        @MinoSandbox(image = "localhost/tools:1.0", customizer = NoEngine.class)
        Sandbox good;
    }

    static class SecondFieldBadSample extends FirstFieldGood {
        @MinoSandbox(image = "Not A Valid Image!", customizer = NoEngine.class)
        Sandbox bad;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class StringFieldSample {
        @MinoSandbox(image = "localhost/tools:1.0", customizer = NoEngine.class)
        String notASandbox;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class FinalFieldSample {
        @MinoSandbox(image = "localhost/tools:1.0", customizer = NoEngine.class)
        final Sandbox sandbox = null;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class ObjectParameterSample {
        @Test
        void neverRuns(@MinoSandbox(image = "localhost/tools:1.0", customizer = NoEngine.class) Object sandbox) {
            see("ran", "yes");
        }
    }

    static class NoEngineSample {
        @MinoSandbox(image = "localhost/tools:1.0", customizer = NoEngine.class)
        Sandbox sandbox;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class SkippedWithoutEngineSample {
        @MinoSandbox(image = "localhost/tools:1.0", project = MinoSandbox.Project.TEMPORARY,
            customizer = NoEngine.class, disabledWithoutPodman = true)
        Sandbox sandbox;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }
    }

    static class SkippedClassSample {
        @MinoSandbox(image = "localhost/tools:1.0", customizer = NoEngine.class, disabledWithoutPodman = true)
        static Sandbox shared;

        @Test
        void neverRuns() {
            see("ran", "yes");
        }

        @Test
        void norThis() {
            see("ran", "yes");
        }
    }
}
