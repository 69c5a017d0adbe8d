package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.credentials.CredentialLoader;
import dev.mino.core.internal.events.StepMessages;
import dev.mino.core.internal.events.StepTimer;
import dev.mino.network.EgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed events, and how a listener written for the string methods still hears them. */
class MinoEventTest {
    private static final String TOKEN = "ghp_S3cr3tT0kenValue0123456789abcdefABCD";

    /** A listener that only knows the string methods, as listeners written before the events did. */
    private static final class StringListener implements SandboxListener {
        final List<String> heard = new ArrayList<>();

        @Override
        public void onProgress(String message) {
            heard.add("progress " + message);
        }

        @Override
        public void onBuildOutput(String line) {
            heard.add("build " + line);
        }

        @Override
        public void onWarning(String message) {
            heard.add("warning " + message);
        }

        @Override
        public void onWarning(String code, String message) {
            heard.add("coded " + code + " " + message);
        }

        @Override
        public void onEgressEvent(EgressEvent event) {
            heard.add("egress " + event.describe());
        }
    }

    @Test
    void theDefaultOnEventPassesEachEventToTheStringMethodItHadBefore() {
        StringListener listener = new StringListener();
        EgressEvent blocked = new EgressEvent.ConnectionBlocked(Instant.EPOCH, "tcp", "10.0.0.7", 8080);
        listener.onEvent(MinoEvent.ProgressStep.started(MinoEvent.Step.CREATE_CONTAINER, "Creating container mino-x"));
        listener.onEvent(new MinoEvent.ProgressStep(MinoEvent.Step.CREATE_CONTAINER, MinoEvent.Phase.FINISHED,
            "Creating container mino-x", Duration.ofMillis(40)));
        listener.onEvent(new MinoEvent.BuildOutput("STEP 1/2: FROM base"));
        listener.onEvent(new MinoEvent.Warning(null, "plain"));
        listener.onEvent(new MinoEvent.Warning(WarningCodes.LIMITS_NOT_ENFORCED, "limits"));
        listener.onEvent(new MinoEvent.Egress("s", blocked));
        listener.onEvent(new MinoEvent.CredentialsIssued("github", List.of("GITHUB_TOKEN"), null));
        listener.onEvent(new MinoEvent.SandboxExited("s", 3));
        assertEquals(List.of("progress Creating container mino-x", "build STEP 1/2: FROM base", "warning plain",
            "coded " + WarningCodes.LIMITS_NOT_ENFORCED + " limits", "egress blocked tcp 10.0.0.7:8080"),
            listener.heard, "a step's end, credentials and the exit have no string method: not passed on");
    }

    @Test
    void aCodedWarningReachesTheOneArgumentMethodOfAListenerThatKnowsNoCodes() {
        List<String> heard = new ArrayList<>();
        SandboxListener listener = new SandboxListener() {
            @Override
            public void onWarning(String message) {
                heard.add(message);
            }
        };
        listener.onEvent(new MinoEvent.Warning(WarningCodes.GITHUB_NO_TOKEN, "no token"));
        assertEquals(List.of("no token"), heard);
        // Positive control: NONE hears everything and does nothing.
        SandboxListener.NONE.onEvent(new MinoEvent.Warning(null, "x"));
    }

    @Test
    void buildOutputReadsStepsAndBookkeeping() {
        Optional<MinoEvent.BuildStep> step = new MinoEvent.BuildOutput("STEP 2/7: RUN make").step();
        assertEquals(Optional.of(new MinoEvent.BuildStep(2, 7, "RUN make")), step);
        assertTrue(new MinoEvent.BuildOutput("installing things").step().isEmpty());
        assertTrue(new MinoEvent.BuildOutput("STEP 99999999999/2: RUN x").step().isEmpty(), "no overflow");
        assertTrue(new MinoEvent.BuildOutput("--> 3f2a9c").bookkeeping());
        assertTrue(new MinoEvent.BuildOutput("---> 3f2a9c").bookkeeping());
        assertTrue(new MinoEvent.BuildOutput("COMMIT mino-composed-abc").bookkeeping());
        assertTrue(new MinoEvent.BuildOutput("   ").bookkeeping());
        assertFalse(new MinoEvent.BuildOutput("Setting up python3").bookkeeping());
    }

