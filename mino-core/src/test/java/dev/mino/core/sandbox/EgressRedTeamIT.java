package dev.mino.core.sandbox;

import static dev.mino.core.testing.EgressTestbed.API;
import static dev.mino.core.testing.EgressTestbed.PORT;
import static dev.mino.core.testing.EgressTestbed.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.testing.EgressProbe;
import dev.mino.core.testing.RequiresPodman;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks on the egress guard by a hostile sandboxed command, on the real Podman, beyond those
 * {@link EgressContainmentIT} proves: each one that once got something out is kept here as a
 * regression test, with a control that the same setup works where it should. The attacks are
 * {@code egress-attacks.py} beside this class.
 */
@RequiresPodman
@Timeout(180)
class EgressRedTeamIT extends EgressTestBase {
    private static final String ATTACKS = load();

    EgressRedTeamIT() {
        super("redteam");
    }

    private static String attack(Sandbox sb, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-I", "-c", ATTACKS));
        command.addAll(List.of(args));
        ExecResult result = sb.exec(command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.stdout() + result.stderr());
        return result.stdout().strip();
    }

    /**
     * The guard's own query to the upstream leaves a connection-tracking entry behind it for half a
     * minute. A sandbox that sends from the same local port to the same upstream would match that
     * entry as "established" and pass without the guard's mark: a DNS tunnel through the upstream.
     * The control: the guard asked the upstream for the allowed name just before.
     */
    @Test
    void aQueryFromThePortOfTheGuardsOwnUpstreamQueryDoesNotRideItsConnectionTracking() {
        String secret = "conntrack-" + bed.network().run() + "." + ZONE;
        try (Sandbox sb = guarded(API + ":" + PORT).start()) {
            String answer = attack(sb, "reuse", bed.upstream().ipv4(), API, secret);
            assertTrue(answer.startsWith("held guard-rcode 0 sent 0"), answer);
        }
        assertTrue(bed.upstream().sawQueryFor(API), "the control: the guard asked the upstream");
        assertFalse(bed.upstream().sawQueryFor(secret), bed.upstream().queriesSeen().toString());
    }

    private static String load() {
        try (InputStream in = EgressRedTeamIT.class.getResourceAsStream("egress-attacks.py")) {
            if (in == null) {
                throw new IllegalStateException("egress-attacks.py is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
