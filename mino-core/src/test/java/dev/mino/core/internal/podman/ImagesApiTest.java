package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagesApiTest {
    private static final Map<String, String> LABELS = Map.of("dev.mino.test", "true", "expr", "a=b", "empty", "");

    @Test
    void aKeyValueConditionNeedsThatValue() {
        assertTrue(ImagesApi.hasLabel(LABELS, "dev.mino.test=true"));
        assertFalse(ImagesApi.hasLabel(LABELS, "dev.mino.test=false"));
        assertFalse(ImagesApi.hasLabel(LABELS, "other=true"));
    }

    @Test
    void onlyTheFirstEqualsSignSplitsKeyFromValue() {
        assertTrue(ImagesApi.hasLabel(LABELS, "expr=a=b"));
        assertFalse(ImagesApi.hasLabel(LABELS, "expr=a"));
    }

    @Test
    void aBareKeyNeedsTheLabelWithAnyValue() {
        assertTrue(ImagesApi.hasLabel(LABELS, "dev.mino.test"));
        assertTrue(ImagesApi.hasLabel(LABELS, "empty"));
        assertTrue(ImagesApi.hasLabel(LABELS, "empty="));
        assertFalse(ImagesApi.hasLabel(LABELS, "other"));
    }
}
