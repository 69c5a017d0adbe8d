package dev.mino.core.config;

import java.util.List;
import java.util.Map;

/**
 * Decides whether a command may talk to a user, as upstream mino does: only when both stdin and
 * stdout are terminals and no CI system is detected. The library itself never asks; this helps
 * a CLI decide whether to pass a {@link TrustPrompt}.
 */
public final class NonInteractive {

    /** Variables whose presence (with any value, even empty) means a CI system runs the command. */
    public static final List<String> CI_VARIABLES = List.of(
        "CI", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL", "BUILDKITE",
        "TEAMCITY_VERSION", "TF_BUILD");

    private NonInteractive() {
    }

    /**
     * Whether the command must not prompt.
     *
     * @param environment the environment variables
     * @param stdinTty whether standard input is a terminal
     * @param stdoutTty whether standard output is a terminal
     * @return true when non-interactive: a stream is not a terminal or a CI variable is set
     */
    public static boolean detect(Map<String, String> environment, boolean stdinTty, boolean stdoutTty) {
        if (!stdinTty || !stdoutTty) {
            return true;
        }
        return CI_VARIABLES.stream().anyMatch(environment::containsKey);
    }
}
