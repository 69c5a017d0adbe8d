package dev.mino.core;

import dev.mino.network.EgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something that happened while a sandbox was prepared or ran, as a {@link SandboxListener} hears
 * it through {@link SandboxListener#onEvent(MinoEvent)}: a step of the start and how long it took,
 * a line of an image build, a warning with its stable code, what the egress guard reported, the
 * credentials a sandbox got, the end of its command. Every event is a small immutable value, so a
 * caller can keep, compare or hand it to another thread.
 *
 * <p>No event ever holds a credential's value: {@link CredentialsIssued} names the provider and
 * the expiry, and the {@code toString()} of every event is safe to log. Texts that come from the
 * engine or the sandboxed command (build lines, names in egress events) are as they were sent:
 * escape them before showing them on a terminal.
 */
public sealed interface MinoEvent permits MinoEvent.ProgressStep, MinoEvent.BuildOutput, MinoEvent.Warning,
    MinoEvent.Egress, MinoEvent.CredentialsIssued, MinoEvent.CredentialUsed, MinoEvent.SandboxExited {

    /**
     * The steps a start goes through, each with an identifier that never changes (while the
     * message of a step may be reworded).
     */
    enum Step {
        /** Finding the engine, or making an OrbStack VM ready. */
        ENGINE,
        /** Pulling an image the start needs (the base image of a composition, say). */
        PULL_IMAGE,
        /** Building an image composed of toolchain layers, or finding it built. */
        BUILD_IMAGE,
        /** Building mino's firewall image, or finding it pinned. */
        FIREWALL_IMAGE,
        /** Starting the egress firewall of an allowlisted sandbox and waiting for its rules. */
        FIREWALL,
        /** Creating the sandbox's container. */
        CREATE_CONTAINER,
        /** Starting the sandbox's container. */
        START_CONTAINER,
        /** Stopping a sandbox (told by callers that stop one, such as a CLI). */
        STOP_SANDBOX;

        /** The identifier in lower case with dashes, for example {@code create-container}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where a step is. */
    enum Phase {
        /**
         * The step began (or, for a step that reports as it goes, such as making a VM ready, it
         * has a new message).
         */
        STARTED,
        /** The step ended well. */
        FINISHED,
        /** The step ended with an error, which the start then throws. */
        FAILED
    }

    /**
     * A step of a start began or ended. The steps of one start come in order, each
     * {@link Phase#STARTED} followed by its {@link Phase#FINISHED} or {@link Phase#FAILED} before
     * the next step starts.
     *
     * @param step which step
     * @param phase began, ended well or failed
     * @param message what the step does, for a person, for example {@code Creating container mino-x}
     * @param elapsed how long the step took (measured with a monotonic clock); zero when it started
     */
    record ProgressStep(Step step, Phase phase, String message, Duration elapsed) implements MinoEvent {
        /** Checks that no part is missing and that the duration is not negative. */
        public ProgressStep {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(elapsed, "elapsed");
            if (elapsed.isNegative()) {
                throw new IllegalArgumentException("elapsed must not be negative: " + elapsed);
            }
        }

        /**
         * A step that begins now.
         *
         * @param step which step
         * @param message what it does
         * @return the event
         */
        public static ProgressStep started(Step step, String message) {
            return new ProgressStep(step, Phase.STARTED, message, Duration.ZERO);
        }
    }

    /**
     * One line of an image build or pull, as the engine reports it.
     *
     * @param line the line, without its line end
     */
    record BuildOutput(String line) implements MinoEvent {
        private static final Pattern STEP = Pattern.compile("STEP (\\d{1,9})/(\\d{1,9}): (.*)");

        /** Checks that the line is there. */
        public BuildOutput {
            Objects.requireNonNull(line, "line");
        }

        /**
         * The build step this line announces, when it is a {@code STEP n/m: <instruction>} line.
         *
         * @return the step, or empty for any other line
         */
        public Optional<BuildStep> step() {
            Matcher m = STEP.matcher(line.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new BuildStep(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        }

        /**
         * Whether the line is empty or the build's own bookkeeping (lines such as
         * {@code --> 3f2a...}, {@code COMMIT ...} or {@code Removing intermediate container}),
         * which nobody needs to see.
         *
         * @return true for such a line
         */
        public boolean bookkeeping() {
            String s = line.strip();
            return s.isEmpty() || s.startsWith("--->") || s.startsWith("-->") || s.startsWith("Removing intermediate")
                || s.startsWith("COMMIT");
        }
    }

    /**
     * One step of an image build.
     *
     * @param number which step, from 1
     * @param total how many steps the build has
     * @param instruction the Containerfile instruction, for example {@code RUN make}
     */
    record BuildStep(int number, int total, String instruction) {
        /** Checks that the instruction is there. */
        public BuildStep {
            Objects.requireNonNull(instruction, "instruction");
        }
    }

    /**
     * Something the user should know that does not stop the sandbox.
     *
     * @param code the warning's stable code (one of {@link WarningCodes}), or null for a warning
     *     of no particular kind; some coded warnings (about the host) come once per {@link Mino}
     *     (and engine, or message), as their code's description says
     * @param message the warning, for a person
     */
    record Warning(String code, String message) implements MinoEvent {
        /** Checks that the message is there. */
        public Warning {
            Objects.requireNonNull(message, "message");
        }

        /**
         * The code, when the warning has one.
         *
         * @return the code
         */
        public Optional<String> codeIfAny() {
            return Optional.ofNullable(code);
        }
    }

    /**
     * What the egress guard of an allowlisted sandbox reported: mostly denials (a refused name, a
     * blocked connection), also a destination opened while the sandbox runs.
     *
     * @param session the sandbox's session name
     * @param event what the guard reported
     */
    record Egress(String session, EgressEvent event) implements MinoEvent {
        /** Checks that no part is missing. */
        public Egress {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(event, "event");
        }

        /**
         * Whether this is a denial (a refused name or a blocked connection).
         *
         * @return true for a denial
         */
        public boolean denied() {
            return event.denied();
        }
    }

    /**
     * A credential provider gave the sandbox its credentials. Never holds their values, only who
     * gave them and until when they work.
     *
     * @param provider the provider's name, such as {@code github} or {@code aws}
     * @param variables the names of the environment variables the sandbox gets (secret ones are
     *     delivered as files, never as env the engine shows)
     * @param expiresAt when the credentials stop working, or null when unknown
     */
    record CredentialsIssued(String provider, java.util.List<String> variables, Instant expiresAt)
        implements MinoEvent {
        /** Checks that the provider is there and copies the names. */
        public CredentialsIssued {
            Objects.requireNonNull(provider, "provider");
            variables = java.util.List.copyOf(variables);
        }

        /**
         * When the credentials expire, if known.
         *
         * @return the expiry
         */
        public Optional<Instant> expiry() {
            return Optional.ofNullable(expiresAt);
        }
    }

    /**
     * mino's credential proxy put a real credential into a request from a sandbox that holds
     * placeholders: the audit record of one swap. Never holds the credential, the placeholder, the
     * query string or any header value.
     *
     * @param session the sandbox's session name
     * @param provider the provider whose credential was used, such as {@code github} or {@code aws}
     * @param host the host the request went to
     * @param method the request's method
     * @param path the request's path, without its query
     * @param at when the swap happened
     */
    record CredentialUsed(String session, String provider, String host, String method, String path, Instant at)
        implements MinoEvent {
        /** Checks that no part is missing. */
        public CredentialUsed {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The sandbox's command ended, or the sandbox was closed before it was seen to end.
     *
     * @param session the sandbox's session name
     * @param exitCode the command's exit code (0-255; 128 + n for signal n), or null when the
     *     sandbox was closed (or the engine lost) before the end was seen
     */
    record SandboxExited(String session, Integer exitCode) implements MinoEvent {
        /** Checks that the session is there. */
        public SandboxExited {
            Objects.requireNonNull(session, "session");
        }

        /**
         * The exit code, when known.
         *
         * @return the exit code
         */
        public OptionalInt exit() {
            return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
        }
    }
}
