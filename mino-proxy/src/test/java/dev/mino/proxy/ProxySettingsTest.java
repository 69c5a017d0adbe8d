package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {
    @Test
    void defaultsAndRequiredSettings() throws Exception {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> ProxySettings.builder().build());
        assertTrue(missing.getMessage().contains("listenSocket upstream serverTls"), missing.getMessage());
        ProxySettings settings = ProxySettings.builder()
            .listenSocket(Path.of("/run/x/proxy.sock"))
            .upstream(Upstream.direct())
            .serverTls(SSLContext.getDefault())
            .build();
        assertEquals(SSLContext.getDefault(), settings.upstreamTls());
        assertEquals(8L * 1024 * 1024, settings.maxBodyBytes());
        assertEquals(Duration.ofMinutes(10), settings.idleTimeout());
        assertTrue(settings.swaps().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> settings.swaps().add(null));
    }

    @Test
    void boundsAreChecked() {
        ProxySettings.Builder builder = ProxySettings.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.maxBodyBytes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxBodyBytes(2L * 1024 * 1024 * 1024));
        assertThrows(IllegalArgumentException.class, () -> builder.idleTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.handshakeTimeout(Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> builder.maxConnections(0));
        assertThrows(NullPointerException.class, () -> builder.swap(null));
        assertThrows(IllegalArgumentException.class, () -> Upstream.relay(Path.of("/x"), Duration.ZERO));
    }
}
