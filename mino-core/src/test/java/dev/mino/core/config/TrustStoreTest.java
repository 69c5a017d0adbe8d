package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.read;
import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

    @TempDir
    Path temp;

    @Test
    void contentHashIsSha256Hex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            TrustStore.contentHash("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void trustsExactlyTheBytesRecorded() {
        Path config = write(temp.resolve("p/.mino.toml"), "x = 1\n");
        TrustStore store = TrustStore.inStateDirectory(temp.resolve("state"));
        byte[] bytes = "x = 1\n".getBytes(StandardCharsets.UTF_8);

        assertFalse(store.isTrusted(config, bytes));
        store.trust(config, bytes);

        assertTrue(store.isTrusted(config, bytes));
        assertFalse(store.isTrusted(config, "x = 1 \n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(store.isTrusted(temp.resolve("other/.mino.toml"), bytes));
        assertTrue(new TrustStore(store.file()).isTrusted(config, bytes), "persisted");
    }

    @Test
    void writesUpstreamsFormat() throws Exception {
        Path config = write(temp.resolve("p/.mino.toml"), "");
        Clock clock = Clock.fixed(Instant.parse("2026-03-24T09:15:02.123Z"), ZoneOffset.UTC);
        TrustStore store = new TrustStore(temp.resolve("state/trusted_configs.json"), clock);

        store.trust(config, new byte[0]);

        String text = read(store.file());
        JsonNode tree = new ObjectMapper().readTree(text);
        JsonNode entry = tree.get("entries").get(config.toRealPath().toString());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            entry.get("content_hash").asText());
        assertEquals("2026-03-24T09:15:02.123+00:00", entry.get("trusted_at").asText());
        assertTrue(text.startsWith("{\n  \"entries\": {\n    \""), text);
    }

    @Test
    void keepsOtherEntriesWhenTrustingAnotherFile() {
        Path a = write(temp.resolve("a/.mino.toml"), "");
        Path b = write(temp.resolve("b/.mino.toml"), "");
        TrustStore store = TrustStore.inStateDirectory(temp.resolve("state"));

        store.trust(a, new byte[] {1});
        store.trust(b, new byte[] {2});

        assertTrue(store.isTrusted(a, new byte[] {1}));
        assertTrue(store.isTrusted(b, new byte[] {2}));
    }

    @Test
    void corruptStoreIsEmptyWithAWarning() {
        Path file = write(temp.resolve("trusted_configs.json"), "{\"entries\": []}");
        TrustStore store = new TrustStore(file);

        assertFalse(store.isTrusted(temp.resolve(".mino.toml"), new byte[0]));

        List<String> warnings = store.warnings();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("Corrupt trust store at " + file + ", treating as empty: "));
    }

    @Test
    void missingStoreIsEmptyWithoutWarnings() {
        TrustStore store = new TrustStore(temp.resolve("none.json"));

        assertFalse(store.isTrusted(temp.resolve(".mino.toml"), new byte[0]));
        assertEquals(List.of(), store.warnings());
    }

    @Test
    void trustKeyFallsBackToTheAbsolutePathForMissingFiles() {
        assertEquals(temp.resolve("missing/.mino.toml").toString(),
            TrustStore.trustKey(temp.resolve("missing/../missing/.mino.toml")));
    }
}