    @Test
    void eventsValidateTheirParts() {
        assertThrows(IllegalArgumentException.class, () -> new MinoEvent.ProgressStep(MinoEvent.Step.ENGINE,
            MinoEvent.Phase.FINISHED, "x", Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new MinoEvent.Warning("code", null));
        assertThrows(NullPointerException.class, () -> new MinoEvent.SandboxExited(null, 0));
        assertEquals("create-container", MinoEvent.Step.CREATE_CONTAINER.id());
        assertEquals(java.util.OptionalInt.empty(), new MinoEvent.SandboxExited("s", null).exit());
    }

    @Test
    void aTimedStepStartsThenEndsWithANonNegativeDurationAndAFailureIsToldAsSuch() {
        List<MinoEvent> events = new ArrayList<>();
        SandboxListener listener = SandboxListener.of(events::add);
        String result = StepTimer.run(listener, MinoEvent.Step.PULL_IMAGE, "Pulling x", () -> "id");
        assertEquals("id", result);
        assertThrows(IllegalStateException.class, () -> StepTimer.run(listener, MinoEvent.Step.BUILD_IMAGE,
            "Building y", (Runnable) () -> {
                throw new IllegalStateException("boom");
            }));
        List<MinoEvent.Phase> phases = events.stream().map(e -> ((MinoEvent.ProgressStep) e).phase()).toList();
        assertEquals(List.of(MinoEvent.Phase.STARTED, MinoEvent.Phase.FINISHED, MinoEvent.Phase.STARTED,
            MinoEvent.Phase.FAILED), phases);
        events.forEach(e -> assertFalse(((MinoEvent.ProgressStep) e).elapsed().isNegative()));
        assertEquals(MinoEvent.Step.BUILD_IMAGE, ((MinoEvent.ProgressStep) events.get(3)).step());
    }

    @Test
    void aStepThatSaysNothingIsNeverToldAndOneThatSpeaksIsEndedOnce() {
        List<MinoEvent> events = new ArrayList<>();
        StepMessages silent = new StepMessages(SandboxListener.of(events::add), MinoEvent.Step.ENGINE);
        silent.finish();
        silent.fail();
        assertTrue(events.isEmpty(), events.toString());
        StepMessages vm = new StepMessages(SandboxListener.of(events::add), MinoEvent.Step.ENGINE);
        vm.accept("Starting the OrbStack VM");
        vm.accept("Installing Podman");
        vm.finish();
        vm.fail();
        assertEquals(List.of(MinoEvent.Phase.STARTED, MinoEvent.Phase.STARTED, MinoEvent.Phase.FINISHED),
            events.stream().map(e -> ((MinoEvent.ProgressStep) e).phase()).toList());
    }

    /** Attack: a credential's value must never reach any event, nor its {@code toString()}. */
    @Test
    void noEventEverHoldsACredentialsValue() {
        IssuedCredential credential = new IssuedCredential("github", Map.of("GITHUB_TOKEN", TOKEN, "GH_TOKEN", TOKEN),
            Map.of("GITHUB_HOST", "github.com"), Instant.parse("2026-12-03T12:00:00Z"));
        MinoEvent.CredentialsIssued event = CredentialLoader.issuedEvent(credential);
        assertEquals("github", event.provider());
        assertEquals(Optional.of(Instant.parse("2026-12-03T12:00:00Z")), event.expiry());
        assertTrue(event.variables().containsAll(List.of("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_HOST")), event.toString());
        assertFalse(event.toString().contains(TOKEN), event.toString());
        // Positive control: the credential itself does hold the value the event must not.
        assertTrue(credential.secrets().containsValue(TOKEN));
    }
}
