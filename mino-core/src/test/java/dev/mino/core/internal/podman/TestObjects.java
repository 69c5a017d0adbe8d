package dev.mino.core.internal.podman;

import java.util.Map;
import java.util.UUID;

/**
 * Names and labels for the Podman objects integration tests create: every one has a unique name
 * and the label {@code dev.mino.test=true}, so that tests never touch anything they did not make.
 */
final class TestObjects {
    static final String TEST_LABEL = "dev.mino.test";

    private TestObjects() {
    }

    /** A name no other test run uses, for example {@code mino-it-vol-1a2b3c4d5e6f}. */
    static String uniqueName(String kind) {
        return "mino-it-" + kind + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The test label plus one that only this run's objects carry, to list exactly them. */
    static Map<String, String> labels(String run) {
        return Map.of(TEST_LABEL, "true", "dev.mino.test.run", run);
    }
}
