package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LeafCertificatesTest {
    private static final Instant START = Instant.parse("2026-12-03T16:00:00Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final KeyPair authorityKeys = EcKeys.generate(random);
    private final X509Certificate authority = Certificates.authority(authorityKeys, START, random);
    private final ManualClock clock = new ManualClock();
    private final LeafCertificates leaves = new LeafCertificates(authority, authorityKeys.getPrivate(), clock);

    @Test
    void oneHostGetsOneCertificateUntilItNearsItsEnd() {
        Leaf first = leaves.forHost("api.github.test");
        assertSame(first, leaves.forHost("API.github.test"));
        assertEquals(START.plus(Duration.ofDays(7)), first.notAfter());

        clock.now = START.plus(Duration.ofDays(5)).plus(Duration.ofHours(23));
        assertSame(first, leaves.forHost("api.github.test"), "more than a day left: kept");

        clock.now = START.plus(Duration.ofDays(6)).plus(Duration.ofMinutes(1));
        Leaf second = leaves.forHost("api.github.test");
        assertNotEquals(first.alias(), second.alias(), "within a day of its end: minted anew");
        assertEquals(clock.now.plus(Duration.ofDays(7)), second.notAfter());
        // A handshake that chose the old alias just before still finds its chain and key.
        assertSame(first, leaves.byAlias(first.alias()).orElseThrow());
        assertSame(second, leaves.byAlias(second.alias()).orElseThrow());
        assertTrue(leaves.byAlias("api.github.test#0").isEmpty());
        assertTrue(leaves.byAlias("other.test#1").isEmpty());
    }

    @Test
    void aLeafNeverOutlivesItsAuthority() {
        clock.now = authority.getNotAfter().toInstant().minus(Duration.ofDays(3));
        Leaf leaf = leaves.forHost("late.test");
        assertEquals(authority.getNotAfter().toInstant(), leaf.notAfter());
    }

    @Test
    void concurrentHandshakesForOneHostShareOneCertificate() throws Exception {
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        Set<String> aliases = ConcurrentHashMap.newKeySet();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    aliases.add(leaves.forHost("same.test").alias());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(1, aliases.size());
    }

    @Test
    void theCacheIsBoundedAgainstASandboxNamingEverNewHosts() {
        for (int i = 0; i < LeafCertificates.MAX_HOSTS + 20; i++) {
            leaves.forHost("h" + i + ".test");
        }
        assertEquals(LeafCertificates.MAX_HOSTS, leaves.size());
        Leaf last = leaves.forHost("last.test");
        assertSame(last, leaves.byAlias(last.alias()).orElseThrow(), "the newest stays");
        assertEquals(LeafCertificates.MAX_HOSTS, leaves.size());
    }
}
