package dev.mino.core.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether a {@link RequiresPodman} test runs: it runs when Podman answers; otherwise it is
 * skipped with the reason printed, or, in CI ({@link TestPodman#inCi()}), it fails before its first
 * test.
 */
final class PodmanAvailability implements ExecutionCondition, BeforeAllCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        TestPodman.Probe probe = TestPodman.result();
        if (probe.reachable()) {
            return ConditionEvaluationResult.enabled("Podman " + probe.apiVersion() + " at " + probe.address().uri());
        }
        if (TestPodman.inCi()) {
            // Run it, so that beforeAll fails it: CI must not go green by skipping.
            return ConditionEvaluationResult.enabled("in CI (CI=" + System.getenv("CI") + "): Podman is required");
        }
        if (context.getTestMethod().isEmpty()) {
            // Printed on purpose: Surefire's summary shows only a count of skipped tests.
            System.err.println("[mino] SKIPPED " + context.getDisplayName()
                + " (integration test without Podman): " + probe.problem());
        }
        return ConditionEvaluationResult.disabled("integration test without Podman: " + probe.problem());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestPodman.Probe probe = TestPodman.result();
        if (!probe.reachable()) {
            throw new AssertionError("in CI (CI=" + System.getenv("CI") + ") this integration test needs Podman, but "
                + probe.problem());
        }
    }
}
