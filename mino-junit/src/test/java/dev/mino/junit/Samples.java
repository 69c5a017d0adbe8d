package dev.mino.junit;

import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.testing.TestPodman;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * What the tests of this module share with the sample test classes they run through JUnit's
 * {@link EngineTestKit}: the samples record what they saw here (one run at a time), and the tests
 * read it after the run.
 */
final class Samples {
    /** The label key every sample sandbox carries, so that a test can ask Podman for all of a run's. */
    static final String RUN_LABEL = "mino-junit-test-run";

    /** What the samples of the current run saw, by what they saw it of: container ids, outputs. */
    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    /** The value of {@link #RUN_LABEL} for the current run. */
    static volatile String run = "none";

    private Samples() {
    }

    /** Records a value under a key, for the test that runs the sample. */
    static void see(String key, String value) {
        SEEN.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    /** What was recorded under a key, in order. */
    static List<String> seen(String key) {
        return SEEN.getOrDefault(key, List.of());
    }

    /** Runs one sample class on the Jupiter engine, with a fresh record and run label. */
    static EngineExecutionResults execute(Class<?> sample, Map<String, String> configuration) {
        SEEN.clear();
        run = sample.getSimpleName() + "-" + Long.toHexString(System.nanoTime());
        return EngineTestKit.engine("junit-jupiter")
            .selectors(DiscoverySelectors.selectClass(sample))
            .configurationParameters(configuration)
            .execute();
    }

    /** Runs one sample class on the Jupiter engine. */
    static EngineExecutionResults execute(Class<?> sample) {
        return execute(sample, Map.of());
    }

    /** The exceptions of the failed events among these. */
    static List<Throwable> failures(Events events) {
        return events.failed().stream().map(Samples::throwable).toList();
    }

    /** The exceptions of the aborted (skipped by assumption) events among these. */
    static List<Throwable> aborts(Events events) {
        return events.aborted().stream().map(Samples::throwable).toList();
    }

    private static Throwable throwable(Event event) {
        return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** Whether the container still exists on the test engine. */
    static boolean exists(String containerId) {
        try (var client = TestPodman.newClient()) {
            return client.containers().exists(containerId);
        }
    }

    /** How many containers, running or not, carry the current run's label. */
    static int containersOfRun() {
        try (var client = TestPodman.newClient()) {
            return client.containers().list(Filters.labels(Map.of(RUN_LABEL, run)), true)
                .size();
        }
    }

    /** Labels the sandbox with the current run, and records that it was asked to and the project folder. */
    static final class Labelled implements SandboxCustomizer {
        @Override
        public void customize(SandboxBuilder builder, ExtensionContext context) {
            see("customized", context.getDisplayName());
            builder.label(RUN_LABEL, run);
            see("project", builder.build().project().toString());
        }
    }
}
