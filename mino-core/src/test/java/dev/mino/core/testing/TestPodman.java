package dev.mino.core.testing;

import dev.mino.core.MinoException;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.nio.file.Files;
import java.time.Duration;

/**
 * The Podman service the integration tests use: the one {@code CONTAINER_HOST} names
 * ({@code scripts/test-podman.sh} sets one up and prints the value). Probed once per JVM.
 */
public final class TestPodman {
    /** The image with a static busybox and a developer user (uid 1000) that the setup script imports. */
    public static final String BUSYBOX_IMAGE = "localhost/mino-test-busybox:latest";
    /** The Debian minbase image with iptables, nft, python3, dnsmasq, capsh and netcat (the setup script's). */
    public static final String DEBIAN_IMAGE = "localhost/mino-test-debian:latest";

    private static final Probe PROBE = probe();

    private TestPodman() {
    }

    /** The outcome of looking for Podman: either an address that answered, or why not. */
    record Probe(EngineAddress address, String apiVersion, String problem) {
        boolean reachable() {
            return problem == null;
        }
    }

    static Probe result() {
        return PROBE;
    }

    /**
     * True when this run is in CI, where missing Podman (or anything else a test needs) is a
     * failure rather than a skip: {@code CI} is set to a true-ish value, as CI services set it.
     */
    public static boolean inCi() {
        return isTrueish(System.getenv("CI"));
    }

    /** {@code 1}, {@code true}, {@code yes} or {@code on}, in any case and with surrounding blanks. */
    static boolean isTrueish(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    /** The address of the test Podman; only call from a {@link RequiresPodman} test. */
    public static EngineAddress address() {
        if (!PROBE.reachable()) {
            throw new IllegalStateException(PROBE.problem());
        }
        return PROBE.address();
    }

    /** A new client of the test Podman; the caller closes it. */
    public static PodmanClient newClient() {
        return PodmanClient.create(address(), Duration.ofSeconds(60));
    }

    private static Probe probe() {
        String value = System.getenv("CONTAINER_HOST");
        if (value == null || value.isBlank()) {
            return new Probe(null, null, "CONTAINER_HOST is not set; run 'sudo bash scripts/test-podman.sh' "
                + "and export CONTAINER_HOST to the value it prints");
        }
        EngineAddress address;
        try {
            address = EngineAddress.parse(value);
        } catch (MinoException e) {
            return new Probe(null, null, "CONTAINER_HOST is unusable: " + e.describe());
        }
        if (address instanceof EngineAddress.Unix unix && !Files.exists(unix.socket())) {
            return new Probe(address, null, "CONTAINER_HOST=" + value + " but " + unix.socket()
                + " does not exist; is 'podman system service' running?");
        }
        try (PodmanClient client = PodmanClient.create(address, Duration.ofSeconds(10))) {
            return new Probe(address, client.ping(), null);
        } catch (MinoException e) {
            return new Probe(address, null, "CONTAINER_HOST=" + value + " does not answer: " + e.describe());
        }
    }
}
