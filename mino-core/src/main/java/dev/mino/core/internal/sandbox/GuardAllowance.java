package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanException;
import dev.mino.core.internal.podman.ExecApi;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import dev.mino.core.text.DisplayText;
import dev.mino.network.EgressGuard;
import dev.mino.network.NetworkRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Opens one more destination in a running egress guard: {@link EgressGuard#allowCommand} exec'd in
 * the firewall container (the guard's control socket is there, out of the sandbox's reach), which
 * returns once the guard has put the rule in place.
 */
final class GuardAllowance {
    private static final String STOPPED_HINT = "check that the sandbox is still running; once its firewall has "
        + "stopped, the sandbox has no network and must be started again";

    private GuardAllowance() {
    }

    /**
     * @throws MinoException when the firewall container does not run the guard any more, or the
     *     guard refused; the message holds the guard's own explanation, escaped
     */
    static void open(PodmanClient client, String firewallId, String session, NetworkRule rule) {
        ExecApi.ExecConfig config = new ExecApi.ExecConfig(EgressGuard.allowCommand(rule), null, null, null, false,
            false, true, true);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            String execId = client.exec().create(firewallId, config);
            try (HijackedStream exec = client.exec().start(execId, false)) {
                StreamDemultiplexer.copy(exec.output(), OutputStream.nullOutputStream(), err);
            }
            code = client.exec().inspect(execId).exitCode();
        } catch (PodmanException e) {
            throw new MinoException("the egress firewall of sandbox " + session + " could not open " + rule + ": "
                + e.getMessage(), STOPPED_HINT);
        } catch (IOException e) {
            throw new MinoException("the egress firewall of sandbox " + session + " did not answer while opening "
                + rule + ": " + e.getMessage(), STOPPED_HINT);
        }
        if (code != 0) {
            String detail = DisplayText.escape(err.toString(StandardCharsets.UTF_8).strip());
            throw new MinoException("the egress firewall of sandbox " + session + " did not open " + rule
                + " (exit " + code + (detail.isEmpty() ? "" : ": " + detail) + ")",
                code == EgressGuard.EXIT_ALLOW_FAILED ? STOPPED_HINT
                    : "the firewall image must run the egress guard (python3 and nft); run with -v for details");
        }
    }
}
